import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.js';
import { openDatabase, queryRows, type Db } from '../../platform/db/client.js';
import { runMigrations } from '../../platform/db/migrate.js';
import type { ReplicatedBlobStore } from '../../platform/storage/replicated-blob-store.js';
import type { LocationSpec } from '../../platform/storage/storage-config.js';
import { createTenantWithUser, fakeWebDir, PASSWORD, signInCookie, testConfig } from '../../../test/app.js';
import { openTestBlobStore, sharedLocalLocation } from '../../../test/blob-stores.js';
import { contentOriginOf } from '../../../test/content-origin.js';
import { S3_TEST_CREDENTIALS, startS3Server } from '../../../test/s3-server.js';
import { adminQuery, databaseUrlFor } from '../../../test/postgres-admin.js';
import { scormPackageEntries } from '../../../test/scorm-packages.js';
import { buildZip } from '../../../test/zip-fixtures.js';
import { listFiles } from './courses.test-support.js';

/** This test always runs on PostgreSQL (the machine has it): two nodes cannot share an embedded database. */
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MEDIA = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 2654435761) >>> 24));
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 3)]);

interface Node {
  app: App;
  db: Db;
  storage: ReplicatedBlobStore;
  filesDir: string;
}

/** The one place both nodes keep blobs: a directory both see, or a real S3-compatible server (s3rver) on loopback. */
const sharedLocations: Record<'local' | 's3', () => Promise<{ location: LocationSpec; stop(): Promise<void> }>> = {
  local: async () => ({ location: sharedLocalLocation(), stop: async () => undefined }),
  s3: async () => {
    const server = await startS3Server(['lectern-nodes']);
    return {
      location: {
        kind: 's3',
        name: `s3://lectern-nodes/blobs/@127.0.0.1:${server.port}`,
        bucket: 'lectern-nodes',
        prefix: 'blobs/',
        endpoint: server.endpoint,
        region: 'eu-central-1',
        pathStyle: true,
        credentials: S3_TEST_CREDENTIALS,
      },
      stop: () => server.close(),
    };
  },
};

