import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { buildScormPackage } from '../../../test/scorm-packages.js';
import { queryRows } from '../../platform/db/client.js';
import { openFaultyTestBlobStore, type PutFaults } from '../../../test/blob-stores.js';
import { contentOriginOf } from '../../../test/content-origin.js';
import { createTestDb } from '../../../test/db.js';
import type { ReplicatedBlobStore } from '../../platform/storage/replicated-blob-store.js';
import { createLearnTestSite, listFiles, storedVersionFiles, uploadZip, type LearnTestSite } from './courses.test-support.js';
import { migrateStoredFiles } from './migrate-stored-files.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('an old cover')]);

describe(`moving an installation's files into the blob store (${engine})`, () => {
  let site: LearnTestSite;
  /** Two versions and a cover as an installation of before the store has them: files under LECTERN_FILES_DIR. */
  const old = { versions: [] as { id: string; files: Record<string, string> }[], courseId: '', coverFile: '' };

  const storageKeyOf = async (versionId: string) =>
    (await site.ctx.db.withTenant(site.tenantId, (tx) => queryRows<{ storage_key: string }>(tx, sql`select storage_key from content_versions where id = ${versionId}`)))[0]!.storage_key;

  /** Turns an imported version back into one of before the store: its files on disk, no content files. */
  async function makeOld(versionId: string, files: Record<string, string>): Promise<void> {
    const key = `packages/${site.tenantId}/${versionId}`;
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(site.filesDir, key, name);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text);
    }
    await site.ctx.db.withTenant(site.tenantId, async (tx) => {
      await queryRows(tx, sql`delete from content_files where version_id = ${versionId}`);
      await queryRows(tx, sql`update content_versions set storage_key = ${key} where id = ${versionId}`);
    });
    old.versions.push({ id: versionId, files });
  }

  let store: ReplicatedBlobStore;
  let faults: PutFaults;
  beforeAll(async () => {
    const db = await createTestDb();
    ({ store, faults } = await openFaultyTestBlobStore(db));
    site = await createLearnTestSite('migration', {}, { db, storage: store });
    for (const title of ['Old one', 'Old two']) {
      const imported = (await uploadZip(site, await buildScormPackage('1.2', title, [{ id: 'SCO-1', title: 'Lesson' }]))).json();
      // Bytes the store has never seen, so the migration really has to move them.
      await makeOld(imported.version.id, {
        'imsmanifest.xml': `<manifest>${title} of before the store</manifest>`,
        'SCO-1/index.html': `<p>${title}</p>`,
        'SCO-1/media/clip.bin': `${title} `.repeat(5000),
      });
      old.courseId = imported.course.id;
    }
    old.coverFile = `covers/${site.tenantId}/${old.courseId}-0123456789abcdef.png`;
    await mkdir(path.join(site.filesDir, 'covers', site.tenantId), { recursive: true });
    await writeFile(path.join(site.filesDir, old.coverFile), PNG);
    await site.ctx.db.withTenant(site.tenantId, (tx) => queryRows(tx, sql`update courses set cover_key = ${old.coverFile} where id = ${old.courseId}`));
  });
  afterAll(async () => {
    await site.close();
    await store.close();
  });

  it('an interrupted run loses nothing and a second run finishes where it stopped; the content and the cover are then served from the store', async () => {
    const [first, second] = old.versions as [(typeof old.versions)[0], (typeof old.versions)[0]];
    // Before the move, such a version serves nothing (files are read from the store only).
    const preview = await site.ctx.app.inject({ method: 'POST', url: `/api/learn/versions/${second.id}/preview`, headers: { host: site.host, cookie: site.cookies.admin } });
    expect(preview.statusCode, preview.body).toBe(200);
    const player = contentOriginOf(site.ctx.app, preview.json().launchUrl);
    expect((await player.file('SCO-1/index.html')).json().error.code).toBe('LEARN_CONTENT_NOT_FOUND');
    // The first version's three files go in, the second version's first put fails.
    faults.failPutsAfter(3);
    const interrupted = migrateStoredFiles({ db: site.ctx.db, storage: site.ctx.storage, filesDir: site.filesDir });
    await expect(interrupted).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    faults.failPutsAfter(null);
    expect(await storageKeyOf(first.id)).toBe('blobs');
    expect(await storageKeyOf(second.id)).toBe(`packages/${site.tenantId}/${second.id}`);
    expect([...(await storedVersionFiles(site, second.id)).keys()]).toEqual([]);
    // Nothing old was removed.
    expect(await listFiles(path.join(site.filesDir, 'packages', site.tenantId, second.id))).toEqual(['SCO-1/index.html', 'SCO-1/media/clip.bin', 'imsmanifest.xml']);

    const progress: string[] = [];
    const summary = await migrateStoredFiles({ db: site.ctx.db, storage: site.ctx.storage, filesDir: site.filesDir }, { onProgress: (line) => progress.push(line) });
    expect(summary).toMatchObject({ versionsMigrated: 1, versionsAlreadyInStore: 1, coversMigrated: 1, filesStored: 4, problems: [], removed: 0 });
    expect(progress.join('\n')).toContain(second.id);
    for (const version of old.versions) {
      const stored = await storedVersionFiles(site, version.id);
      expect(Object.fromEntries([...stored].map(([name, bytes]) => [name, bytes.toString()]))).toEqual(version.files);
    }
    const page = await player.file('SCO-1/index.html');
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe('<p>Old two</p>');
    const cover = await site.ctx.app.inject({ method: 'GET', url: `/api/learn/courses/${old.courseId}/cover`, headers: { host: site.host, cookie: site.cookies.learner } });
    expect(cover.statusCode).toBe(200);
    expect(cover.headers['content-type']).toBe('image/png');
    expect(cover.rawPayload.equals(PNG)).toBe(true);
    // A third run has nothing left to do.
    expect(await migrateStoredFiles({ db: site.ctx.db, storage: site.ctx.storage, filesDir: site.filesDir })).toMatchObject({ versionsMigrated: 0, versionsAlreadyInStore: 2, coversMigrated: 0, filesStored: 0 });
  });

  it('verification compares every old file with the store; only verified files are removed, and only when asked', async () => {
    const [first, second] = old.versions as [(typeof old.versions)[0], (typeof old.versions)[0]];
    const changed = path.join(site.filesDir, 'packages', site.tenantId, second.id, 'SCO-1/index.html');
    await writeFile(changed, '<p>changed on disk after the move</p>');
    const verified = await migrateStoredFiles({ db: site.ctx.db, storage: site.ctx.storage, filesDir: site.filesDir }, { verify: true });
    expect(verified.filesVerified).toBe(6);
    expect(verified.problems).toEqual([expect.stringMatching(new RegExp(`^version ${second.id}: SCO-1/index.html: old file has SHA-256 [0-9a-f]{64}, the store [0-9a-f]{64}$`))]);
    expect(verified.removed).toBe(0);
    expect(await readFile(path.join(site.filesDir, old.coverFile))).toEqual(PNG);

    const removed = await migrateStoredFiles({ db: site.ctx.db, storage: site.ctx.storage, filesDir: site.filesDir }, { removeOld: true });
    expect(removed.removed).toBe(2);
    expect(removed.problems).toHaveLength(1);
    expect(await stat(path.join(site.filesDir, 'packages', site.tenantId, first.id)).catch(() => null)).toBeNull();
    expect(await stat(path.join(site.filesDir, old.coverFile)).catch(() => null)).toBeNull();
    // The version that did not verify keeps its old files, all of them.
    expect(await listFiles(path.join(site.filesDir, 'packages', site.tenantId, second.id))).toEqual(['SCO-1/index.html', 'SCO-1/media/clip.bin', 'imsmanifest.xml']);
    // The store still serves both versions as they were moved.
    expect((await storedVersionFiles(site, first.id)).get('SCO-1/index.html')!.toString()).toBe('<p>Old one</p>');
    expect((await storedVersionFiles(site, second.id)).get('SCO-1/index.html')!.toString()).toBe('<p>Old two</p>');
  });
});
