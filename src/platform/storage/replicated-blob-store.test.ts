import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import { eventually } from '../../../test/eventually.js';
import { S3_TEST_CREDENTIALS, startS3Server, type TestS3Server } from '../../../test/s3-server.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { jobs } from '../jobs/jobs.schema.js';
import { SecretBox } from '../secrets/secret-box.js';
import { createTenant } from '../tenancy/tenants.service.js';
import type { BlobCodec } from './blob-codec.js';
import type { BlobLocation } from './blob-location.js';
import { blobKey } from './blob-key.js';
import { FaultyLocation, smallDiskLocation } from './faulty-location.test-support.js';
import { LocalLocation } from './local-location.js';
import { openBlobStore } from './open-blob-store.js';
import { plainCodec } from './plain-codec.test-support.js';
import { STORAGE_REPAIR_JOB, ReplicatedBlobStore } from './replicated-blob-store.js';
import { S3Location } from './s3-location.js';
import { SealedCodec } from './sealed-codec.js';
import { createSealerV1 } from './sealed-format-v1.test-support.js';
import { storageJobHandlers } from './storage.jobs.js';
import { storageLocationUp, storageReadFallbacks } from './storage.metrics.js';
import { findBlob } from './storage.repository.js';
import { storageBlobs } from './storage.schema.js';
import { TenantDataKeys } from './tenant-data-keys.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const upOf = async (location: BlobLocation) => (await storageLocationUp.get()).values.find((v) => v.labels.location === location.name)?.value;
const fallbacksOf = async (location: BlobLocation) =>
  (await storageReadFallbacks.get()).values.filter((v) => v.labels.location === location.name).reduce((sum, v) => sum + v.value, 0);

let db: Db;
let dir: string;
let s3: TestS3Server;
let slug = 0;
const box = new SecretBox(randomBytes(32));

beforeAll(async () => {
  db = await createTestDb();
  dir = await mkdtemp(path.join(tmpdir(), 'lectern-store-'));
  s3 = await startS3Server(['blobs']);
});
afterAll(async () => {
  await db.close();
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

const newTenant = async () => (await createTenant(db, { slug: `store-${++slug}`, name: `Store ${slug}` })).id;
const s3Location = (prefix: string) =>
  new S3Location({
    kind: 's3',
    name: `s3://blobs/${prefix}/@127.0.0.1:${s3.port}`,
    bucket: 'blobs',
    prefix: `${prefix}/`,
    endpoint: s3.endpoint,
    region: 'eu-central-1',
    pathStyle: true,
    credentials: S3_TEST_CREDENTIALS,
  });
const repairJobsFor = (tenantId: string, hash: string) =>
  db.owner
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, STORAGE_REPAIR_JOB), sql`${jobs.payload}->>'tenantId' = ${tenantId}`, sql`${jobs.payload}->>'hash' = ${hash}`));

const codecs: [string, () => BlobCodec][] = [
  ['sealed codec', () => new SealedCodec(new TenantDataKeys(db, box))],
  ['plain codec', () => plainCodec],
];

