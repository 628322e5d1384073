import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFaultyTestBlobStore, type PutFaults } from '../../../test/blob-stores.js';
import { createTestDb, engine } from '../../../test/db.js';
import { buildScormPackage, scormPackageEntries } from '../../../test/scorm-packages.js';
import { buildZip, declareUncompressedSize, markEncrypted, patchZipFile, renameEntry, type ZipEntrySpec } from '../../../test/zip-fixtures.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { ReplicatedBlobStore } from '../../platform/storage/replicated-blob-store.js';
import { learnBlobReferences } from './blob-references.js';
import { createLearnTestSite, createPublishToken, learnRowCounts, listFiles, storedVersionFiles, uploadZip, type LearnTestSite } from './courses.test-support.js';
import path from 'node:path';

describe(`package import over HTTP (${engine})`, () => {
  let site: LearnTestSite;
  let store: ReplicatedBlobStore;
  let faults: PutFaults;
  beforeAll(async () => {
    const db = await createTestDb();
    ({ store, faults } = await openFaultyTestBlobStore(db));
    site = await createLearnTestSite('importer', {}, { db, storage: store });
  });
  afterAll(async () => {
    await site.close();
    await store.close();
  });

  it('imports a SCORM 1.2 package as a new draft course named after the manifest, with its files in the store', async () => {
    const zip = await buildScormPackage('1.2', 'Fire safety', [
      { id: 'SCO-1', title: 'Extinguishers' },
      { id: 'SCO-2', title: 'Escape routes' },
    ]);
    const res = await uploadZip(site, zip);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.course).toMatchObject({ title: 'Fire safety', status: 'draft', currentVersion: { version: 1, scormVersion: '1.2' } });
    expect(body.version).toMatchObject({ version: 1, scormVersion: '1.2', title: 'Fire safety', fileCount: 3, current: true, kind: 'scorm' });
    expect(body.warnings).toEqual([]);
    const files = await storedVersionFiles(site, body.version.id);
    expect([...files.keys()]).toEqual(['SCO-1/index.html', 'SCO-2/index.html', 'imsmanifest.xml']);
    expect(files.get('imsmanifest.xml')!.toString()).toContain('Fire safety');
    expect(body.version.sizeBytes).toBe([...files.values()].reduce((sum, bytes) => sum + bytes.length, 0));
    // Nothing is left on the node's disk: the zip and the unpacked files were staging only.
    expect(await listFiles(site.filesDir)).toEqual([]);
    const audit = await site.ctx.db.withTenant(site.tenantId, (tx) =>
      queryRows<{ actor_user_id: string; target_id: string; details: { versionId: string } }>(
        tx,
        sql`select actor_user_id, target_id, details from audit_events where action = 'course.package_imported'`,
      ),
    );
    expect(audit).toContainEqual(expect.objectContaining({ actor_user_id: site.userIds.admin, target_id: body.course.id, details: expect.objectContaining({ versionId: body.version.id }) }));
  });

  it('imports a SCORM 2004 package and reports its warnings without refusing it', async () => {
    const entries = scormPackageEntries('2004', 'Data protection', [{ id: 'SCO-A', title: 'Basics' }]);
    // An unused resource is a warning, not an error.
    const manifest = String(entries[0]!.data).replace('</resources>', '<resource identifier="UNUSED" type="webcontent" adlcp:scormType="asset" href="SCO-A/index.html"/></resources>');
    const zipPath = path.join(site.filesDir, '..', `pkg-${Date.now()}.zip`);
    await buildZip(zipPath, [{ name: 'imsmanifest.xml', data: manifest }, ...entries.slice(1)]);
    const res = await uploadZip(site, zipPath);
    expect(res.statusCode).toBe(201);
    expect(res.json().version.scormVersion).toBe('2004-4th');
    expect(res.json().warnings.map((w: { code: string }) => w.code)).toEqual(['LEARN_MANIFEST_UNUSED_RESOURCE']);
    expect(res.json().version.warnings).toHaveLength(1);
  });

  it('a re-upload makes version 2 current; version 1 stays, with its files, in the version list', async () => {
    const first = (await uploadZip(site, await buildScormPackage('1.2', 'Ladders', [{ id: 'SCO-1', title: 'Lesson' }]))).json();
    const second = await uploadZip(site, await buildScormPackage('1.2', 'Ladders (revised)', [{ id: 'SCO-1', title: 'Lesson' }]), { courseId: first.course.id });
    expect(second.statusCode).toBe(201);
    expect(second.json().version).toMatchObject({ version: 2, current: true, title: 'Ladders (revised)' });
    // The course keeps its own title; the new version brings its manifest title.
    expect(second.json().course).toMatchObject({ id: first.course.id, title: 'Ladders', currentVersion: { id: second.json().version.id, version: 2 } });
    const list = await site.ctx.app.inject({ method: 'GET', url: `/api/learn/courses/${first.course.id}/versions`, headers: { host: site.host, cookie: site.cookies.admin } });
    expect(list.json().versions.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await storedVersionFiles(site, first.version.id)).get('imsmanifest.xml')!.toString()).toContain('Ladders');
    expect((await storedVersionFiles(site, second.json().version.id)).get('imsmanifest.xml')!.toString()).toContain('Ladders (revised)');
  });

  it('an authoring tool publishes with an API token of scope content:publish; other scopes and learners are refused', async () => {
    const zip = await buildScormPackage('1.2', 'Token course', [{ id: 'SCO-1', title: 'One' }]);
    const token = await createPublishToken(site, ['content:publish']);
    const published = await uploadZip(site, zip, { auth: { token } });
    expect(published.statusCode).toBe(201);

    const before = await learnRowCounts(site);
    const readOnly = await createPublishToken(site, ['reports:read']);
    const wrongScope = await uploadZip(site, zip, { auth: { token: readOnly } });
    expect(wrongScope.statusCode).toBe(403);
    expect(wrongScope.json().error.code).toBe('AUTH_TOKEN_SCOPE');

    const learnerToken = await createPublishToken(site, ['content:publish'], site.cookies.learner);
    const learnerByToken = await uploadZip(site, zip, { auth: { token: learnerToken } });
    expect(learnerByToken.json().error.code).toBe('AUTH_FORBIDDEN');
    const learnerBySession = await uploadZip(site, zip, { auth: { cookie: site.cookies.learner } });
    expect(learnerBySession.statusCode).toBe(403);
    expect(learnerBySession.json().error.code).toBe('AUTH_FORBIDDEN');
    const managerBySession = await uploadZip(site, zip, { auth: { cookie: site.cookies.manager } });
    expect(managerBySession.json().error.code).toBe('AUTH_FORBIDDEN');

    const noAuth = await site.ctx.app.inject({ method: 'POST', url: '/api/learn/packages', headers: { host: site.host, 'content-type': 'application/zip' }, payload: await readFile(zip) });
    expect(noAuth.statusCode).toBe(401);
    expect(await learnRowCounts(site)).toEqual(before);
  });

  it('a store that fails in the middle of an import fails it cleanly: no rows, no content files, no blob referenced, nothing on disk', async () => {
    const entries = scormPackageEntries('1.2', 'Half stored', [{ id: 'SCO-1', title: 'One' }]);
    const zipPath = path.join(site.filesDir, '..', `half-${Date.now()}.zip`);
    const extra = Array.from({ length: 6 }, (_, i) => ({ name: `SCO-1/part-${i}.txt`, data: `part ${i} of a course that is stored only in part` }));
    await buildZip(zipPath, [...entries, ...extra]);
    const before = await learnRowCounts(site);
    faults.failPutsAfter(4);
    try {
      const res = await uploadZip(site, zipPath);
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('STORAGE_UNAVAILABLE');
    } finally {
      faults.failPutsAfter(null);
    }
    expect(await learnRowCounts(site)).toEqual(before);
    // Some files did reach the store; nothing refers to them, so the store's collector removes them.
    const hashes = extra.map((file) => createHash('sha256').update(file.data).digest('hex'));
    const stored = (await Promise.all(hashes.map((hash) => site.ctx.storage.head(site.tenantId, hash)))).filter(Boolean);
    expect(stored.length).toBeGreaterThan(0);
    expect(await learnBlobReferences(site.ctx.db)(site.tenantId, hashes)).toEqual(new Set());
    expect(await listFiles(site.filesDir)).toEqual([]);
    // The same package imports once the store takes it.
    expect((await uploadZip(site, zipPath)).statusCode).toBe(201);
    expect(await learnBlobReferences(site.ctx.db)(site.tenantId, hashes)).toEqual(new Set(hashes));
  });

  it('imports a zip of the course folder itself as if zipped from inside it', async () => {
    const zipPath = path.join(site.filesDir, '..', `folder-${Date.now()}.zip`);
    await buildZip(zipPath, scormPackageEntries('1.2', 'Zipped folder', [{ id: 'SCO-1', title: 'One' }]).map((entry) => ({ ...entry, name: `Zipped folder/${entry.name}` })));
    const res = await uploadZip(site, zipPath);
    expect(res.statusCode).toBe(201);
    expect(res.json().version).toMatchObject({ title: 'Zipped folder', fileCount: 2 });
    expect([...(await storedVersionFiles(site, res.json().version.id)).keys()]).toEqual(['SCO-1/index.html', 'imsmanifest.xml']);
  });

  it('tells the uploader in German what is wrong with an xAPI package whose tincan.xml names nothing to launch', async () => {
    const zipPath = path.join(site.filesDir, '..', `xapi-${Date.now()}.zip`);
    await buildZip(zipPath, [{ name: 'Kurs/tincan.xml', data: '<tincan/>' }, { name: 'Kurs/story.html', data: 'x' }]);
    const res = await site.ctx.app.inject({
      method: 'POST',
      url: '/api/learn/packages?fileName=kurs.zip',
      headers: { host: site.host, cookie: site.cookies.admin, 'content-type': 'application/zip', 'accept-language': 'de' },
      payload: await readFile(zipPath),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'LEARN_PACKAGE_INVALID', fields: [{ field: 'error LEARN_TINCAN_NO_LAUNCH (activities)', message: expect.stringMatching(/^tincan\.xml nennt keine startbare Aktivität/) }] });
  });

  it('answers package errors in German to a German request: no raw library text, the report in German', async () => {
    const german = async (zipPath: string) =>
      (
        await site.ctx.app.inject({
          method: 'POST',
          url: '/api/learn/packages',
          headers: { host: site.host, cookie: site.cookies.admin, 'content-type': 'application/zip', 'accept-language': 'de' },
          payload: await readFile(zipPath),
        })
      ).json().error;
    const notAZip = path.join(site.filesDir, '..', `text-${Date.now()}.zip`);
    await writeFile(notAZip, '<html>kein Paket</html>');
    expect(await german(notAZip)).toEqual({ code: 'LEARN_ZIP_NOT_A_ZIP', message: 'Die Datei ist kein Zip-Archiv.', requestId: expect.any(String) });

    const broken = path.join(site.filesDir, '..', `broken-${Date.now()}.zip`);
    const entries = scormPackageEntries('1.2', 'Kaputt', [{ id: 'SCO-1', title: 'Eins' }]);
    entries[0] = { name: 'imsmanifest.xml', data: String(entries[0]!.data).replace('<manifest', '<manifest foo:bar="1"><adlcp:x/') };
    await buildZip(broken, entries);
    const invalid = await german(broken);
    expect(invalid.code).toBe('LEARN_PACKAGE_INVALID');
    expect(invalid.fields).toEqual([{ field: 'error LEARN_MANIFEST_NOT_WELL_FORMED (imsmanifest.xml)', message: expect.stringMatching(/^imsmanifest\.xml ist kein wohlgeformtes XML\. Zeile \d+, Spalte \d+\.$/) }]);
  });

  it('an instructor may upload by session', async () => {
    const res = await uploadZip(site, await buildScormPackage('2004', 'Instructor course', [{ id: 'S', title: 'S' }]), { auth: { cookie: site.cookies.instructor } });
    expect(res.statusCode).toBe(201);
  });

  it('refuses a body that is not a zip content type, an empty body, and an unknown course', async () => {
    const zip = await buildScormPackage('1.2', 'X', [{ id: 'SCO-1', title: 'One' }]);
    const json = await site.ctx.app.inject({ method: 'POST', url: '/api/learn/packages', headers: { host: site.host, cookie: site.cookies.admin }, payload: { zip: 'no' } });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('LEARN_PACKAGE_CONTENT_TYPE');
    const empty = await site.ctx.app.inject({ method: 'POST', url: '/api/learn/packages', headers: { host: site.host, cookie: site.cookies.admin, 'content-type': 'application/zip' }, payload: Buffer.alloc(0) });
    expect(empty.json().error.code).toBe('LEARN_PACKAGE_EMPTY');
    const unknown = await uploadZip(site, zip, { courseId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('LEARN_COURSE_NOT_FOUND');
  });

  it('answers LEARN_PACKAGE_CONTENT_TYPE (415) for any content type but a zip, as documented, and stores nothing', async () => {
    const zip = await buildScormPackage('1.2', 'Wrong type', [{ id: 'SCO-1', title: 'One' }]);
    const rowsBefore = await learnRowCounts(site);
    // A browser form's multipart body, curl --data-binary without -H, plain text, another archive, none at all.
    for (const contentType of ['multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'text/plain', 'application/gzip', undefined]) {
      const res = await site.ctx.app.inject({
        method: 'POST',
        url: '/api/learn/packages',
        headers: { host: site.host, cookie: site.cookies.admin, 'accept-language': 'de', ...(contentType ? { 'content-type': contentType } : {}) },
        payload: await readFile(zip),
      });
      expect(res.statusCode, contentType).toBe(415);
      expect(res.json().error).toMatchObject({ code: 'LEARN_PACKAGE_CONTENT_TYPE', message: 'Senden Sie das Paket als Zip-Datei (Content-Type: application/zip).' });
    }
    expect(await learnRowCounts(site)).toEqual(rowsBefore);
  });

  describe('every refused package answers its own code and leaves no rows, no content files and no files on disk', () => {
    const valid = () => scormPackageEntries('1.2', 'Bad course', [{ id: 'SCO-1', title: 'One' }]);
    const cases: { name: string; code: string; reportCode?: string; build: (zipPath: string) => Promise<void> }[] = [
      {
        name: 'an entry that climbs out with ../',
        code: 'LEARN_ZIP_PATH_TRAVERSAL',
        build: async (zip) => {
          await buildZip(zip, [...valid(), { name: 'xx/evil.txt', data: 'pwned' }]);
          await patchZipFile(zip, (bytes) => renameEntry(bytes, 'xx/evil.txt', '../evil.txt'));
        },
      },
      {
        name: 'an absolute path',
        code: 'LEARN_ZIP_ABSOLUTE_PATH',
        build: async (zip) => {
          await buildZip(zip, [...valid(), { name: 'Xetc/passwd', data: 'root' }]);
          await patchZipFile(zip, (bytes) => renameEntry(bytes, 'Xetc/passwd', '/etc/passwd'));
        },
      },
      { name: 'a symbolic link', code: 'LEARN_ZIP_SYMLINK', build: (zip) => buildZip(zip, [...valid(), { name: 'secrets', data: '/etc/shadow', mode: 0o120777 }]) },
      {
        name: 'an encrypted entry',
        code: 'LEARN_ZIP_ENCRYPTED',
        build: async (zip) => {
          await buildZip(zip, [...valid(), { name: 'locked.html', data: 'secret' }]);
          await patchZipFile(zip, (bytes) => markEncrypted(bytes, 'locked.html'));
        },
      },
      {
        name: 'two names that differ only by case',
        code: 'LEARN_ZIP_DUPLICATE_NAME',
        build: (zip) => buildZip(zip, [...valid(), { name: 'sco-1/INDEX.html', data: 'b' }]),
      },
      { name: 'a zip bomb (5 MB of zeros, > 200:1)', code: 'LEARN_ZIP_RATIO', build: (zip) => buildZip(zip, [...valid(), { name: 'padding.bin', data: Buffer.alloc(5 * 1024 * 1024) }]) },
      {
        name: 'an entry that understates its size',
        code: 'LEARN_ZIP_CORRUPT',
        build: async (zip) => {
          await buildZip(zip, [...valid(), { name: 'small.txt', data: Buffer.alloc(2 * 1024 * 1024, 7) }]);
          await patchZipFile(zip, (bytes) => declareUncompressedSize(bytes, 'small.txt', 1000));
        },
      },
      { name: 'a file that is no zip', code: 'LEARN_ZIP_NOT_A_ZIP', build: (zip) => writeFile(zip, '<html>not a package</html>') },
      {
        name: 'no manifest',
        code: 'LEARN_PACKAGE_INVALID',
        reportCode: 'LEARN_PACKAGE_NO_MANIFEST',
        build: (zip) => buildZip(zip, valid().slice(1)),
      },
      {
        name: 'a manifest two folders down',
        code: 'LEARN_PACKAGE_INVALID',
        reportCode: 'LEARN_PACKAGE_MANIFEST_TOO_DEEP',
        build: (zip) => buildZip(zip, valid().map((entry) => ({ ...entry, name: `export/course/${entry.name}` }))),
      },
      { name: 'an xAPI package without a launchable activity', code: 'LEARN_PACKAGE_INVALID', reportCode: 'LEARN_TINCAN_NO_LAUNCH', build: (zip) => buildZip(zip, [{ name: 'tincan.xml', data: '<tincan/>' }, ...valid().slice(1)]) },
      { name: 'a cmi5 package without a course', code: 'LEARN_PACKAGE_INVALID', reportCode: 'LEARN_CMI5_NO_COURSE', build: (zip) => buildZip(zip, [{ name: 'course/cmi5.xml', data: '<courseStructure/>' }]) },
      { name: 'an AICC package', code: 'LEARN_PACKAGE_AICC', build: (zip) => buildZip(zip, [{ name: 'kurs.crs', data: '[Course]' }, { name: 'kurs.au', data: '[AU]' }]) },
      {
        name: 'a manifest whose launch file is missing',
        code: 'LEARN_PACKAGE_INVALID',
        reportCode: 'LEARN_MANIFEST_LAUNCH_MISSING',
        build: (zip) => buildZip(zip, valid().slice(0, 1)),
      },
      {
        name: 'a manifest with a DOCTYPE (XXE)',
        code: 'LEARN_PACKAGE_INVALID',
        reportCode: 'LEARN_MANIFEST_DOCTYPE',
        build: (zip) => {
          const entries: ZipEntrySpec[] = valid();
          entries[0] = { name: 'imsmanifest.xml', data: String(entries[0]!.data).replace('<manifest', '<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><manifest') };
          return buildZip(zip, entries);
        },
      },
    ];

    for (const testCase of cases) {
      it(`${testCase.name}: ${testCase.reportCode ?? testCase.code}`, async () => {
        const zipPath = path.join(site.filesDir, '..', `bad-${Math.random().toString(36).slice(2)}.zip`);
        await testCase.build(zipPath);
        const rowsBefore = await learnRowCounts(site);
        const filesBefore = await listFiles(site.filesDir);
        for (const courseId of [undefined, (await firstCourseId(site))!]) {
          const res = await uploadZip(site, zipPath, courseId ? { courseId } : {});
          expect(res.statusCode).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          const error = res.json().error;
          expect(error.code).toBe(testCase.code);
          if (testCase.reportCode) expect(error.fields.map((f: { field: string }) => f.field).join('\n')).toContain(testCase.reportCode);
        }
        expect(await learnRowCounts(site)).toEqual(rowsBefore);
        // No staging zip and no half-unpacked folder stays behind either.
        expect(await listFiles(site.filesDir)).toEqual(filesBefore);
      });
    }
  });
});

describe(`package size limit (${engine})`, () => {
  let site: LearnTestSite;
  beforeAll(async () => {
    site = await createLearnTestSite('small', { LECTERN_PACKAGE_MAX_BYTES: String(1024 * 1024) });
  });
  afterAll(async () => {
    await site.close();
  });

  it('a package larger than LECTERN_PACKAGE_MAX_BYTES is refused with LEARN_PACKAGE_TOO_LARGE, by its length or while streaming', async () => {
    const zipPath = path.join(site.filesDir, '..', `big-${Date.now()}.zip`);
    const random = Buffer.alloc(1100 * 1024);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + (i >> 8) * 104729) & 0xff;
    await buildZip(zipPath, [...scormPackageEntries('1.2', 'Big', [{ id: 'SCO-1', title: 'One' }]), { name: 'media.bin', data: random, compress: false }]);
    const res = await uploadZip(site, zipPath);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('LEARN_PACKAGE_TOO_LARGE');

    // Without a Content-Length (chunked transfer encoding) the limit applies while the bytes arrive.
    const { Readable } = await import('node:stream');
    const bytes = await readFile(zipPath);
    const streamed = await site.ctx.app.inject({
      method: 'POST',
      url: '/api/learn/packages',
      headers: { host: site.host, cookie: site.cookies.admin, 'content-type': 'application/zip' },
      payload: Readable.from([bytes.subarray(0, 600_000), bytes.subarray(600_000)]),
    });
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json().error.code).toBe('LEARN_PACKAGE_TOO_LARGE');
    expect(await learnRowCounts(site)).toEqual({ courses: 0, items: 0, versions: 0, files: 0 });
    expect(await listFiles(site.filesDir)).toEqual([]);

    const session = await site.ctx.app.inject({
      method: 'POST',
      url: '/api/learn/package-uploads',
      headers: { host: site.host, cookie: site.cookies.admin },
      payload: { fileName: 'big.zip', totalBytes: bytes.length },
    });
    expect(session.statusCode).toBe(413);
    expect(session.json().error.code).toBe('LEARN_PACKAGE_TOO_LARGE');
  });
});

async function firstCourseId(site: LearnTestSite): Promise<string | undefined> {
  const [row] = await site.ctx.db.withTenant(site.tenantId, (tx) => queryRows<{ id: string }>(tx, sql`select id from courses order by created_at limit 1`));
  return row?.id;
}
