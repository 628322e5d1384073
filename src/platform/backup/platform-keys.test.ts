import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestBlobStore } from '../../../test/blob-stores.js';
import { createTestDb } from '../../../test/db.js';
import type { Db } from '../db/client.js';
import { InvalidBlobKeyError } from '../storage/blob-key.js';
import type { LocalLocation } from '../storage/local-location.js';
import type { ReplicatedBlobStore } from '../storage/replicated-blob-store.js';
import { scrubLocations } from '../storage/scrubber.js';
import { dataKeyOf, manifestKeyOf, newSnapshotId, readCatalogue } from './snapshot-store.js';

// Snapshots share the storage locations with the tenants' files: under keys of their own, which the scrubber leaves alone.
describe('the platform keys of the storage locations', () => {
  let db: Db;
  let store: ReplicatedBlobStore;
  beforeAll(async () => {
    db = await createTestDb();
    const root = path.join(mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'lectern-platform-keys-')), 'store');
    store = await openTestBlobStore(db, [{ kind: 'local', name: `local:${root}`, root }]);
  });
  afterAll(async () => {
    await store?.close();
    await db?.close();
  });

  it('a location takes snapshot keys and still refuses any other shape', async () => {
    const location = store.locations[0] as LocalLocation;
    const id = newSnapshotId(new Date('2026-12-06T03:00:00Z'));
    expect(id).toMatch(/^20261206T030000Z-[0-9a-f]{6}$/);
    await location.put(dataKeyOf(id), Readable.from([Buffer.from('sealed')]), 6);
    expect(await location.head(dataKeyOf(id))).toEqual({ size: 6 });
    for (const key of ['platform/backups/../../etc/passwd', 'platform/Backups/x', 'platform/backups/', 'platform/backups/a/b', 'platform//x', '/platform/backups/x', 'platform/backups/.hidden']) {
      await expect(location.put(key, Readable.from([Buffer.from('x')]), 1), key).rejects.toThrow(InvalidBlobKeyError);
    }
    await expect((async () => {
      for await (const object of location.list('platform/')) void object;
    })()).rejects.toThrow(InvalidBlobKeyError);
    const listed: string[] = [];
    for await (const object of location.list('platform/backups/')) listed.push(object.key);
    expect(listed).toEqual([dataKeyOf(id)]);
  });

  it('a planted manifest dated ahead, one whose time is not that of its id, or one too large does not count, and the location stays listed', async () => {
    const location = store.locations[0] as LocalLocation;
    const plant = async (at: Date, createdAt: string, padding = '') => {
      const id = newSnapshotId(at);
      const manifest = { format: 'lectern-db-snapshot', version: 1, id, createdAt, plainSize: 1, plainSha256: 'a'.repeat(64), sealedSize: 6, keyId: '0123abcd', migrations: 1, lecternVersion: 'x', padding };
      const json = Buffer.from(JSON.stringify(manifest));
      await location.put(dataKeyOf(id), Readable.from([Buffer.from('sealed')]), 6);
      await location.put(manifestKeyOf(id), Readable.from([json]), json.length);
      return id;
    };
    const now = Date.parse('2026-12-06T12:00:00Z');
    const genuine = await plant(new Date('2026-12-05T03:00:00Z'), '2026-12-05T03:00:00.123Z');
    await plant(new Date('2099-12-31T00:00:00Z'), '2099-12-31T00:00:00.000Z');
    await plant(new Date('2026-12-04T03:00:00Z'), '2026-12-06T11:59:00.000Z');
    await plant(new Date('2026-12-03T03:00:00Z'), '2026-12-03T03:00:00.000Z', 'x'.repeat(70 * 1024));
    const catalogue = await readCatalogue([location], null, now);
    expect(catalogue.locations).toEqual([{ name: location.name, ok: true }]);
    // Without the installation's key nothing verifies: the well-formed one is listed as unverified, the rest refused.
    expect(catalogue.snapshots).toEqual([]);
    expect(catalogue.unverified.map((entry) => [entry.manifest.id, entry.why])).toEqual([[genuine, 'no_key_file']]);
    expect(catalogue.refused.map((copy) => copy.reason).sort()).toEqual(['it is larger than 65536 bytes', 'its time is not the one its id names', 'its time lies in the future']);
  });

  it('the scrubber neither deletes snapshots as orphans nor counts them as foreign', async () => {
    const location = store.locations[0] as LocalLocation;
    const id = newSnapshotId(new Date('2026-12-07T03:00:00Z'));
    await location.put(manifestKeyOf(id), Readable.from([Buffer.from('{}')]), 2);
    const report = await scrubLocations(store, { db, orphanGraceMs: 0 });
    expect(report.locations[0]).toMatchObject({ reachable: true, foreign: 0, orphaned: 0 });
    expect(await location.head(manifestKeyOf(id))).toEqual({ size: 2 });
  });
});
