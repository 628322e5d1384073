import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildZip, patchZipFile, renameEntry, type ZipEntrySpec } from '../../../test/zip-fixtures.js';
import { AppError, errorBody, localiseFields } from '../../platform/http/errors.js';
import { PackageInvalidError, readCoursePackage, type PackageLimits } from './read-package.js';

let work: string;
let zipPath: string;
let outParent: string;
let dest: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'lectern-package-'));
  zipPath = path.join(work, 'upload.zip');
  outParent = path.join(work, 'packages');
  dest = path.join(outParent, 'course-1');
  await mkdir(outParent);
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const manifest12 = (href: string, files = '') => `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xml:base="course/">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="O"><organization identifier="O"><title>Erste Hilfe</title>
    <item identifier="I1" identifierref="R1" parameters="?a=1"><title>Lektion</title><adlcp:masteryscore>70</adlcp:masteryscore></item>
  </organization></organizations>
  <resources xml:base="content/">
    <resource identifier="R1" type="webcontent" adlcp:scormtype="sco" href="${href}">${files}</resource>
  </resources>
</manifest>`;

async function zipOf(entries: ZipEntrySpec[]): Promise<void> {
  await buildZip(zipPath, entries);
}

async function invalidReport(limits: Partial<PackageLimits> = {}): Promise<PackageInvalidError> {
  const error = await readCoursePackage(zipPath, dest, limits).then(
    () => new Error('the package was accepted'),
    (e: unknown) => e,
  );
  if (!(error instanceof PackageInvalidError)) throw error;
  expect(error.code).toBe('LEARN_PACKAGE_INVALID');
  return error;
}

async function expectNothingLeftBehind(): Promise<void> {
  expect(existsSync(dest)).toBe(false);
  expect(await readdir(outParent)).toEqual([]);
}

