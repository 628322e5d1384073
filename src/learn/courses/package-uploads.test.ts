import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { eventually } from '../../../test/eventually.js';
import { buildScormPackage, scormPackageEntries } from '../../../test/scorm-packages.js';
import { buildZip } from '../../../test/zip-fixtures.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { learnBlobReferences } from './blob-references.js';
import { createLearnTestSite, createPublishToken, learnRowCounts, listFiles, storedVersionFiles, uploadChunkRows, type LearnTestSite } from './courses.test-support.js';

describe(`resumable (chunked) package uploads (${engine})`, () => {
  let site: LearnTestSite;
  let token: string;
  beforeAll(async () => {
    site = await createLearnTestSite('chunks');
    token = await createPublishToken(site, ['content:publish']);
  });
  afterAll(async () => {
    await site.close();
  });

  const bearer = () => ({ host: site.host, authorization: `Bearer ${token}` });
  const start = (payload: object, headers: Record<string, string> = bearer()) =>
    site.ctx.app.inject({ method: 'POST', url: '/api/learn/package-uploads', headers, payload });
  const status = (id: string, headers: Record<string, string> = bearer()) => site.ctx.app.inject({ method: 'GET', url: `/api/learn/package-uploads/${id}`, headers });
  const put = (id: string, bytes: Buffer, range: string, headers: Record<string, string> = bearer()) =>
    site.ctx.app.inject({
      method: 'PUT',
      url: `/api/learn/package-uploads/${id}`,
      headers: { ...headers, 'content-type': 'application/octet-stream', 'content-range': range },
      payload: bytes,
    });
  const complete = (id: string, headers: Record<string, string> = bearer()) =>
    site.ctx.app.inject({ method: 'POST', url: `/api/learn/package-uploads/${id}/complete`, headers });

  /** A package of a few hundred kilobytes (stored random bytes), so it takes several chunks. */
  async function bigPackage(title: string): Promise<Buffer> {
    const zipPath = path.join(site.filesDir, '..', `chunked-${Math.random().toString(36).slice(2)}.zip`);
    const media = Buffer.alloc(300_000);
    for (let i = 0; i < media.length; i++) media[i] = (i * 2654435761) >>> 24;
    await buildZip(zipPath, [...scormPackageEntries('2004', title, [{ id: 'SCO-1', title: 'Video' }]), { name: 'SCO-1/media.bin', data: media, compress: false }]);
    return readFile(zipPath);
  }

  it('uploads in chunks, repeats and overlaps are fine (only new bytes are stored), a gap is refused, and the complete upload imports', async () => {
    const zip = await bigPackage('Chunked course');
    const created = await start({ fileName: 'course.zip', totalBytes: zip.length });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ receivedBytes: 0, totalBytes: zip.length, status: 'receiving', courseId: null });

    const first = await put(id, zip.subarray(0, 100_000), `bytes 0-99999/${zip.length}`);
    expect(first.statusCode).toBe(200);
    expect(first.json().receivedBytes).toBe(100_000);
    // The same chunk again (a retry after a lost answer) changes nothing.
    expect((await put(id, zip.subarray(0, 100_000), `bytes 0-99999/${zip.length}`)).json().receivedBytes).toBe(100_000);
    // A chunk beyond what arrived leaves a gap: refused, and the answer says where to go on.
    const gap = await put(id, zip.subarray(150_000, 200_000), `bytes 150000-199999/${zip.length}`);
    expect(gap.statusCode).toBe(409);
    expect(gap.json().error).toMatchObject({ code: 'LEARN_UPLOAD_GAP', fields: [{ field: 'receivedBytes', value: '100000' }] });
    // Completing early is refused.
    expect((await complete(id)).json().error.code).toBe('LEARN_UPLOAD_NOT_COMPLETE');
    // An overlapping chunk continues from inside what arrived.
    const overlap = await put(id, zip.subarray(50_000, 250_000), `bytes 50000-249999/${zip.length}`);
    expect(overlap.json().receivedBytes).toBe(250_000);
    const rest = await put(id, zip.subarray(250_000), `bytes 250000-${zip.length - 1}/${zip.length}`);
    expect(rest.json().receivedBytes).toBe(zip.length);
    // The stored chunks are consecutive: the repeat stored nothing, the overlap only its new bytes.
    const chunks = await uploadChunkRows(site, id);
    expect(chunks.map((chunk) => [chunk.first_byte, chunk.size])).toEqual([
      [0, 100_000],
      [100_000, 150_000],
      [250_000, zip.length - 250_000],
    ]);
    expect(chunks[1]!.blob_hash).toBe(createHash('sha256').update(zip.subarray(100_000, 250_000)).digest('hex'));

    const done = await complete(id);
    expect(done.statusCode).toBe(201);
    expect(done.json().course.title).toBe('Chunked course');
    expect(done.json().version).toMatchObject({ version: 1, scormVersion: '2004-4th', fileCount: 3 });
    expect([...(await storedVersionFiles(site, done.json().version.id)).keys()]).toEqual(['SCO-1/index.html', 'SCO-1/media.bin', 'imsmanifest.xml']);
    // The chunks of the upload are gone, nothing stays on the node's disk; the session says it is done and which version it made.
    expect(await uploadChunkRows(site, id)).toEqual([]);
    expect(await listFiles(site.filesDir)).toEqual([]);
    expect((await status(id)).json()).toMatchObject({ status: 'done', versionId: done.json().version.id });
    expect((await put(id, zip.subarray(0, 10), `bytes 0-9/${zip.length}`)).json().error.code).toBe('LEARN_UPLOAD_CLOSED');
    expect((await complete(id)).json().error.code).toBe('LEARN_UPLOAD_CLOSED');
  });

  it('resumes after a connection broke off in the middle of a chunk: the bytes that arrived count', async () => {
    const zip = await bigPackage('Resumed course');
    const id = (await start({ fileName: 'resumed.zip', totalBytes: zip.length })).json().id as string;
    const address = await site.ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (site.ctx.app.server.address() as AddressInfo).port;
    expect(address).toContain(String(port));

    // Announce the whole package as one chunk, send 120 kB of it, then drop the connection.
    await new Promise<void>((resolve) => {
      const request = http.request({
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: `/api/learn/package-uploads/${id}`,
        headers: {
          ...bearer(),
          'content-type': 'application/octet-stream',
          'content-range': `bytes 0-${zip.length - 1}/${zip.length}`,
          'content-length': String(zip.length),
        },
      });
      request.on('error', () => resolve());
      request.write(zip.subarray(0, 120_000), () => setTimeout(() => {
        request.destroy();
        resolve();
      }, 200));
    });
    const arrived = await eventually(async () => {
      const received = (await status(id)).json().receivedBytes as number;
      return received > 0 ? received : undefined;
    });
    expect(arrived).toBeGreaterThan(0);
    expect(arrived).toBeLessThanOrEqual(120_000);

    // Resume where the server says, in two more chunks.
    const middle = Math.min(zip.length - 1, arrived + 100_000);
    expect((await put(id, zip.subarray(arrived, middle), `bytes ${arrived}-${middle - 1}/${zip.length}`)).json().receivedBytes).toBe(middle);
    expect((await put(id, zip.subarray(middle), `bytes ${middle}-${zip.length - 1}/${zip.length}`)).json().receivedBytes).toBe(zip.length);
    const done = await complete(id);
    expect(done.statusCode).toBe(201);
    // The chunks put together are byte for byte the package: its media file unpacked intact.
    const media = (await storedVersionFiles(site, done.json().version.id)).get('SCO-1/media.bin')!;
    expect(media.length).toBe(300_000);
    expect(media[299_999]).toBe((299_999 * 2654435761) >>> 24);
  });

  it('refuses malformed ranges, a body longer than its range, another content type, and other users', async () => {
    const zip = await buildScormPackage('1.2', 'Ranges', [{ id: 'SCO-1', title: 'One' }]);
    const bytes = await readFile(zip);
    const id = (await start({ fileName: 'r.zip', totalBytes: bytes.length })).json().id as string;
    for (const range of ['', 'bytes 0-9', `bytes 9-0/${bytes.length}`, `bytes 0-9/${bytes.length + 1}`, `bytes 0-${bytes.length}/${bytes.length}`, 'items 0-9/10']) {
      const res = await put(id, bytes.subarray(0, 10), range);
      expect(res.statusCode, range).toBe(400);
      expect(res.json().error.code).toBe('LEARN_UPLOAD_RANGE_INVALID');
    }
    const longer = await put(id, bytes.subarray(0, 20), `bytes 0-9/${bytes.length}`);
    expect(longer.json().error.code).toBe('LEARN_UPLOAD_RANGE_INVALID');
    const json = await site.ctx.app.inject({ method: 'PUT', url: `/api/learn/package-uploads/${id}`, headers: { ...bearer(), 'content-range': `bytes 0-1/${bytes.length}` }, payload: { a: 1 } });
    expect(json.json().error.code).toBe('LEARN_PACKAGE_CONTENT_TYPE');
    for (const contentType of ['application/zip', 'multipart/form-data; boundary=x', 'text/plain']) {
      const other = await site.ctx.app.inject({
        method: 'PUT',
        url: `/api/learn/package-uploads/${id}`,
        headers: { ...bearer(), 'content-type': contentType, 'content-range': `bytes 0-1/${bytes.length}` },
        payload: bytes.subarray(0, 2),
      });
      expect(other.statusCode, contentType).toBe(415);
      expect(other.json().error.code).toBe('LEARN_PACKAGE_CONTENT_TYPE');
    }
    expect((await status(id)).json().receivedBytes).toBe(0);

    // Another publisher does not see this upload; a learner may not upload at all.
    const instructor = { host: site.host, cookie: site.cookies.instructor };
    expect((await status(id, instructor)).json().error.code).toBe('LEARN_UPLOAD_NOT_FOUND');
    expect((await put(id, bytes, `bytes 0-${bytes.length - 1}/${bytes.length}`, instructor)).json().error.code).toBe('LEARN_UPLOAD_NOT_FOUND');
    const learner = await start({ fileName: 'l.zip', totalBytes: 10 }, { host: site.host, cookie: site.cookies.learner });
    expect(learner.json().error.code).toBe('AUTH_FORBIDDEN');
    const noScope = await createPublishToken(site, ['users:read']);
    expect((await start({ fileName: 'l.zip', totalBytes: 10 }, { host: site.host, authorization: `Bearer ${noScope}` })).json().error.code).toBe('AUTH_TOKEN_SCOPE');
    const badInput = await start({ fileName: '', totalBytes: -1 });
    expect(badInput.json().error.code).toBe('VALIDATION_FAILED');
    expect(badInput.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['fileName', 'totalBytes']);
    expect((await start({ fileName: 'x.zip', totalBytes: 10, courseId: '00000000-0000-4000-8000-000000000000' })).json().error.code).toBe('LEARN_COURSE_NOT_FOUND');
  });

  it('a complete upload of an invalid package fails with its report, leaves no rows, no chunks and no files, and the session says failed', async () => {
    const before = await learnRowCounts(site);
    const zipPath = path.join(site.filesDir, '..', 'invalid.zip');
    await buildZip(zipPath, scormPackageEntries('1.2', 'Broken', [{ id: 'SCO-1', title: 'One' }]).slice(0, 1));
    const bytes = await readFile(zipPath);
    const id = (await start({ fileName: 'invalid.zip', totalBytes: bytes.length })).json().id as string;
    await put(id, bytes, `bytes 0-${bytes.length - 1}/${bytes.length}`);
    const res = await complete(id);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('LEARN_PACKAGE_INVALID');
    expect((await status(id)).json().status).toBe('failed');
    expect(await learnRowCounts(site)).toEqual(before);
    expect(await uploadChunkRows(site, id)).toEqual([]);
    expect(await listFiles(site.filesDir)).toEqual([]);
  });

  it('a session can be abandoned, and expired sessions are removed with their chunks, which no longer hold their blobs', async () => {
    const bytes = Buffer.from('PK partial');
    const hash = createHash('sha256').update(bytes).digest('hex');
    const references = learnBlobReferences(site.ctx.db);
    const abandoned = (await start({ fileName: 'a.zip', totalBytes: 1000 })).json().id as string;
    await put(abandoned, bytes, `bytes 0-${bytes.length - 1}/1000`);
    expect(await uploadChunkRows(site, abandoned)).toMatchObject([{ first_byte: 0, size: bytes.length, blob_hash: hash }]);
    expect(await site.ctx.storage.head(site.tenantId, hash)).toMatchObject({ hash, size: bytes.length });
    expect(await references(site.tenantId, [hash])).toEqual(new Set([hash]));
    const del = await site.ctx.app.inject({ method: 'DELETE', url: `/api/learn/package-uploads/${abandoned}`, headers: bearer() });
    expect(del.statusCode).toBe(204);
    expect((await status(abandoned)).json().error.code).toBe('LEARN_UPLOAD_NOT_FOUND');
    expect(await uploadChunkRows(site, abandoned)).toEqual([]);
    expect(await references(site.tenantId, [hash])).toEqual(new Set());

    const stale = (await start({ fileName: 'b.zip', totalBytes: 1000 })).json().id as string;
    await put(stale, bytes, `bytes 0-${bytes.length - 1}/1000`);
    expect(await uploadChunkRows(site, stale)).toHaveLength(1);
    await site.ctx.db.withTenant(site.tenantId, (tx) => queryRows(tx, sql`update package_uploads set expires_at = now() - interval '1 minute' where id = ${stale}`));
    // Starting another upload sweeps the expired one away.
    const next = (await start({ fileName: 'c.zip', totalBytes: 1000 })).json().id as string;
    expect((await status(next)).json().status).toBe('receiving');
    expect(await uploadChunkRows(site, stale)).toEqual([]);
    expect((await status(stale)).json().error.code).toBe('LEARN_UPLOAD_NOT_FOUND');
    expect(await references(site.tenantId, [hash])).toEqual(new Set());
  });
});