describe.each(Object.keys(sharedLocations) as (keyof typeof sharedLocations)[])('two app nodes sharing one PostgreSQL database and one %s blob location', (kind) => {
  const databaseName = `lectern_two_nodes_${randomBytes(4).toString('hex')}`;
  let workDir: string;
  let shared: { location: LocationSpec; stop(): Promise<void> };
  let nodes: [Node, Node];
  let host: string;
  let tenantId: string;
  let cookie: string;

  /** A node: its own database pool, its own store on the shared location, its own disk (where only transient staging may happen). */
  async function startNode(name: string): Promise<Node> {
    const db = await openDatabase({ kind: 'postgres', url: databaseUrlFor(serverUrl, databaseName), poolSize: 4 });
    const storage = await openTestBlobStore(db, [shared.location]);
    const filesDir = path.join(workDir, name);
    const app = await buildApp({ config: testConfig({ LECTERN_FILES_DIR: filesDir }), db, blobStore: storage, logger: false, webDir: fakeWebDir() });
    await app.ready();
    return { app, db, storage, filesDir };
  }

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'lectern-two-nodes-'));
    await adminQuery(serverUrl, `create database "${databaseName}"`);
    const migrator = await openDatabase({ kind: 'postgres', url: databaseUrlFor(serverUrl, databaseName) });
    await runMigrations(migrator);
    await migrator.close();
    shared = await sharedLocations[kind]();
    nodes = [await startNode('node-a'), await startNode('node-b')];
    const site = await createTenantWithUser(nodes[0].db, `nodes${kind}`);
    host = site.host;
    tenantId = site.tenant.id;
    // Signed in on node A; the session is in the database, so node B knows it too.
    cookie = await signInCookie(nodes[0].app, host, site.email, PASSWORD);
  }, 60_000);

  afterAll(async () => {
    for (const node of nodes ?? []) {
      await node.app.close();
      await node.storage.close();
      await node.db.close();
    }
    await shared?.stop();
    await adminQuery(serverUrl, `drop database if exists "${databaseName}" with (force)`);
    await rm(workDir, { recursive: true, force: true });
  });

  const call = (node: Node, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, extra: { payload?: object | Buffer; headers?: Record<string, string> } = {}) =>
    node.app.inject({ method, url, headers: { host, cookie, ...extra.headers }, ...(extra.payload !== undefined ? { payload: extra.payload } : {}) });

  async function packageZip(title: string): Promise<Buffer> {
    const zipPath = path.join(workDir, `${title.replace(/\W/g, '')}.zip`);
    await buildZip(zipPath, [...scormPackageEntries('1.2', title, [{ id: 'SCO-1', title: 'Lesson' }]), { name: 'SCO-1/clip.mp4', data: MEDIA, compress: false }]);
    return readFile(zipPath);
  }

  it('a resumable upload whose chunks alternate between the nodes completes, and its content plays from the other node', async () => {
    const zip = await packageZip('Alternating upload');
    const created = await call(nodes[0], 'POST', '/api/learn/package-uploads', { payload: { fileName: 'course.zip', totalBytes: zip.length } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const size = 50_000;
    let chunkCount = 0;
    for (let first = 0; first < zip.length; first += size) {
      const last = Math.min(first + size, zip.length) - 1;
      const node = nodes[chunkCount++ % 2]!;
      const res = await call(node, 'PUT', `/api/learn/package-uploads/${id}`, {
        headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${first}-${last}/${zip.length}` },
        payload: zip.subarray(first, last + 1),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().receivedBytes).toBe(last + 1);
    }
    expect(chunkCount).toBeGreaterThanOrEqual(4);
    // Either node knows how far the upload got.
    expect((await call(nodes[1], 'GET', `/api/learn/package-uploads/${id}`)).json().receivedBytes).toBe(zip.length);
    const done = await call(nodes[1], 'POST', `/api/learn/package-uploads/${id}/complete`);
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json().course.title).toBe('Alternating upload');

    // Node A serves what node B imported: with its ETag, a 304 for it, and a range.
    const preview = await call(nodes[0], 'POST', `/api/learn/versions/${done.json().version.id}/preview`);
    expect(preview.statusCode, preview.body).toBe(200);
    const origin = contentOriginOf(nodes[0].app, preview.json().launchUrl);
    const clip = await origin.file('SCO-1/clip.mp4');
    expect(clip.statusCode).toBe(200);
    expect(clip.rawPayload.equals(MEDIA)).toBe(true);
    expect((await origin.file('SCO-1/clip.mp4', { 'if-none-match': String(clip.headers.etag) })).statusCode).toBe(304);
    const part = await origin.file('SCO-1/clip.mp4', { range: 'bytes=1000-1999' });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(MEDIA.subarray(1000, 2000))).toBe(true);
    // Nothing stayed on either node's disk.
    for (const node of nodes) expect(await listFiles(node.filesDir)).toEqual([]);
  });

  it('overlapping chunks sent to both nodes at once leave consecutive chunks, and the upload imports intact', async () => {
    const zip = await packageZip('Raced upload');
    const id = (await call(nodes[0], 'POST', '/api/learn/package-uploads', { payload: { fileName: 'race.zip', totalBytes: zip.length } })).json().id as string;
    const send = (node: Node, first: number, last: number) =>
      call(node, 'PUT', `/api/learn/package-uploads/${id}`, {
        headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${first}-${last}/${zip.length}` },
        payload: zip.subarray(first, last + 1),
      });
    // A client retrying on another node while its first attempt still runs: both start at byte 0.
    const [a, b] = await Promise.all([send(nodes[0], 0, 79_999), send(nodes[1], 0, 119_999)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const received = (await call(nodes[0], 'GET', `/api/learn/package-uploads/${id}`)).json().receivedBytes as number;
    expect(received).toBe(120_000);
    const chunks = await nodes[0].db.withTenant(tenantId, (tx) =>
      queryRows<{ first_byte: number; size: number }>(tx, sql`select first_byte::int, size::int from package_upload_chunks where upload_id = ${id} order by first_byte`),
    );
    let next = 0;
    for (const chunk of chunks) {
      expect(chunk.first_byte).toBe(next);
      next += chunk.size;
    }
    expect(next).toBe(120_000);
    expect((await send(nodes[1], 120_000, zip.length - 1)).json().receivedBytes).toBe(zip.length);
    const done = await call(nodes[0], 'POST', `/api/learn/package-uploads/${id}/complete`);
    expect(done.statusCode, done.body).toBe(201);
    const preview = await call(nodes[1], 'POST', `/api/learn/versions/${done.json().version.id}/preview`);
    const clip = await contentOriginOf(nodes[1].app, preview.json().launchUrl).file('SCO-1/clip.mp4');
    expect(clip.rawPayload.equals(MEDIA)).toBe(true);
  });

  it('content imported on one node plays from the other, and a cover set on one is read on the other', async () => {
    const zip = await packageZip('Imported on A');
    const imported = await call(nodes[0], 'POST', '/api/learn/packages?fileName=a.zip', { headers: { 'content-type': 'application/zip' }, payload: zip });
    expect(imported.statusCode, imported.body).toBe(201);
    const { course, version } = imported.json();
    const preview = await call(nodes[1], 'POST', `/api/learn/versions/${version.id}/preview`);
    const origin = contentOriginOf(nodes[1].app, preview.json().launchUrl);
    const page = await origin.file('SCO-1/index.html');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const part = await origin.file('SCO-1/clip.mp4', { range: 'bytes=-100' });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(MEDIA.subarray(MEDIA.length - 100))).toBe(true);
    const etag = String((await origin.file('imsmanifest.xml')).headers.etag);
    expect((await origin.file('imsmanifest.xml', { 'if-none-match': etag })).statusCode).toBe(304);

    const cover = await call(nodes[0], 'PUT', `/api/learn/courses/${course.id}/cover`, { headers: { 'content-type': 'image/png' }, payload: PNG });
    expect(cover.statusCode, cover.body).toBe(200);
    const read = await call(nodes[1], 'GET', `/api/learn/courses/${course.id}/cover`);
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toBe('image/png');
    expect(read.rawPayload.equals(PNG)).toBe(true);
    for (const node of nodes) expect(await listFiles(node.filesDir)).toEqual([]);
  });
});
