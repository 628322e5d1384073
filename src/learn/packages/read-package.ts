import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../platform/http/index.js';
import { parseManifest } from './manifest.js';
import type { PackageManifest, ValidationReport } from './manifest.types.js';
import { checkPackageFiles } from './package-files.js';
import { packageRootOf, type PackageRoot } from './package-root.js';
import { checkCmi5Files, checkStandaloneCmi5, cmi5PackageManifest, parseCmi5Xml, readCourseStructure, type Cmi5PackageManifest } from './cmi5-xml.js';
import { checkTincanFiles, parseTincanXml, xapiPackageManifest, type XapiPackageManifest } from './tincan-xml.js';
import { unpackInto, type UnpackedFile } from './safe-unzip.js';
import { withStagingDir } from './staging-dir.js';
import { parseXmlDocument, type XmlElement } from './xml-document.js';
import type { PackageErrorCode } from './packages.errors.js';
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
 * Unpacks an uploaded course package into `destDir` (which must not exist) and reads it, its
 * format told apart by its content: a SCORM package (imsmanifest.xml), an xAPI package (tincan.xml
 * and no imsmanifest.xml) or a cmi5 package (cmi5.xml), at the top level of the zip or in its only
 * folder, or a cmi5 course structure uploaded alone; an AICC package is refused with its own code.
 * The package appears at `destDir` only when it is valid: a refused zip throws its `LEARN_ZIP_*`
 * AppError, a package with errors in its report throws PackageInvalidError
 * (`LEARN_PACKAGE_INVALID`), and either way no file or folder is left behind.
 */
export async function readCoursePackage(zipPath: string, destDir: string, limits: Partial<PackageLimits> = {}): Promise<CoursePackage> {
  const { maxManifestBytes = DEFAULT_MAX_MANIFEST_BYTES, ...zipLimits } = limits;
  const resolvedZipLimits = resolveZipLimits(zipLimits);
  return withStagingDir(destDir, async (stagingDir) => {
    // A cmi5 course structure may come alone, as its XML document (cmi5 14.2): a course of AUs elsewhere.
    const standalone = await standaloneCourseStructure(zipPath, maxManifestBytes);
    if (standalone) return { format: 'cmi5' as const, ...readStandaloneCmi5(standalone) };
    const found: { format: 'scorm' | 'xapi' | 'cmi5' } = { format: 'scorm' };
    const rootFolder = (filePaths: readonly string[]): string => {
      const root = packageRootOf(filePaths);
      if (root.kind === 'other' && root.format !== 'aicc') found.format = root.format;
      return packageFolderOf(root);
    };
    const { files } = await unpackInto(zipPath, stagingDir, resolvedZipLimits, { rootFolder });
    if (found.format === 'xapi') return { format: 'xapi' as const, ...(await readTincan(stagingDir, files, maxManifestBytes)) };
    if (found.format === 'cmi5') return { format: 'cmi5' as const, ...(await readCmi5(stagingDir, files, maxManifestBytes)) };
    return { format: 'scorm' as const, ...(await readScormManifest(stagingDir, files, maxManifestBytes)) };
  });
}

/**
 * A cmi5 course structure sent alone (cmi5 14.2): an XML document whose element is courseStructure,
 * parsed; null for anything else (a zip, or a file that is neither, refused as no zip).
 */
async function standaloneCourseStructure(file: string, maxBytes: number): Promise<XmlElement | null> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (!/^(\uFEFF)?\s*<[?!a-zA-Z]/.test(head.subarray(0, bytesRead).toString('utf8'))) return null;
  } finally {
    await handle.close();
  }
  const size = (await stat(file)).size;
  if (size > maxBytes) throw tooLarge('LEARN_CMI5_TOO_LARGE', 'cmi5.xml', size, maxBytes);
  const parsed = parseXmlDocument(await readFile(file));
  return parsed.ok && parsed.root.local === 'courseStructure' ? parsed.root : null;
}