describe('readCoursePackage', () => {
  it('unpacks a valid SCORM 1.2 package and returns its manifest, report and files', async () => {
    await zipOf([
      { name: 'imsmanifest.xml', data: manifest12('index.html?lang=de', '<file href="index.html"/><file href="api.js"/>') },
      { name: 'course/content/index.html', data: '<html>Lektion</html>' },
      { name: 'course/content/api.js', data: 'findAPI(window);' },
    ]);
    const result = await readCoursePackage(zipPath, dest);
    expect(result.report).toEqual({ errors: [], warnings: [] });
    expect(result.manifest.title).toBe('Erste Hilfe');
    expect(result.manifest.organizations[0]!.items[0]).toMatchObject({
      launchHref: 'course/content/index.html?lang=de&a=1',
      launchPath: 'course/content/index.html',
      masteryScore: 70,
    });
    expect(result.files.map((f) => f.path).sort()).toEqual(['course/content/api.js', 'course/content/index.html', 'imsmanifest.xml']);
    expect(await readFile(path.join(dest, 'course/content/index.html'), 'utf8')).toBe('<html>Lektion</html>');
    expect(await readdir(outParent)).toEqual(['course-1']);
  });

  it('imports with a warning when a listed file other than the launch file is missing', async () => {
    await zipOf([
      { name: 'imsmanifest.xml', data: manifest12('index.html', '<file href="index.html"/><file href="media/video.mp4"/>') },
      { name: 'course/content/index.html', data: 'x' },
    ]);
    const result = await readCoursePackage(zipPath, dest);
    expect(result.report.warnings).toEqual([
      expect.objectContaining({ code: 'LEARN_MANIFEST_FILE_MISSING', where: 'resource R1', detail: 'course/content/media/video.mp4' }),
    ]);
    expect(existsSync(dest)).toBe(true);
  });

  it('refuses a package whose launch file is missing, naming a file that differs only in case', async () => {
    await zipOf([
      { name: 'imsmanifest.xml', data: manifest12('index.html') },
      { name: 'course/content/Index.html', data: 'x' },
    ]);
    const error = await invalidReport();
    expect(error.report.errors).toEqual([
      expect.objectContaining({
        code: 'LEARN_MANIFEST_LAUNCH_MISSING',
        where: 'item I1',
        detail: 'course/content/index.html',
        message: expect.objectContaining({ de: expect.stringMatching(/ Das Zip-Archiv enthält course\/content\/Index\.html\.$/) }),
      }),
    ]);
    await expectNothingLeftBehind();
  });

  describe('a zip of the course folder itself', () => {
    it('imports a zip whose only top-level entry is the folder holding imsmanifest.xml, as if zipped from inside it', async () => {
      await zipOf([
        { name: 'Mein Kurs', directory: true },
        { name: 'Mein Kurs/imsmanifest.xml', data: manifest12('index.html') },
        { name: 'Mein Kurs/course/content/index.html', data: '<html>Lektion</html>' },
        // What macOS Finder adds beside the folder; never part of the package.
        { name: '__MACOSX/Mein Kurs/._imsmanifest.xml', data: 'resource fork' },
      ]);
      const result = await readCoursePackage(zipPath, dest);
      expect(result.report.errors).toEqual([]);
      expect(result.manifest.organizations[0]!.items[0]!.launchPath).toBe('course/content/index.html');
      expect(result.files.map((f) => f.path).sort()).toEqual(['course/content/index.html', 'imsmanifest.xml']);
      expect(await readFile(path.join(dest, 'course/content/index.html'), 'utf8')).toBe('<html>Lektion</html>');
      expect(await readdir(dest)).toEqual(['course', 'imsmanifest.xml']);
    });

    it('keeps every zip check for the folder: a name that climbs out, duplicates, the depth limit', async () => {
      const inFolder = (extra: ZipEntrySpec[]) => zipOf([{ name: 'Kurs/imsmanifest.xml', data: manifest12('index.html') }, { name: 'Kurs/course/content/index.html', data: 'x' }, ...extra]);
      await inFolder([{ name: 'Kurs/xx/evil.txt', data: 'pwned' }]);
      await patchZipFile(zipPath, (zip) => renameEntry(zip, 'Kurs/xx/evil.txt', 'Kurs/../../e.txt'));
      expect(await readCoursePackage(zipPath, dest).catch((e: unknown) => (e as AppError).code)).toBe('LEARN_ZIP_PATH_TRAVERSAL');
      await expectNothingLeftBehind();
      expect(existsSync(path.join(work, 'e.txt'))).toBe(false);

      await inFolder([{ name: 'Kurs/Course/content/index.html', data: 'y' }]);
      expect(await readCoursePackage(zipPath, dest).catch((e: unknown) => (e as AppError).code)).toBe('LEARN_ZIP_DUPLICATE_NAME');
      await expectNothingLeftBehind();

      await inFolder([{ name: 'Kurs/a/b/c.html', data: 'z' }]);
      expect(await readCoursePackage(zipPath, dest, { maxPathDepth: 3 }).catch((e: unknown) => (e as AppError).code)).toBe('LEARN_ZIP_PATH_TOO_LONG');
      await expectNothingLeftBehind();
    });

    it('refuses a manifest deeper than the one top folder, or in one of several top folders, naming where it is', async () => {
      await zipOf([
        { name: 'export/Mein Kurs/imsmanifest.xml', data: manifest12('index.html') },
        { name: 'export/Mein Kurs/course/content/index.html', data: 'x' },
      ]);
      expect((await invalidReport()).report.errors).toEqual([
        expect.objectContaining({ code: 'LEARN_PACKAGE_MANIFEST_TOO_DEEP', where: 'zip', detail: 'export/Mein Kurs/imsmanifest.xml' }),
      ]);
      await expectNothingLeftBehind();

      await zipOf([
        { name: 'Kurs/imsmanifest.xml', data: manifest12('index.html') },
        { name: 'Kurs/course/content/index.html', data: 'x' },
        { name: 'Anhang/notes.txt', data: 'x' },
      ]);
      expect((await invalidReport()).report.errors).toEqual([expect.objectContaining({ code: 'LEARN_PACKAGE_MANIFEST_TOO_DEEP', detail: 'Kurs/imsmanifest.xml' })]);
      await expectNothingLeftBehind();
    });
  });

  describe('packages of other formats are told which format they are', () => {
    it('AICC (.crs, .au, .des, .cst), not imported, is refused with its own code naming the file', async () => {
      await zipOf(['course.au', 'course.crs', 'course.des', 'course.cst'].map((name) => ({ name, data: '[Course]' })));
      const error = await readCoursePackage(zipPath, dest).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('LEARN_PACKAGE_AICC');
      expect((error as AppError).fields).toEqual([{ field: 'file', value: 'course.au' }]);
      await expectNothingLeftBehind();
    });

    const imported: { name: string; entries: ZipEntrySpec[]; code: string }[] = [
      { name: 'xAPI (tincan.xml)', entries: [{ name: 'tincan.xml', data: '<tincan/>' }, { name: 'story.html', data: 'x' }], code: 'LEARN_TINCAN_NO_LAUNCH' },
      { name: 'xAPI in the one top folder', entries: [{ name: 'Kurs/TinCan.xml', data: '<tincan/>' }, { name: 'Kurs/story.html', data: 'x' }], code: 'LEARN_TINCAN_NO_LAUNCH' },
      { name: 'cmi5 (cmi5.xml)', entries: [{ name: 'cmi5.xml', data: '<courseStructure/>' }, { name: 'au/index.html', data: 'x' }], code: 'LEARN_CMI5_NO_COURSE' },
    ];
    for (const { name, entries, code } of imported) {
      it(`${name} is read as its format: a broken descriptor is refused by that format's rules`, async () => {
        await zipOf(entries);
        expect((await invalidReport()).report.errors).toEqual([expect.objectContaining({ code })]);
        await expectNothingLeftBehind();
      });
    }

    it('a zip with none of them is refused as having no manifest', async () => {
      await zipOf([{ name: 'index.html', data: 'x' }]);
      expect((await invalidReport()).report.errors).toEqual([expect.objectContaining({ code: 'LEARN_PACKAGE_NO_MANIFEST', where: 'zip' })]);
      await expectNothingLeftBehind();
    });

    it('a SCORM package that also carries a tincan.xml is a SCORM package', async () => {
      await zipOf([
        { name: 'imsmanifest.xml', data: manifest12('index.html') },
        { name: 'tincan.xml', data: '<tincan/>' },
        { name: 'course/content/index.html', data: 'x' },
      ]);
      expect((await readCoursePackage(zipPath, dest)).manifest.title).toBe('Erste Hilfe');
    });
  });

  it('refuses a manifest with a DOCTYPE and an external entity (XXE)', async () => {
    const xxe = manifest12('index.html').replace('<manifest', '<!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<manifest').replace('Erste Hilfe', '&xxe;');
    await zipOf([
      { name: 'imsmanifest.xml', data: xxe },
      { name: 'course/content/index.html', data: 'x' },
    ]);
    const error = await invalidReport();
    expect(error.report.errors.map((e) => e.code)).toEqual(['LEARN_MANIFEST_DOCTYPE']);
    await expectNothingLeftBehind();
  });

  it('refuses a billion-laughs manifest', async () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const bomb = manifest12('index.html').replace('<manifest', `<!DOCTYPE manifest [<!ENTITY lol0 "lol">${entities}]>\n<manifest`).replace('Erste Hilfe', '&lol9;');
    await zipOf([
      { name: 'imsmanifest.xml', data: bomb },
      { name: 'course/content/index.html', data: 'x' },
    ]);
    const error = await invalidReport();
    expect(error.report.errors.map((e) => e.code)).toEqual(['LEARN_MANIFEST_DOCTYPE']);
    await expectNothingLeftBehind();
  });

  it('refuses a manifest whose launch href leads outside the package', async () => {
    await zipOf([
      { name: 'imsmanifest.xml', data: manifest12('../../../outside.html') },
      { name: 'course/content/index.html', data: 'x' },
    ]);
    const error = await invalidReport();
    expect(error.report.errors.map((e) => e.code)).toEqual(['LEARN_MANIFEST_OUTSIDE_PACKAGE', 'LEARN_MANIFEST_NO_CONTENT']);
    await expectNothingLeftBehind();
    expect(existsSync(path.join(work, 'outside.html'))).toBe(false);
  });

  it('refuses a manifest larger than its limit', async () => {
    await zipOf([
      { name: 'imsmanifest.xml', data: manifest12('index.html') },
      { name: 'course/content/index.html', data: 'x' },
    ]);
    const error = await invalidReport({ maxManifestBytes: 100 });
    expect(error.report.errors).toEqual([expect.objectContaining({ code: 'LEARN_MANIFEST_TOO_LARGE' })]);
    await expectNothingLeftBehind();
  });

  it('reads a cmi5 course structure uploaded alone, and tells one over its limit that it is too large', async () => {
    const structure = `<courseStructure><course id="https://x.test/c"/><au id="https://x.test/a"><url>https://au.x.test/index.html</url></au></courseStructure>`;
    await writeFile(zipPath, structure);
    expect(await readCoursePackage(zipPath, dest)).toMatchObject({ format: 'cmi5', files: [] });
    await rm(dest, { recursive: true, force: true });
    const error = await invalidReport({ maxManifestBytes: 50 });
    expect(error.report.errors).toEqual([expect.objectContaining({ code: 'LEARN_CMI5_TOO_LARGE' })]);
    await expectNothingLeftBehind();
  });

  it('passes zip refusals through with their own code, leaving nothing behind', async () => {
    await zipOf([
      { name: 'imsmanifest.xml', data: manifest12('index.html') },
      { name: 'course/content/index.html', data: 'x' },
      { name: 'xx/evil.txt', data: 'pwned' },
    ]);
    await patchZipFile(zipPath, (zip) => renameEntry(zip, 'xx/evil.txt', '../evil.txt'));
    const error = await readCoursePackage(zipPath, dest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('LEARN_ZIP_PATH_TRAVERSAL');
    await expectNothingLeftBehind();
    expect(existsSync(path.join(work, 'evil.txt'))).toBe(false);
  });

  it('gives the client every error and warning in its language, as fields of LEARN_PACKAGE_INVALID', async () => {
    await zipOf([
      { name: 'imsmanifest.xml', data: manifest12('start.html', '<file href="extra.css"/>') },
      { name: 'course/content/index.html', data: 'x' },
    ]);
    const error = await invalidReport();
    expect(error.status).toBe(400);
    const body = errorBody(error.code, 'de', 'req-1', localiseFields(error.code, error.fields ?? [], 'de'));
    expect(body.error.message).toBe('Das Paket enthält Fehler und wurde nicht importiert. Jeder Fehler ist aufgeführt.');
    expect(body.error.fields).toEqual([
      { field: 'error LEARN_MANIFEST_LAUNCH_MISSING (item I1)', message: 'Eine im Manifest genannte Startdatei ist nicht im Zip-Archiv. course/content/start.html' },
      { field: 'warning LEARN_MANIFEST_FILE_MISSING (resource R1)', message: 'Eine im Manifest aufgeführte Datei ist nicht im Zip-Archiv. course/content/extra.css' },
    ]);
  });
});