describe.each(codecs)(`replicated blob store, 2 local + 1 S3 (%s, ${engine})`, (codecName, makeCodec) => {
  let store: ReplicatedBlobStore;
  let localA: FaultyLocation;
  let localB: FaultyLocation;
  let remote: FaultyLocation;
  let tenant: string;
  const run = codecName.split(' ')[0]!;

  beforeAll(async () => {
    localA = new FaultyLocation(await LocalLocation.open(path.join(dir, run, 'a')));
    localB = new FaultyLocation(await LocalLocation.open(path.join(dir, run, 'b')));
    remote = new FaultyLocation(s3Location(run));
    store = new ReplicatedBlobStore({ db, codec: makeCodec(), locations: [localA, localB, remote], writeQuorum: 2, spoolDir: path.join(dir, run, 'spool') });
    tenant = await newTenant();
  });
  beforeEach(async () => {
    await s3.restart();
    for (const location of [localA, localB, remote]) {
      location.down = false;
      location.breakReadsAfter = undefined;
      location.fillUpAfter = undefined;
    }
  });
  afterAll(() => store.close());

  const copyOf = async (location: FaultyLocation, hash: string) => buffer(await location.inner.get(blobKey(tenant, hash)));
  const localFile = (location: FaultyLocation, hash: string) => path.join((location.inner as LocalLocation).root, blobKey(tenant, hash));

  it('stores at all three locations and reads back whole and by range', async () => {
    const bytes = randomBytes(300_000);
    const ref = await store.put(tenant, Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]));
    expect(ref).toEqual({ hash: sha256(bytes), size: bytes.length });
    for (const location of [localA, localB, remote]) expect(await location.head(blobKey(tenant, ref.hash))).not.toBeNull();
    if (codecName === 'sealed codec') expect((await readFile(localFile(localA, ref.hash))).includes(bytes.subarray(0, 64))).toBe(false);
    expect((await buffer(await store.get(tenant, ref.hash))).equals(bytes)).toBe(true);
    expect((await buffer(await store.get(tenant, ref.hash, { start: 70_000, end: 199_999 }))).equals(bytes.subarray(70_000, 200_000))).toBe(true);
    expect(await store.head(tenant, ref.hash)).toEqual(ref);
    expect(await readdir(path.join(dir, run, 'spool'))).toEqual([]);
  });

  it('stores the same bytes once per tenant; another tenant with the same hash gets not found', async () => {
    const bytes = Buffer.from(`same bytes twice ${codecName}`);
    const first = await store.put(tenant, bytes);
    expect(await store.put(tenant, Readable.from([bytes]))).toEqual(first);
    expect(await db.owner.select().from(storageBlobs).where(eq(storageBlobs.hash, first.hash))).toHaveLength(1);
    const stranger = await newTenant();
    await expect(store.get(stranger, first.hash)).rejects.toMatchObject({ code: 'STORAGE_BLOB_NOT_FOUND', status: 404 });
    expect(await store.head(stranger, first.hash)).toBeNull();
    await expect(store.get(tenant, '../../etc/passwd')).rejects.toMatchObject({ code: 'STORAGE_BLOB_NOT_FOUND' });
  });

  it('refuses more than maxBytes with STORAGE_TOO_LARGE on the body, storing nothing', async () => {
    const bytes = randomBytes(10_000);
    const error = await store.put(tenant, Readable.from([bytes.subarray(0, 6000), bytes.subarray(6000)]), { maxBytes: 8000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'STORAGE_TOO_LARGE', status: 413, fields: [expect.objectContaining({ field: 'body' })] });
    expect(await store.head(tenant, sha256(bytes))).toBeNull();
    expect(await readdir(path.join(dir, run, 'spool'))).toEqual([]);
  });

  it('an empty blob is a blob; a range outside a blob is refused', async () => {
    const empty = await store.put(tenant, Buffer.alloc(0));
    expect((await buffer(await store.get(tenant, empty.hash))).length).toBe(0);
    const ref = await store.put(tenant, Buffer.from('0123456789'));
    await expect(store.get(tenant, ref.hash, { start: 5, end: 10 })).rejects.toMatchObject({ code: 'STORAGE_RANGE_NOT_SATISFIABLE', status: 416 });
    expect((await buffer(await store.get(tenant, ref.hash, { start: 9, end: 9 }))).toString()).toBe('9');
  });

  it('with the S3 server down: writes succeed on the quorum, the up-metric says 0, a repair is queued and done once it is back', async () => {
    await s3.stop();
    const bytes = randomBytes(100_000);
    const ref = await store.put(tenant, bytes);
    expect(await upOf(remote)).toBe(0);
    expect(await localA.head(blobKey(tenant, ref.hash))).not.toBeNull();
    expect(await repairJobsFor(tenant, ref.hash)).toHaveLength(1);

    await s3.restart();
    const [job] = await repairJobsFor(tenant, ref.hash);
    await storageJobHandlers(store)[STORAGE_REPAIR_JOB]!(job!.payload, { id: job!.id, kind: job!.kind, tenantId: null, attempts: 1, maxAttempts: 8 });
    expect((await copyOf(remote, ref.hash)).equals(await copyOf(localA, ref.hash))).toBe(true);
    expect(await upOf(remote)).toBe(1);
  });

  it('reads fall back when the first location is down, and the up-metric says so', async () => {
    const bytes = randomBytes(200_000);
    const ref = await store.put(tenant, bytes);
    localA.down = true;
    const before = await fallbacksOf(localA);
    expect((await buffer(await store.get(tenant, ref.hash))).equals(bytes)).toBe(true);
    expect((await buffer(await store.get(tenant, ref.hash, { start: 1, end: 100_000 }))).equals(bytes.subarray(1, 100_001))).toBe(true);
    expect(await fallbacksOf(localA)).toBe(before + 2);
    expect(await upOf(localA)).toBe(0);
  });

  it('a copy that breaks mid-read: the reader gets one seamless stream from the next location', async () => {
    const bytes = randomBytes(500_000);
    const ref = await store.put(tenant, bytes);
    localA.breakReadsAfter = 150_000;
    expect((await buffer(await store.get(tenant, ref.hash))).equals(bytes)).toBe(true);
    localB.breakReadsAfter = 300_000; // the second breaks later still: the third carries on
    expect((await buffer(await store.get(tenant, ref.hash, { start: 10, end: 499_990 }))).equals(bytes.subarray(10, 499_991))).toBe(true);
    localA.breakReadsAfter = 0;
    localB.breakReadsAfter = 0;
    remote.breakReadsAfter = 0;
    // Every copy opens, none delivers: the read fails after every location was tried (in the
    // stream, or already when opening, with a codec whose whole reads verify the last chunk first).
    await expect((async () => buffer(await store.get(tenant, ref.hash)))()).rejects.toMatchObject({ code: 'STORAGE_READ_FAILED' });
    localA.down = true;
    localB.down = true;
    remote.down = true;
    // No copy opens at all: the read rejects before a stream exists.
    await expect(store.get(tenant, ref.hash)).rejects.toMatchObject({ code: 'STORAGE_READ_FAILED', status: 503 });
  });

  it('a missing copy: reads still succeed and the copy is repaired', async () => {
    const bytes = randomBytes(120_000);
    const ref = await store.put(tenant, bytes);
    await rm(localFile(localA, ref.hash));
    expect((await buffer(await store.get(tenant, ref.hash))).equals(bytes)).toBe(true);
    // Queued in the background, after the read was served.
    await eventually(async () => (await repairJobsFor(tenant, ref.hash)).length > 0);
    expect(await store.repair(tenant, ref.hash)).toEqual({ repaired: [localA.name], unrepairable: [], exists: true });
    expect((await copyOf(localA, ref.hash)).equals(await copyOf(localB, ref.hash))).toBe(true);
  });

  it('a location that fills up mid-write: the write succeeds on the quorum, nothing half-written stays there', async () => {
    const disk = await smallDiskLocation(path.join(dir, run, 'small-disk'), 256 * 1024);
    const small = new ReplicatedBlobStore({
      db,
      codec: makeCodec(),
      locations: [localA, disk.location, localB],
      writeQuorum: 2,
      spoolDir: path.join(dir, run, 'spool'),
    });
    try {
      const bytes = randomBytes(1024 * 1024);
      const ref = await small.put(tenant, bytes);
      expect(await disk.location.head(blobKey(tenant, ref.hash))).toBeNull();
      const root = disk.realDisk ? path.join(dir, run, 'small-disk') : ((disk.location as FaultyLocation).inner as LocalLocation).root;
      expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
      expect((await buffer(await small.get(tenant, ref.hash))).equals(bytes)).toBe(true);
      expect(await repairJobsFor(tenant, ref.hash)).toHaveLength(1);
    } finally {
      disk.cleanup();
    }
  });

  it('the quorum not reached (a disk fills up, another is down): STORAGE_UNAVAILABLE, no row, no copy anywhere', async () => {
    localB.fillUpAfter = 100_000;
    remote.down = true;
    const bytes = randomBytes(400_000);
    const error = await store.put(tenant, bytes).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
    expect(await store.head(tenant, sha256(bytes))).toBeNull();
    remote.down = false;
    for (const location of [localA, localB, remote]) expect(await location.head(blobKey(tenant, sha256(bytes)))).toBeNull();
    expect(await readdir(path.join((localB.inner as LocalLocation).root, '.tmp'))).toEqual([]);
    expect(await readdir(path.join(dir, run, 'spool'))).toEqual([]);
  });

  it('deletes a blob (row and copies) and erases a tenant without touching another', async () => {
    const ref = await store.put(tenant, Buffer.from(`to be deleted ${codecName}`));
    expect(await store.deleteBlob(tenant, ref.hash)).toBe(true);
    expect(await store.head(tenant, ref.hash)).toBeNull();
    for (const location of [localA, localB, remote]) expect(await location.head(blobKey(tenant, ref.hash))).toBeNull();

    const doomed = await newTenant();
    await store.put(doomed, Buffer.from('one'));
    await store.put(doomed, Buffer.from('two'));
    const kept = await store.put(tenant, Buffer.from('kept'));
    expect(await store.eraseTenantBlobs(doomed)).toEqual({ rows: 2, objects: 6 });
    expect(existsSync(path.join((localA.inner as LocalLocation).root, doomed))).toBe(false);
    expect((await buffer(await store.get(tenant, kept.hash))).toString()).toBe('kept');
  });

  it('collects blobs older than the grace period that no source refers to', async () => {
    const owner = await newTenant();
    const used = await store.put(owner, Buffer.from('used'));
    const unused = await store.put(owner, Buffer.from('unused'));
    const sources = [async (_tenant: string, hashes: string[]) => new Set(hashes.filter((h) => h === used.hash))];
    expect(await store.collectUnreferenced(sources, 60_000)).toBe(0);
    await db.owner.update(storageBlobs).set({ createdAt: new Date(Date.now() - 120_000) }).where(eq(storageBlobs.tenantId, owner));
    expect(await store.collectUnreferenced(sources, 60_000)).toBe(1);
    expect(await store.head(owner, used.hash)).not.toBeNull();
    expect(await store.head(owner, unused.hash)).toBeNull();
    expect(await remote.head(blobKey(owner, unused.hash))).toBeNull();
  });
});