/** A cmi5.xml uploaded alone: read as in a zip, with every AU elsewhere (an absolute URL) and no files. */
function readStandaloneCmi5(root: XmlElement): Cmi5Package {
  const reading = readCourseStructure(root);
  const { value: course, report } = accepted(reading.course, reading.report, checkStandaloneCmi5);
  return { manifest: cmi5PackageManifest(course), report, files: [] };
}

/** A package's descriptor file (imsmanifest.xml, tincan.xml, cmi5.xml), by its name in any case, read whole within its limit. */
async function readDescriptor(
  stagingDir: string,
  files: UnpackedFile[],
  name: string,
  refusals: { missing: PackageErrorCode; tooLarge: PackageErrorCode },
  maxBytes: number,
): Promise<Buffer> {
  const file = files.find((candidate) => candidate.path === name) ?? files.find((candidate) => candidate.path.toLowerCase() === name);
  if (!file) throw invalid((report) => report.error(refusals.missing, 'zip'));
  if (file.size > maxBytes) throw tooLarge(refusals.tooLarge, name, file.size, maxBytes);
  return readFile(path.join(stagingDir, file.path));
}

function tooLarge(code: PackageErrorCode, name: string, size: number, maxBytes: number): PackageInvalidError {
  return invalid((report) => report.error(code, name, undefined, { en: `${size} bytes, at most ${maxBytes}.`, de: `${size} Bytes, höchstens ${maxBytes}.` }));
}

/** A descriptor's reading once the files it names are checked: its value and report, or PackageInvalidError when the report has errors. */
function accepted<T>(value: T | null, reading: ValidationReport, check: (value: T, report: ReportBuilder) => void): { value: T; report: ValidationReport } {
  const report = new ReportBuilder(reading);
  if (value) check(value, report);
  if (!value || report.hasErrors) throw new PackageInvalidError(report.report);
  return { value, report: report.report };
}

async function readTincan(stagingDir: string, files: UnpackedFile[], maxBytes: number): Promise<XapiPackage> {
  const reading = parseTincanXml(await readDescriptor(stagingDir, files, 'tincan.xml', { missing: 'LEARN_TINCAN_NO_LAUNCH', tooLarge: 'LEARN_TINCAN_TOO_LARGE' }, maxBytes));
  const paths = files.map((file) => file.path);
  const { value: course, report } = accepted(reading.course, reading.report, (found, builder) => checkTincanFiles(found, paths, builder));
  return { manifest: xapiPackageManifest(course), report, files };
}

async function readCmi5(stagingDir: string, files: UnpackedFile[], maxBytes: number): Promise<Cmi5Package> {
  const reading = parseCmi5Xml(await readDescriptor(stagingDir, files, 'cmi5.xml', { missing: 'LEARN_CMI5_NO_COURSE', tooLarge: 'LEARN_CMI5_TOO_LARGE' }, maxBytes));
  const paths = files.map((file) => file.path);
  const { value: course, report } = accepted(reading.course, reading.report, (found, builder) => checkCmi5Files(found, paths, builder));
  return { manifest: cmi5PackageManifest(course), report, files };
}

async function readScormManifest(stagingDir: string, files: UnpackedFile[], maxBytes: number): Promise<ScormPackage> {
  const reading = parseManifest(await readDescriptor(stagingDir, files, 'imsmanifest.xml', { missing: 'LEARN_PACKAGE_NO_MANIFEST', tooLarge: 'LEARN_MANIFEST_TOO_LARGE' }, maxBytes));
  const paths = files.map((file) => file.path);
  const { value: manifest, report } = accepted(reading.manifest, reading.report, (found, builder) => checkPackageFiles(found, paths, builder));
  return { manifest, report, files };
}

/**
 * The folder of the zip that holds the package (decided from the zip's file names before anything
 * is unpacked); a zip of a format Lectern does not import, or of none, is refused.
 */
function packageFolderOf(root: PackageRoot): string {
  switch (root.kind) {
    case 'scorm':
      return root.folder;
    case 'other':
      if (root.format === 'aicc') throw new AppError('LEARN_PACKAGE_AICC', [{ field: 'file', value: root.file }]);
      return root.file.slice(0, root.file.length - (root.format === 'xapi' ? 'tincan.xml' : 'cmi5.xml').length);
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
