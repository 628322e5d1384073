import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import { S3_TEST_CREDENTIALS, startS3Server, type TestS3Server } from '../../../test/s3-server.js';
import { auditEvents } from '../audit/audit.schema.js';
import type { Db } from '../db/client.js';
import { SecretBox } from '../secrets/secret-box.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { blobKey } from './blob-key.js';
import { LocalLocation } from './local-location.js';
import { ReplicatedBlobStore } from './replicated-blob-store.js';
import { S3Location } from './s3-location.js';
import { scrubLocations } from './scrubber.js';
import { SealedCodec } from './sealed-codec.js';
import { storageLocationUp, storageScrubObjects } from './storage.metrics.js';
import { storageLocationStats } from './storage.schema.js';
import { storageStatus } from './storage-status.js';
import { TenantDataKeys } from './tenant-data-keys.js';

describe(`the scrubber (${engine})`, () => {
  let db: Db;
  let dir: string;
  let s3: TestS3Server;
  let store: ReplicatedBlobStore;
  let a: LocalLocation;
  let b: LocalLocation;
  let remote: S3Location;
  let tenant: string;

  beforeAll(async () => {
    db = await createTestDb();
    dir = await mkdtemp(path.join(tmpdir(), 'lectern-scrub-'));
    s3 = await startS3Server(['scrub']);
    a = await LocalLocation.open(path.join(dir, 'a'));
    b = await LocalLocation.open(path.join(dir, 'b'));
    remote = new S3Location({
      kind: 's3',
      name: `s3://scrub/@127.0.0.1:${s3.port}`,
      bucket: 'scrub',
      prefix: '',
      endpoint: s3.endpoint,
      region: 'eu-central-1',
      pathStyle: true,
      credentials: S3_TEST_CREDENTIALS,
    });
    const box = new SecretBox(randomBytes(32));
    store = new ReplicatedBlobStore({ db, codec: new SealedCodec(new TenantDataKeys(db, box)), locations: [a, b, remote], writeQuorum: 2, spoolDir: path.join(dir, 'spool') });
    tenant = (await createTenant(db, { slug: 'scrubbed', name: 'Scrubbed' })).id;
  });
  afterAll(async () => {
    await store.close();
    await db.close();
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  const gauge = async (location: string, result: string) =>
    (await storageScrubObjects.get()).values.find((v) => v.labels.location === location && v.labels.result === result)?.value;

  it('finds and repairs missing and damaged copies, deletes old orphans, keeps young ones, leaves foreign objects alone, and reports it', async () => {
    const blobs = [randomBytes(200_000), randomBytes(70_000), randomBytes(1000)];
    const refs = [];
    for (const bytes of blobs) refs.push(await store.put(tenant, bytes));
    // Blobs stored "before" the scrub: rows written during a scrub are not expected at every location yet.
    await new Promise((r) => setTimeout(r, 5));

    await a.delete(blobKey(tenant, refs[0]!.hash)); // missing at a
    const damagedFile = path.join(dir, 'b', blobKey(tenant, refs[1]!.hash));
    const stored = await readFile(damagedFile);
    stored[100] = stored[100]! ^ 0xff;
    await writeFile(damagedFile, stored); // damaged at b
    const orphanHash = 'ee'.repeat(32);
    const youngHash = 'dd'.repeat(32);
    await a.put(blobKey(tenant, orphanHash), Readable.from([Buffer.from('no row')]), 6);
    await a.put(blobKey(tenant, youngHash), Readable.from([Buffer.from('young')]), 5);
    const old = new Date(Date.now() - 2 * 60 * 60_000);
    await utimes(path.join(dir, 'a', blobKey(tenant, orphanHash)), old, old);
    await mkdir(path.join(dir, 'b', 'notes'), { recursive: true });
    await writeFile(path.join(dir, 'b', 'notes', 'README'), 'an operator left this here');

    const report = await scrubLocations(store, { db, orphanGraceMs: 60 * 60_000 });
    const [ra, rb, rs] = report.locations;
    expect(ra).toMatchObject({ location: a.name, reachable: true, objects: 2, missing: 1, damaged: 0, orphaned: 1, foreign: 0, repaired: 1, unrepairable: 0 });
    expect(rb).toMatchObject({ location: b.name, reachable: true, objects: 3, missing: 0, damaged: 1, orphaned: 0, foreign: 1, repaired: 1, unrepairable: 0 });
    expect(rs).toMatchObject({ location: remote.name, reachable: true, objects: 3, missing: 0, damaged: 0, orphaned: 0, repaired: 0, unrepairable: 0 });
    expect(report.verifiedBytes).toBe(3 * 271_000 - 200_000 - 70_000);

    // Repaired: the copies are back and equal to the good ones.
    expect((await buffer(await a.get(blobKey(tenant, refs[0]!.hash)))).equals(await buffer(await b.get(blobKey(tenant, refs[0]!.hash))))).toBe(true);
    expect((await readFile(damagedFile)).equals(await buffer(await a.get(blobKey(tenant, refs[1]!.hash))))).toBe(true);
    expect(await a.head(blobKey(tenant, orphanHash))).toBeNull();
    expect(await a.head(blobKey(tenant, youngHash))).toEqual({ size: 5 });
    expect(existsSync(path.join(dir, 'b', 'notes', 'README'))).toBe(true);

    // Reported: metrics, stats for status, and an audit event of the tenant.
    expect(await gauge(a.name, 'missing')).toBe(1);
    expect(await gauge(b.name, 'damaged')).toBe(1);
    expect(await gauge(a.name, 'orphaned')).toBe(1);
    const stats = await db.owner.select().from(storageLocationStats).where(eq(storageLocationStats.location, b.name));
    expect(stats[0]).toMatchObject({ healthy: true, objects: 3 });
    const events = await db.withTenant(tenant, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'storage.copies_repaired')).orderBy(auditEvents.id));
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ missing: 1, damaged: 1, repaired: 2, unrepairable: 0 });

    // A second scrub finds everything whole.
    const again = await scrubLocations(store, { db, orphanGraceMs: 60 * 60_000 });
    for (const location of again.locations) expect(location).toMatchObject({ missing: 0, damaged: 0, orphaned: 0, repaired: 0, unrepairable: 0 });
  });

  it('a location that is down is reported unreachable (metric 0, status), the others are still scrubbed', async () => {
    await s3.stop();
    try {
      const report = await scrubLocations(store, { db });
      expect(report.locations[2]).toMatchObject({ location: remote.name, reachable: false });
      expect(report.locations[0]).toMatchObject({ reachable: true, objects: 3 });
      expect((await storageLocationUp.get()).values.find((v) => v.labels.location === remote.name)?.value).toBe(0);
      const status = await storageStatus(store, db);
      expect(status).toMatchObject({ writeQuorum: 2, replicated: true, blobs: { count: 3 } });
      expect(status.locations.map((l) => [l.name, l.reachable])).toEqual([
        [a.name, true],
        [b.name, true],
        [remote.name, false],
      ]);
      expect(status.locations[2]!.healthyAtLastScrub).toBe(false);
    } finally {
      await s3.restart();
    }
  });
});
