import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFaultyTestBlobStore, type PutFaults } from '../../../test/blob-stores.js';
import { createTestDb, engine } from '../../../test/db.js';
import { scormPackageEntries } from '../../../test/scorm-packages.js';
import { buildZip } from '../../../test/zip-fixtures.js';
import { queryRows } from '../../platform/db/client.js';
import { createLearnTestSite, createPublishToken, learnRowCounts, uploadChunkRows, type LearnTestSite } from './courses.test-support.js';

/**
 * Completing a resumable upload is a saga of three transactions (package-uploads.service.ts,
 * completeUpload): each test stops or fails it at one step and checks the state it leaves is the
 * documented one: no half-imported version, no upload stuck for ever, nothing imported twice.
 */
describe(`completing an upload, step by step (${engine})`, () => {
  let site: LearnTestSite;
  let token: string;
  let faults: PutFaults;
  let closeStore: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDb();
    const faulty = await openFaultyTestBlobStore(db);
    faults = faulty.faults;
    closeStore = () => faulty.store.close();
    site = await createLearnTestSite('saga', {}, { storage: faulty.store, db });
    token = await createPublishToken(site, ['content:publish']);
  });
  afterAll(async () => {
    await site.close();
    await closeStore();
  });

  const headers = () => ({ host: site.host, authorization: `Bearer ${token}` });
  const inject = (options: { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: object | Buffer; extra?: Record<string, string> }) =>
    site.ctx.app.inject({ method: options.method, url: options.url, headers: { ...headers(), ...options.extra }, ...(options.payload ? { payload: options.payload } : {}) });
  const status = async (id: string) => (await inject({ method: 'GET', url: `/api/learn/package-uploads/${id}` })).json();
  const setUploadRow = (id: string, change: ReturnType<typeof sql>) =>
    site.ctx.db.withTenant(site.tenantId, (tx) => queryRows(tx, sql`update package_uploads set ${change} where id = ${id}`));

  const uploadStatusRow = (id: string) => site.ctx.db.withTenant(site.tenantId, (tx) => queryRows<{ status: string }>(tx, sql`select status from package_uploads where id = ${id}`));

  /** A fully received upload of a valid package, ready to complete. */
  async function receivedUpload(title: string): Promise<string> {
    const zipPath = path.join(site.filesDir, '..', `${title}.zip`);
    await buildZip(zipPath, scormPackageEntries('1.2', title, [{ id: 'SCO-1', title: 'One' }]));
    const bytes = await readFile(zipPath);
    const created = await inject({ method: 'POST', url: '/api/learn/package-uploads', payload: { fileName: `${title}.zip`, totalBytes: bytes.length } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const put = await inject({
      method: 'PUT',
      url: `/api/learn/package-uploads/${id}`,
      payload: bytes,
      extra: { 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
    });
    expect(put.statusCode, put.body).toBe(200);
    return id;
  }
  const complete = (id: string) => inject({ method: 'POST', url: `/api/learn/package-uploads/${id}/complete` });

  it('two completions at once import once: the second finds the upload taken (step 1 is under the row lock)', async () => {
    const id = await receivedUpload('Twice');
    const before = await learnRowCounts(site);
    const [first, second] = await Promise.all([complete(id), complete(id)]);
    const codes = [first.statusCode, second.statusCode].sort();
    expect(codes).toEqual([201, 409]);
    const refused = first.statusCode === 409 ? first : second;
    expect(refused.json().error.code).toBe('LEARN_UPLOAD_CLOSED');
    expect((await status(id)).status).toBe('done');
    const after = await learnRowCounts(site);
    expect(after.versions).toBe(before.versions! + 1);
  });

  it('a node that stopped after step 1 leaves the upload "importing": completing again is refused, and the sweep removes it only once it is long abandoned', async () => {
    const id = await receivedUpload('Stopped');
    // What step 1 commits, and nothing after it: the node died while concatenating or importing.
    await setUploadRow(id, sql`status = 'importing'`);
    expect((await status(id)).status).toBe('importing');
    const again = await complete(id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'LEARN_UPLOAD_CLOSED', fields: [{ field: 'status', value: 'importing' }] });
    expect(await uploadChunkRows(site, id)).toHaveLength(1);

    // Expired, but an import may still be running on another node: the sweep leaves it.
    await setUploadRow(id, sql`expires_at = now() - interval '1 hour'`);
    await inject({ method: 'POST', url: '/api/learn/package-uploads', payload: { fileName: 'sweep.zip', totalBytes: 10 } });
    expect(await uploadStatusRow(id)).toEqual([{ status: 'importing' }]);
    // Long past its expiry nothing can still be importing it: the sweep removes it with its chunk rows.
    await setUploadRow(id, sql`expires_at = now() - interval '7 hours'`);
    await inject({ method: 'POST', url: '/api/learn/package-uploads', payload: { fileName: 'sweep.zip', totalBytes: 10 } });
    expect(await uploadStatusRow(id)).toEqual([]);
    expect((await status(id)).error.code).toBe('LEARN_UPLOAD_NOT_FOUND');
    expect(await uploadChunkRows(site, id)).toEqual([]);
  });

  it('a failure in step 2 (the store refuses the files) ends in step 3: the upload is "failed", its chunks gone, no version, and it cannot be completed again', async () => {
    const id = await receivedUpload('Full disk');
    const before = await learnRowCounts(site);
    faults.failPutsAfter(0);
    try {
      const res = await complete(id);
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('STORAGE_UNAVAILABLE');
    } finally {
      faults.failPutsAfter(null);
    }
    expect((await status(id)).status).toBe('failed');
    expect(await uploadChunkRows(site, id)).toEqual([]);
    expect(await learnRowCounts(site)).toEqual(before);
    const again = await complete(id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('LEARN_UPLOAD_CLOSED');
  });
});