describe(`local locations only: every copy is written while the bytes are sealed (${engine})`, () => {
  let locations: FaultyLocation[];
  let store: ReplicatedBlobStore;
  let tenant: string;
  const root = () => path.join(dir, 'staged');
  const copyOf = async (location: FaultyLocation, hash: string) => buffer(await location.inner.get(blobKey(tenant, hash)));
  const leftovers = async () => (await Promise.all(['a', 'b', 'c'].map((name) => readdir(path.join(root(), name, '.tmp'))))).flat();

  beforeAll(async () => {
    locations = await Promise.all(['a', 'b', 'c'].map(async (name) => new FaultyLocation(await LocalLocation.open(path.join(root(), name)))));
    store = new ReplicatedBlobStore({ db, codec: new SealedCodec(new TenantDataKeys(db, box)), locations, writeQuorum: 2, spoolDir: path.join(root(), 'spool') });
    tenant = await newTenant();
  });
  beforeEach(() => {
    for (const location of locations) Object.assign(location, { down: false, fillUpAfter: undefined });
  });

  it('stores the same sealed copy at every location, without a spool file, and reads it back whole and by range', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 5);
    const ref = await store.put(tenant, Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]));
    expect(ref).toEqual({ hash: sha256(bytes), size: bytes.length });
    const copies = await Promise.all(locations.map((location) => copyOf(location, ref.hash)));
    expect(copies[0]!.length).toBe(new SealedCodec(new TenantDataKeys(db, box)).sealedSize(bytes.length));
    expect(copies.every((copy) => copy.equals(copies[0]!))).toBe(true);
    expect(existsSync(path.join(root(), 'spool'))).toBe(false);
    expect((await buffer(await store.get(tenant, ref.hash))).equals(bytes)).toBe(true);
    expect((await buffer(await store.get(tenant, ref.hash, { start: 70_000, end: 2_000_000 }))).equals(bytes.subarray(70_000, 2_000_001))).toBe(true);
    // The same bytes again: stored once, nothing left over.
    expect(await store.put(tenant, bytes)).toEqual(ref);
    expect(await leftovers()).toEqual([]);
  });

  it('one location fills up mid-write, another is down: the quorum holds with one copy less, a repair is queued; with a third failing, STORAGE_UNAVAILABLE and nothing anywhere', async () => {
    locations[1]!.fillUpAfter = 200_000;
    const bytes = randomBytes(1024 * 1024);
    const ref = await store.put(tenant, bytes);
    expect(await locations[1]!.head(blobKey(tenant, ref.hash))).toBeNull();
    expect(await repairJobsFor(tenant, ref.hash)).toHaveLength(1);
    expect(await leftovers()).toEqual([]);

    locations[2]!.down = true;
    const lost = randomBytes(1024 * 1024);
    await expect(store.put(tenant, lost)).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
    locations[2]!.down = false;
    expect(await store.head(tenant, sha256(lost))).toBeNull();
    for (const location of locations) expect(await location.head(blobKey(tenant, sha256(lost)))).toBeNull();
    expect(await leftovers()).toEqual([]);

    // Every location failing while the bytes are written is the same answer, not another error.
    for (const location of locations) location.fillUpAfter = 10_000;
    await expect(store.put(tenant, randomBytes(100_000))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(await leftovers()).toEqual([]);
  });

  it('more than maxBytes: STORAGE_TOO_LARGE and nothing half-written at any location', async () => {
    const bytes = randomBytes(500_000);
    await expect(store.put(tenant, bytes, { maxBytes: 300_000 })).rejects.toMatchObject({ code: 'STORAGE_TOO_LARGE' });
    for (const location of locations) expect(await location.head(blobKey(tenant, sha256(bytes)))).toBeNull();
    expect(await leftovers()).toEqual([]);
  });
});

