import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { S3_TEST_CREDENTIALS, startS3Server, type TestS3Server } from '../../../test/s3-server.js';
import { openDatabase, queryRows, type Db } from '../db/client.js';
import { DATA_DIR_LOCK_FILE, DataDirInUseError } from '../db/data-dir-lock.js';
import type { BlobLocation } from '../storage/blob-location.js';
import { LocalLocation } from '../storage/local-location.js';
import { S3Location } from '../storage/s3-location.js';
import { backupLastSuccess } from '../monitor/backup.metrics.js';
import { backupKeyOf, type BackupKey } from './backup-key.js';
import { runScheduledSnapshot } from './backup.jobs.js';
import { embeddedBackupStatus, pruneSnapshots, takeEmbeddedSnapshot } from './embedded-snapshots.js';
import { restoreEmbeddedSnapshot } from './restore-snapshot.js';
import { Readable } from 'node:stream';
import { dataKeyOf, manifestKeyOf, newSnapshotId, readCatalogue, signManifest, SnapshotKeyMismatchError, type SnapshotManifest } from './snapshot-store.js';

function scratch(prefix: string): string {
  return mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), prefix));
}

/** An embedded database on a data directory of its own, from the run's template when there is one. */
async function openEmbedded(dataDir: string): Promise<Db> {
  const template = inject('pgliteTemplate');
  return openDatabase({ kind: 'pglite', dataDir, ...(template && !existsSync(path.join(dataDir, 'PG_VERSION')) ? { loadDataDir: new Blob([readFileSync(template)]) } : {}) });
}

function s3Location(server: TestS3Server, bucket: string): S3Location {
  return new S3Location({
    kind: 's3',
    name: `s3://${bucket}/@127.0.0.1:${server.port}`,
    bucket,
    prefix: '',
    endpoint: server.endpoint,
    region: 'eu-central-1',
    pathStyle: true,
    credentials: S3_TEST_CREDENTIALS,
  });
}

async function titles(db: Db): Promise<string[]> {
  return (await queryRows<{ name: string }>(db.owner, sql`select name from tenants order by name`)).map((row) => row.name);
}

async function addTenant(db: Db, name: string): Promise<void> {
  await db.owner.execute(sql`insert into tenants (slug, name) values (${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}, ${name})`);
}

