import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../platform/http/index.js';
import { parseManifest } from './manifest.js';
import type { PackageManifest, ValidationReport } from './manifest.types.js';
import { checkPackageFiles } from './package-files.js';
import { packageRootOf, type PackageRoot } from './package-root.js';
import { checkCmi5Files, checkStandaloneCmi5, cmi5PackageManifest, parseCmi5Xml, type Cmi5PackageManifest } from './cmi5-xml.js';
import { checkTincanFiles, parseTincanXml, xapiPackageManifest, type XapiPackageManifest } from './tincan-xml.js';
import { unpackInto, type UnpackedFile } from './safe-unzip.js';
import { withStagingDir } from './staging-dir.js';
import { parseXmlDocument } from './xml-document.js';
import { reportFields, ReportBuilder } from './validation-report.js';
import { resolveZipLimits, type ZipLimits } from './zip-limits.js';

export interface PackageLimits extends ZipLimits {
  /** imsmanifest.xml is read whole, so it has a limit of its own. */
  maxManifestBytes: number;
}

export const DEFAULT_MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

export interface ScormPackage {
  manifest: PackageManifest;
  /** No errors (those throw); the warnings to show the uploader. */
  report: ValidationReport;
  files: UnpackedFile[];
}

/** A package whose validation report has errors; `report` holds all of it, `fields` the same for the client. */
export class PackageInvalidError extends AppError {
  constructor(readonly report: ValidationReport) {
    super('LEARN_PACKAGE_INVALID', reportFields(report));
  }
}

/**
 * Unpacks an uploaded SCORM zip into `destDir` (which must not exist) and reads its manifest.
 * A zip of the course folder itself (one top folder holding imsmanifest.xml) is unpacked from
 * inside that folder; a zip of another format (xAPI, cmi5, AICC) is refused with its own code.
 * The package appears at `destDir` only when it is valid: a refused zip throws its
 * `LEARN_ZIP_*` AppError, a package with errors in its report throws PackageInvalidError
 * (`LEARN_PACKAGE_INVALID`), and either way no file or folder is left behind.
 */
export async function readScormPackage(zipPath: string, destDir: string, limits: Partial<PackageLimits> = {}): Promise<ScormPackage> {
  const { maxManifestBytes = DEFAULT_MAX_MANIFEST_BYTES, ...zipLimits } = limits;
  const resolvedZipLimits = resolveZipLimits(zipLimits);
  return withStagingDir(destDir, async (stagingDir) => {
    const { files } = await unpackInto(zipPath, stagingDir, resolvedZipLimits, { rootFolder: scormPackageFolder });
    return readScormManifest(stagingDir, files, maxManifestBytes);
  });
}

/** An xAPI ("Tin Can API") package: its tincan.xml's course activity, as a package of one item. */
export interface XapiPackage {
  manifest: XapiPackageManifest;
  report: ValidationReport;
  files: UnpackedFile[];
}

/** A cmi5 package: its cmi5.xml's course, blocks and AUs. */
export interface Cmi5Package {
  manifest: Cmi5PackageManifest;
  report: ValidationReport;
  files: UnpackedFile[];
}

export type CoursePackage = ({ format: 'scorm' } & ScormPackage) | ({ format: 'xapi' } & XapiPackage) | ({ format: 'cmi5' } & Cmi5Package);

/**
 * Unpacks an uploaded course zip of any format Lectern imports, told apart by its content: a
 * SCORM package (imsmanifest.xml) or an xAPI package (tincan.xml and no imsmanifest.xml), at the
 * top level of the zip or in its only folder. The same limits, checks and guarantees as
 * readScormPackage: a refused zip leaves nothing behind.
 */
export async function readCoursePackage(zipPath: string, destDir: string, limits: Partial<PackageLimits> = {}): Promise<CoursePackage> {
  const { maxManifestBytes = DEFAULT_MAX_MANIFEST_BYTES, ...zipLimits } = limits;
  const resolvedZipLimits = resolveZipLimits(zipLimits);
  return withStagingDir(destDir, async (stagingDir) => {
    // A cmi5 course structure may come alone, as its XML document (cmi5 14.2): a course of AUs elsewhere.
    const structure = await standaloneCourseStructure(zipPath, maxManifestBytes);
    if (structure) return { format: 'cmi5' as const, ...readStandaloneCmi5(structure) };
    const found: { format: 'scorm' | 'xapi' | 'cmi5' } = { format: 'scorm' };
    const rootFolder = (filePaths: readonly string[]): string => {
      const root = packageRootOf(filePaths);
      if (root.kind === 'other' && (root.format === 'xapi' || root.format === 'cmi5')) {
        found.format = root.format;
        return root.file.slice(0, root.file.length - (root.format === 'xapi' ? 'tincan.xml' : 'cmi5.xml').length);
      }
      return folderOfScormRoot(root);
    };
    const { files } = await unpackInto(zipPath, stagingDir, resolvedZipLimits, { rootFolder });
    if (found.format === 'xapi') return { format: 'xapi' as const, ...(await readTincan(stagingDir, files, maxManifestBytes)) };
    if (found.format === 'cmi5') return { format: 'cmi5' as const, ...(await readCmi5(stagingDir, files, maxManifestBytes)) };
    return { format: 'scorm' as const, ...(await readScormManifest(stagingDir, files, maxManifestBytes)) };
  });
}

/**
 * A cmi5 course structure sent alone (cmi5 14.2): an XML document whose element is courseStructure,
 * its bytes; null for anything else (a zip, or a file that is neither, refused as no zip).
 */