describe(`a damaged copy, with the sealed codec (${engine})`, () => {
  it('a flipped byte in one copy: reads (whole and ranges) return the right bytes and the copy is repaired', async () => {
    const root = path.join(dir, 'damage');
    const locations = [await LocalLocation.open(path.join(root, 'a')), await LocalLocation.open(path.join(root, 'b'))];
    const store = new ReplicatedBlobStore({ db, codec: new SealedCodec(new TenantDataKeys(db, box)), locations, writeQuorum: 2, spoolDir: path.join(root, 'spool') });
    const tenant = await newTenant();
    const bytes = randomBytes(300_000);
    const ref = await store.put(tenant, bytes);
    const file = path.join(root, 'a', blobKey(tenant, ref.hash));
    const stored = await readFile(file);
    stored[200_000] = stored[200_000]! ^ 0x01;
    await writeFile(file, stored);

    expect((await buffer(await store.get(tenant, ref.hash))).equals(bytes)).toBe(true);
    expect((await buffer(await store.get(tenant, ref.hash, { start: 190_000, end: 210_000 }))).equals(bytes.subarray(190_000, 210_001))).toBe(true);
    // Queued in the background, after the read was served.
    await eventually(async () => (await repairJobsFor(tenant, ref.hash)).length > 0);
    expect(await store.repair(tenant, ref.hash)).toEqual({ repaired: [locations[0]!.name], unrepairable: [], exists: true });
    expect((await readFile(file)).equals(await readFile(path.join(root, 'b', blobKey(tenant, ref.hash))))).toBe(true);
  });

  it('the copy of another blob of the same size under its key at one location: a whole read passes it over and reads the other copy, and the copy is repaired', async () => {
    const root = path.join(dir, 'substituted');
    const locations = [await LocalLocation.open(path.join(root, 'a')), await LocalLocation.open(path.join(root, 'b'))];
    const store = new ReplicatedBlobStore({ db, codec: new SealedCodec(new TenantDataKeys(db, box)), locations, writeQuorum: 2, spoolDir: path.join(root, 'spool') });
    const tenant = await newTenant();
    const bytes = randomBytes(300_000);
    const ref = await store.put(tenant, bytes);
    const other = await store.put(tenant, randomBytes(300_000));
    const file = path.join(root, 'a', blobKey(tenant, ref.hash));
    await writeFile(file, await readFile(path.join(root, 'a', blobKey(tenant, other.hash))));

    const before = await fallbacksOf(locations[0]!);
    expect((await buffer(await store.get(tenant, ref.hash))).equals(bytes)).toBe(true);
    expect(await fallbacksOf(locations[0]!)).toBe(before + 1);
    expect(await store.checkCopy(locations[0]!, (await findBlob(db.owner, tenant, ref.hash))!)).toBe('damaged');
    await eventually(async () => (await repairJobsFor(tenant, ref.hash)).length > 0);
    expect(await store.repair(tenant, ref.hash)).toEqual({ repaired: [locations[0]!.name], unrepairable: [], exists: true });
    expect((await buffer(await store.get(tenant, ref.hash))).equals(bytes)).toBe(true);
  });

  it('a blob stored in version 1 of the format reads whole and by ranges (hashed by the store), and checks good', async () => {
    const root = path.join(dir, 'version-1');
    const locations = [await LocalLocation.open(path.join(root, 'a')), await LocalLocation.open(path.join(root, 'b'))];
    const keys = new TenantDataKeys(db, box);
    const store = new ReplicatedBlobStore({ db, codec: new SealedCodec(keys), locations, writeQuorum: 2, spoolDir: path.join(root, 'spool') });
    const tenant = await newTenant();
    const bytes = randomBytes(200_000);
    const sealed = await buffer(Readable.from([bytes]).pipe(createSealerV1(await keys.forWriting(tenant), tenant)));
    const hash = sha256(bytes);
    for (const location of locations) await location.put(blobKey(tenant, hash), Readable.from([sealed]), sealed.length);
    await db.owner.insert(storageBlobs).values({ tenantId: tenant, hash, size: bytes.length, storedSize: sealed.length });

    expect((await buffer(await store.get(tenant, hash))).equals(bytes)).toBe(true);
    expect((await buffer(await store.get(tenant, hash, { start: 70_000, end: 199_999 }))).equals(bytes.subarray(70_000))).toBe(true);
    const row = (await findBlob(db.owner, tenant, hash))!;
    for (const location of locations) expect(await store.checkCopy(location, row)).toBe('good');
    // A flipped byte in the first copy: read from the second.
    sealed[150_000] = sealed[150_000]! ^ 0x01;
    await writeFile(path.join(root, 'a', blobKey(tenant, hash)), sealed);
    expect((await buffer(await store.get(tenant, hash))).equals(bytes)).toBe(true);
    expect(await store.checkCopy(locations[0]!, row)).toBe('damaged');
  });

  it('openBlobStore seals with the tenant\'s data key by default', async () => {
    const root = path.join(dir, 'default');
    const keyFile = path.join(root, 'secret.key');
    const store = await openBlobStore({
      db,
      config: {
        secretKeyFile: keyFile,
        storage: { locations: [{ kind: 'local', name: `local:${root}/a`, root: `${root}/a` }], writeQuorum: 1, spoolDir: path.join(root, 'spool') },
      },
    });
    const tenant = await newTenant();
    const bytes = Buffer.from('a sentence that must not be readable at rest');
    const ref = await store.put(tenant, bytes);
    expect((await readFile(path.join(root, 'a', blobKey(tenant, ref.hash)))).includes(bytes)).toBe(false);
    expect((await buffer(await store.get(tenant, ref.hash))).equals(bytes)).toBe(true);
  });
});