describe('snapshots of the embedded database', { timeout: 120_000 }, () => {
  let server: TestS3Server;
  let key: BackupKey;
  let dataDir: string;
  let db: Db;
  let locations: BlobLocation[];
  let spoolDir: string;

  beforeAll(async () => {
    server = await startS3Server(['snapshots', 'down-a', 'down-b']);
    key = backupKeyOf(randomBytes(32));
    dataDir = path.join(scratch('lectern-backup-'), 'data');
    spoolDir = path.join(dataDir, 'tmp');
    db = await openEmbedded(dataDir);
    const root = scratch('lectern-backup-locations-');
    locations = [await LocalLocation.open(path.join(root, 'a')), await LocalLocation.open(path.join(root, 'b')), s3Location(server, 'snapshots')];
  }, 300_000);
  afterAll(async () => {
    await db?.close();
    for (const location of locations ?? []) await location.close();
    await server?.close();
  });

  it('stores a sealed snapshot at every location, and a restore into a fresh directory gives the same rows', async () => {
    await addTenant(db, 'Before the snapshot');
    const taken = await takeEmbeddedSnapshot(db, dataDir, { locations, writeQuorum: 2, key, spoolDir });
    expect(taken.locations.sort()).toEqual(locations.map((l) => l.name).sort());
    await addTenant(db, 'After the snapshot');

    // What is stored is not a readable database: no table name in the clear.
    const stored = readFileSync(path.join((locations[0] as LocalLocation).root, dataKeyOf(taken.manifest.id)));
    expect(stored.length).toBe(taken.manifest.sealedSize);
    expect(stored.includes(Buffer.from('Before the snapshot'))).toBe(false);

    const status = await embeddedBackupStatus(locations, key);
    expect(status.state).toBe('ok');
    expect(status.latest?.id).toBe(taken.manifest.id);
    expect(status.latest?.locations).toHaveLength(3);

    const fresh = path.join(scratch('lectern-restore-'), 'data');
    const restored = await restoreEmbeddedSnapshot({ dataDir: fresh, locations: [locations[2]!], key, snapshot: taken.manifest.id });
    expect(restored.asideDir).toBeNull();
    expect(restored.from).toBe(locations[2]!.name);
    const copy = await openDatabase({ kind: 'pglite', dataDir: fresh });
    try {
      const names = await titles(copy);
      expect(names).toContain('Before the snapshot');
      expect(names).not.toContain('After the snapshot');
      expect(names).toEqual((await titles(db)).filter((name) => name !== 'After the snapshot'));
    } finally {
      await copy.close();
    }
  });

  it('passes over a damaged copy (found by its hash) and restores from another location, keeping the replaced files aside', async () => {
    const taken = await takeEmbeddedSnapshot(db, dataDir, { locations, writeQuorum: 3, key, spoolDir });
    const file = path.join((locations[0] as LocalLocation).root, dataKeyOf(taken.manifest.id));
    const bytes = readFileSync(file);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(file, bytes);

    const target = path.join(scratch('lectern-restore-over-'), 'data');
    const older = await openEmbedded(target);
    await addTenant(older, 'Only in the replaced database');
    await older.close();

    const restored = await restoreEmbeddedSnapshot({ dataDir: target, locations, key, snapshot: 'latest', now: () => new Date('2026-12-06T10:00:00Z') });
    expect(restored.id).toBe(taken.manifest.id);
    expect(restored.passedOver.map((p) => p.name)).toEqual([locations[0]!.name]);
    expect(restored.passedOver[0]!.error).toMatch(/damaged|does not verify/);
    expect(restored.from).toBe(locations[1]!.name);
    expect(restored.asideDir).toBe(`${target}.before-restore-20261206T100000Z`);
    expect(readdirSync(restored.asideDir!)).toContain('PG_VERSION');

    const copy = await openDatabase({ kind: 'pglite', dataDir: target });
    try {
      expect(await titles(copy)).not.toContain('Only in the replaced database');
      expect(await titles(copy)).toContain('Before the snapshot');
    } finally {
      await copy.close();
    }
  });

  it('a restore that fails half-way through the swap puts the old database back', async () => {
    await takeEmbeddedSnapshot(db, dataDir, { locations, writeQuorum: 3, key, spoolDir });
    const target = path.join(scratch('lectern-restore-undo-'), 'data');
    const older = await openEmbedded(target);
    await addTenant(older, 'Only in the old database');
    await older.close();
    // The restore's own scratch directory (DATA_DIR/tmp) aside, DATA_DIR holds what it held.
    const entries = () => readdirSync(target).filter((name) => name !== 'tmp').sort();
    const before = entries();

    // The disk fails after the old files are aside and a few restored ones are in.
    let moves = 0;
    const failing = async (from: string, to: string) => {
      if (from.includes(`${path.sep}tmp${path.sep}restore-`) && ++moves > 3) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      await rename(from, to);
    };
    const now = () => new Date('2026-12-06T11:00:00Z');
    await expect(restoreEmbeddedSnapshot({ dataDir: target, locations, key, snapshot: 'latest', now, rename: failing })).rejects.toThrow(/EIO/);
    expect(entries()).toEqual(before);
    expect(existsSync(`${target}.before-restore-20261206T110000Z`)).toBe(false);
    const copy = await openDatabase({ kind: 'pglite', dataDir: target });
    try {
      expect(await titles(copy)).toContain('Only in the old database');
    } finally {
      await copy.close();
    }
  });

  it('refuses to restore with another secret key, and while another process holds DATA_DIR', async () => {
    const target = path.join(scratch('lectern-restore-refused-'), 'data');
    const other = backupKeyOf(randomBytes(32));
    await expect(restoreEmbeddedSnapshot({ dataDir: target, locations, key: other, snapshot: 'latest' })).rejects.toThrow(SnapshotKeyMismatchError);
    await expect(restoreEmbeddedSnapshot({ dataDir: target, locations, key: other, snapshot: 'latest' })).rejects.toThrow(/sealed with secret key [0-9a-f]{8}, but LECTERN_SECRET_KEY_FILE holds key/);
    expect(readdirSync(target).filter((name) => name !== 'tmp')).toEqual([]);

    // A live server process holds the data directory (its lock file names it).
    const serverProcess: ChildProcess = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(target, DATA_DIR_LOCK_FILE), `${JSON.stringify({ pid: serverProcess.pid, role: 'server' })}\n`);
      const refused = restoreEmbeddedSnapshot({ dataDir: target, locations, key, snapshot: 'latest' });
      await expect(refused).rejects.toThrow(DataDirInUseError);
      await expect(refused).rejects.toThrow(/The server \(pid \d+\) is using/);
      expect(existsSync(path.join(target, 'PG_VERSION'))).toBe(false);
    } finally {
      serverProcess.kill();
    }
  });

  it('keeps the newest snapshot of each of the last days and weeks, by the injected clock', async () => {
    const root = scratch('lectern-retention-');
    const own = [await LocalLocation.open(path.join(root, 'a')), await LocalLocation.open(path.join(root, 'b'))];
    const times = ['2026-11-09T03:00:00Z', '2026-11-16T03:00:00Z', '2026-11-20T03:00:00Z', '2026-11-27T03:00:00Z', '2026-11-28T03:00:00Z', '2026-11-28T15:00:00Z'];
    const ids: string[] = [];
    for (const time of times) {
      ids.push((await takeEmbeddedSnapshot(db, dataDir, { locations: own, writeQuorum: 2, key, spoolDir, now: () => new Date(time) })).manifest.id);
    }
    // Two days (28th: the later one; 27th), then one more week: the week of the 16th–22nd (the 20th is its newest).
    const result = await pruneSnapshots(own, key, { keepDaily: 2, keepWeekly: 1 }, new Date('2026-11-28T16:00:00Z'));
    expect(result.deleted.sort()).toEqual([ids[0], ids[1], ids[4]].sort());
    const left = await readCatalogue(own, key);
    expect(left.snapshots.map((s) => s.manifest.id)).toEqual([ids[5], ids[3], ids[2]]);
    expect(left.snapshots.every((s) => s.locations.length === 2)).toBe(true);
  });

  it('a planted or altered manifest counts neither as the latest backup nor in the retention, and is listed as such', async () => {
    const root = scratch('lectern-planted-');
    const own = [await LocalLocation.open(path.join(root, 'a')), await LocalLocation.open(path.join(root, 'b'))];
    const genuine = await takeEmbeddedSnapshot(db, dataDir, { locations: own, writeQuorum: 2, key, spoolDir, now: () => new Date('2026-11-20T03:00:00Z') });
    // Someone who can write to the locations plants "newer" snapshots, hoping to pass for a fresh backup and push the genuine one out.
    const put = async (location: BlobLocation, objectKey: string, bytes: Buffer) => location.put(objectKey, Readable.from([bytes]), bytes.length);
    const plant = async (at: string, make: (fields: Omit<SnapshotManifest, 'version' | 'mac'>) => object) => {
      const id = newSnapshotId(new Date(at));
      const { version: _version, mac: _mac, ...fields } = genuine.manifest;
      const json = Buffer.from(JSON.stringify(make({ ...fields, id, createdAt: new Date(at).toISOString() })));
      for (const location of own) {
        await put(location, dataKeyOf(id), Buffer.from('sealed'));
        await put(location, manifestKeyOf(id), json);
      }
      return id;
    };
    const other = backupKeyOf(randomBytes(32));
    const unsigned = await plant('2026-11-26T03:00:00Z', (fields) => ({ ...fields, version: 1 }));
    const otherKey = await plant('2026-11-27T03:00:00Z', (fields) => signManifest({ ...fields, keyId: other.keyId }, other));
    const signedByOther = await plant('2026-11-28T03:00:00Z', (fields) => signManifest(fields, other));
    const unsignedV2 = await plant('2026-11-28T04:00:00Z', (fields) => ({ ...fields, version: 2 }));
    // And the genuine manifest altered at the second location (it claims more migrations).
    const altered = { ...genuine.manifest, migrations: genuine.manifest.migrations + 1 };
    await put(own[1]!, manifestKeyOf(genuine.manifest.id), Buffer.from(JSON.stringify(altered)));

    const catalogue = await readCatalogue(own, key, Date.parse('2026-11-28T12:00:00Z'));
    expect(catalogue.snapshots.map((s) => [s.manifest.id, s.locations])).toEqual([[genuine.manifest.id, [own[0]!.name]]]);
    expect(catalogue.unverified.map((s) => [s.manifest.id, s.why])).toEqual([
      [otherKey, 'other_key'],
      [unsigned, 'unsigned'],
    ]);
    expect(catalogue.refused.map((copy) => [copy.id, copy.reason]).sort()).toEqual(
      [
        [genuine.manifest.id, 'the signature does not match'],
        [signedByOther, 'the signature does not match'],
        [signedByOther, 'the signature does not match'],
        [unsignedV2, 'the manifest is not signed'],
        [unsignedV2, 'the manifest is not signed'],
      ].sort(),
    );
    const status = await embeddedBackupStatus(own, key);
    expect(status.latest?.id).toBe(genuine.manifest.id);
    const pruned = await pruneSnapshots(own, key, { keepDaily: 1, keepWeekly: 0 }, new Date('2026-11-28T12:00:00Z'));
    expect(pruned.deleted).toEqual([]);
    expect(await own[0]!.head(manifestKeyOf(genuine.manifest.id))).not.toBeNull();
    expect(await own[0]!.head(manifestKeyOf(otherKey))).not.toBeNull();
    // 'latest' is the genuine one; the one sealed with another key is refused by its id with the key it needs.
    await expect(restoreEmbeddedSnapshot({ dataDir: path.join(root, 'restored'), locations: own, key, snapshot: otherKey })).rejects.toThrow(SnapshotKeyMismatchError);
    for (const location of own) await location.close();
  });

  it('reports unreachable when no location answers; the scheduled run then fails and deletes nothing', async () => {
    const down = [s3Location(server, 'down-a'), s3Location(server, 'down-b')];
    const config = { dataDir, storage: { locations: [], writeQuorum: 2, spoolDir }, backup: { everyMs: 24 * 3600_000, keepDaily: 1, keepWeekly: 0 } };
    await runScheduledSnapshot({ db, config, locations: down, key, now: () => new Date('2026-12-01T03:00:00Z') });
    const first = await readCatalogue(down, key);
    expect(first.snapshots).toHaveLength(1);

    await server.stop();
    try {
      const status = await embeddedBackupStatus(down, key);
      expect(status.state).toBe('unreachable');
      expect(status.locations.every((l) => !l.ok && l.error)).toBe(true);
      await expect(runScheduledSnapshot({ db, config, locations: down, key, now: () => new Date('2026-12-03T03:00:00Z') })).rejects.toThrow(/no storage location can be listed/);
    } finally {
      await server.restart();
    }
    const after = await readCatalogue(down, key);
    expect(after.snapshots.map((s) => s.manifest.id)).toEqual(first.snapshots.map((s) => s.manifest.id));
    // And the gauge the monitor reads says when the last one succeeded.
    const sample = (await backupLastSuccess.get()).values.find((v) => v.labels.kind === 'embedded_snapshot');
    expect(sample?.value).toBeGreaterThan(0);
    for (const location of down) await location.close();
  });

  it('a snapshot that reaches fewer locations than the write quorum fails', async () => {
    const root = scratch('lectern-quorum-');
    const good = await LocalLocation.open(path.join(root, 'a'));
    const down = s3Location(server, 'down-a');
    await server.stop();
    try {
      await expect(takeEmbeddedSnapshot(db, dataDir, { locations: [good, down], writeQuorum: 2, key, spoolDir })).rejects.toThrow(/reached 1 of the 2 locations/);
    } finally {
      await server.restart();
      await down.close();
    }
    // The spool holds no plain or sealed leftovers.
    expect(readdirSync(spoolDir).filter((name) => name.startsWith('snapshot-'))).toEqual([]);
  });
});