async function standaloneCourseStructure(file: string, maxBytes: number): Promise<Buffer | null> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (!/^(\uFEFF)?\s*<[?!a-zA-Z]/.test(head.subarray(0, bytesRead).toString('utf8'))) return null;
  } finally {
    await handle.close();
  }
  if ((await stat(file)).size > maxBytes) return null;
  const bytes = await readFile(file);
  const parsed = parseXmlDocument(bytes);
  return parsed.ok && parsed.root.local === 'courseStructure' ? bytes : null;
}

/** A cmi5.xml uploaded alone: read as in a zip, with every AU elsewhere (an absolute URL) and no files. */
function readStandaloneCmi5(bytes: Buffer): Cmi5Package {
  const reading = parseCmi5Xml(bytes);
  const report = new ReportBuilder(reading.report);
  if (reading.course) checkStandaloneCmi5(reading.course, report);
  if (!reading.course || report.hasErrors) throw new PackageInvalidError(report.report);
  return { manifest: cmi5PackageManifest(reading.course), report: report.report, files: [] };
}

async function readTincan(stagingDir: string, files: UnpackedFile[], maxBytes: number): Promise<XapiPackage> {
  const tincanFile = files.find((file) => file.path.toLowerCase() === 'tincan.xml');
  if (!tincanFile) throw invalid((report) => report.error('LEARN_TINCAN_NO_LAUNCH', 'zip'));
  if (tincanFile.size > maxBytes) {
    throw invalid((report) =>
      report.error('LEARN_TINCAN_TOO_LARGE', 'tincan.xml', undefined, { en: `${tincanFile.size} bytes, at most ${maxBytes}.`, de: `${tincanFile.size} Bytes, höchstens ${maxBytes}.` }),
    );
  }
  const reading = parseTincanXml(await readFile(path.join(stagingDir, tincanFile.path)));
  const report = new ReportBuilder(reading.report);
  if (reading.course) checkTincanFiles(reading.course, files.map((file) => file.path), report);
  if (!reading.course || report.hasErrors) throw new PackageInvalidError(report.report);
  return { manifest: xapiPackageManifest(reading.course), report: report.report, files };
}

async function readCmi5(stagingDir: string, files: UnpackedFile[], maxBytes: number): Promise<Cmi5Package> {
  const structureFile = files.find((file) => file.path.toLowerCase() === 'cmi5.xml');
  if (!structureFile) throw invalid((report) => report.error('LEARN_CMI5_NO_COURSE', 'zip'));
  if (structureFile.size > maxBytes) {
    throw invalid((report) =>
      report.error('LEARN_CMI5_TOO_LARGE', 'cmi5.xml', undefined, { en: `${structureFile.size} bytes, at most ${maxBytes}.`, de: `${structureFile.size} Bytes, höchstens ${maxBytes}.` }),
    );
  }
  const reading = parseCmi5Xml(await readFile(path.join(stagingDir, structureFile.path)));
  const report = new ReportBuilder(reading.report);
  if (reading.course) checkCmi5Files(reading.course, files.map((file) => file.path), report);
  if (!reading.course || report.hasErrors) throw new PackageInvalidError(report.report);
  return { manifest: cmi5PackageManifest(reading.course), report: report.report, files };
}

async function readScormManifest(stagingDir: string, files: UnpackedFile[], maxManifestBytes: number): Promise<ScormPackage> {
  const manifestFile = files.find((file) => file.path === 'imsmanifest.xml') ?? files.find((file) => file.path.toLowerCase() === 'imsmanifest.xml');
  if (!manifestFile) throw invalid((report) => report.error('LEARN_PACKAGE_NO_MANIFEST', 'zip'));
  if (manifestFile.size > maxManifestBytes) {
    throw invalid((report) =>
      report.error('LEARN_MANIFEST_TOO_LARGE', 'imsmanifest.xml', undefined, {
        en: `${manifestFile.size} bytes, at most ${maxManifestBytes}.`,
        de: `${manifestFile.size} Bytes, höchstens ${maxManifestBytes}.`,
      }),
    );
  }
  const reading = parseManifest(await readFile(path.join(stagingDir, manifestFile.path)));
  const report = new ReportBuilder(reading.report);
  if (reading.manifest) checkPackageFiles(reading.manifest, files.map((file) => file.path), report);
  if (!reading.manifest || report.hasErrors) throw new PackageInvalidError(report.report);
  return { manifest: reading.manifest, report: report.report, files };
}

const OTHER_FORMAT_ERRORS = { xapi: 'LEARN_PACKAGE_XAPI', cmi5: 'LEARN_PACKAGE_CMI5', aicc: 'LEARN_PACKAGE_AICC' } as const;

/** The folder of the zip that holds the SCORM package; refuses, before anything is unpacked, a zip that holds none. */
function scormPackageFolder(filePaths: readonly string[]): string {
  return folderOfScormRoot(packageRootOf(filePaths));
}

function folderOfScormRoot(root: PackageRoot): string {
  switch (root.kind) {
    case 'scorm':
      return root.folder;
    case 'other':
      throw new AppError(OTHER_FORMAT_ERRORS[root.format], [{ field: 'file', value: root.file }]);
    case 'manifest-too-deep':
      throw invalid((report) => report.error('LEARN_PACKAGE_MANIFEST_TOO_DEEP', 'zip', root.manifest));
    case 'no-manifest':
      throw invalid((report) => report.error('LEARN_PACKAGE_NO_MANIFEST', 'zip'));
  }
}

function invalid(fill: (report: ReportBuilder) => void): PackageInvalidError {
  const report = new ReportBuilder();
  fill(report);
  return new PackageInvalidError(report.report);
}
