import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { jobs } from '../jobs/jobs.schema.js';
import { openBlobStore } from './open-blob-store.js';
import { plainCodec } from './plain-codec.test-support.js';
import { LocalLocation } from './local-location.js';
import { STORAGE_REPAIR_JOB, type ReplicatedBlobStore } from './replicated-blob-store.js';
import { storageBlobs } from './storage.schema.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe(`replicated blob store, local locations (${engine})`, () => {
  let db: Db;
  let dir: string;
  let store: ReplicatedBlobStore;
  let roots: string[];
  const tenant = randomUUID();

  beforeAll(async () => {
    db = await createTestDb();
    dir = await mkdtemp(path.join(tmpdir(), 'lectern-store-'));
    roots = [path.join(dir, 'a'), path.join(dir, 'b')];
    store = await openBlobStore({
      db,
      config: {
        storage: {
          locations: roots.map((root) => ({ kind: 'local', name: `local:${root}`, root })),
          writeQuorum: 2,
          spoolDir: path.join(dir, 'spool'),
        },
      },
      codec: plainCodec,
    });
  });
  afterAll(async () => {
    await store.close();
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores a stream at both locations and reads it back whole and by range', async () => {
    const bytes = randomBytes(300_000);
    const ref = await store.put(tenant, Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]));
    expect(ref).toEqual({ hash: sha256(bytes), size: bytes.length });
    for (const root of roots) expect(await readdir(path.join(root, tenant, ref.hash.slice(0, 2)))).toEqual([ref.hash]);
    expect((await buffer(await store.get(tenant, ref.hash))).equals(bytes)).toBe(true);
    expect((await buffer(await store.get(tenant, ref.hash, { start: 1000, end: 199_999 }))).equals(bytes.subarray(1000, 200_000))).toBe(true);
    expect(await store.head(tenant, ref.hash)).toEqual(ref);
    expect(await readdir(path.join(dir, 'spool'))).toEqual([]);
  });

  it('stores the same bytes once per tenant', async () => {
    const bytes = Buffer.from('same bytes twice');
    const first = await store.put(tenant, bytes);
    const second = await store.put(tenant, Readable.from([bytes]));
    expect(second).toEqual(first);
    const rows = await db.owner.select().from(storageBlobs).where(eq(storageBlobs.hash, first.hash));
    expect(rows).toHaveLength(1);
  });

  it('an empty blob is a blob', async () => {
    const ref = await store.put(tenant, Buffer.alloc(0));
    expect(ref.size).toBe(0);
    expect((await buffer(await store.get(tenant, ref.hash))).length).toBe(0);
  });

  it('refuses more than maxBytes with STORAGE_TOO_LARGE on the body, storing nothing', async () => {
    const bytes = randomBytes(10_000);
    const error = await store.put(tenant, Readable.from([bytes.subarray(0, 6000), bytes.subarray(6000)]), { maxBytes: 8000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'STORAGE_TOO_LARGE', status: 413, fields: [expect.objectContaining({ field: 'body' })] });
    expect(await store.head(tenant, sha256(bytes))).toBeNull();
    for (const root of roots) expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
    expect(await readdir(path.join(dir, 'spool'))).toEqual([]);
  });

  it('another tenant with the same hash gets not found, and so does a hash no one stored', async () => {
    const ref = await store.put(tenant, Buffer.from('only for the first tenant'));
    await expect(store.get(randomUUID(), ref.hash)).rejects.toMatchObject({ code: 'STORAGE_BLOB_NOT_FOUND', status: 404 });
    expect(await store.head(randomUUID(), ref.hash)).toBeNull();
    await expect(store.get(tenant, 'f'.repeat(64))).rejects.toMatchObject({ code: 'STORAGE_BLOB_NOT_FOUND' });
    await expect(store.get(tenant, '../../etc/passwd')).rejects.toMatchObject({ code: 'STORAGE_BLOB_NOT_FOUND' });
  });

  it('refuses a range outside the blob', async () => {
    const ref = await store.put(tenant, Buffer.from('0123456789'));
    await expect(store.get(tenant, ref.hash, { start: 5, end: 10 })).rejects.toMatchObject({ code: 'STORAGE_RANGE_NOT_SATISFIABLE', status: 416 });
    await expect(store.get(tenant, ref.hash, { start: 6, end: 5 })).rejects.toMatchObject({ code: 'STORAGE_RANGE_NOT_SATISFIABLE' });
    expect((await buffer(await store.get(tenant, ref.hash, { start: 9, end: 9 }))).toString()).toBe('9');
  });

  it('deletes a blob: row and every copy', async () => {
    const ref = await store.put(tenant, Buffer.from('to be deleted'));
    expect(await store.deleteBlob(tenant, ref.hash)).toBe(true);
    expect(await store.head(tenant, ref.hash)).toBeNull();
    for (const root of roots) expect(await new LocalLocation(root).head(`${tenant}/${ref.hash.slice(0, 2)}/${ref.hash}`)).toBeNull();
  });

  it('erases every blob of a tenant and nothing of another', async () => {
    const doomed = randomUUID();
    const kept = await store.put(tenant, Buffer.from('kept'));
    await store.put(doomed, Buffer.from('one'));
    await store.put(doomed, Buffer.from('two'));
    expect(await store.eraseTenantBlobs(doomed)).toEqual({ rows: 2, objects: 4 });
    for (const root of roots) expect(existsSync(path.join(root, doomed))).toBe(false);
    expect((await buffer(await store.get(tenant, kept.hash))).toString()).toBe('kept');
  });

  it('collects blobs older than the grace period that no source refers to', async () => {
    const owner = randomUUID();
    const used = await store.put(owner, Buffer.from('used'));
    const unused = await store.put(owner, Buffer.from('unused'));
    const sources = [async (_tenant: string, hashes: string[]) => new Set(hashes.filter((h) => h === used.hash))];
    expect(await store.collectUnreferenced(sources, 60_000)).toBe(0); // both are young
    await db.owner.update(storageBlobs).set({ createdAt: new Date(Date.now() - 120_000) }).where(eq(storageBlobs.tenantId, owner));
    expect(await store.collectUnreferenced(sources, 60_000)).toBe(1);
    expect(await store.head(owner, used.hash)).not.toBeNull();
    expect(await store.head(owner, unused.hash)).toBeNull();
  });

  it('queues no repair while every location takes every write', async () => {
    expect(await db.owner.select().from(jobs).where(eq(jobs.kind, STORAGE_REPAIR_JOB))).toEqual([]);
  });
});
