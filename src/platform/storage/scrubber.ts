import type { Db } from '../db/client.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { BlobLocation } from './blob-location.js';
import { blobKey, isPlatformKey, parseBlobKey } from './blob-key.js';
import type { CopyState, ReplicatedBlobStore, StorageLog } from './replicated-blob-store.js';
import { blobRowsAfter, findBlob, saveLocationStats } from './storage.repository.js';
import { storageLocationUp, storageScrubBytes, storageScrubLastSuccess, storageScrubObjects } from './storage.metrics.js';
import { TenantDataKeyMissingError } from './tenant-data-keys.js';

export interface ScrubOptions {
  db: Db;
  log?: StorageLog;
  /** A copy without a row is deleted only when older than this (its row may be about to commit); default 1 hour. */
  orphanGraceMs?: number;
}

/** What the scrub found at one location. */
export interface LocationScrubReport {
  location: string;
  /** Whether the location could be listed. */
  reachable: boolean;
  error: string | null;
  /** Copies of stored blobs found, and their stored bytes. */
  objects: number;
  bytes: number;
  /** Stored blobs without a copy here. */
  missing: number;
  /** Copies that did not verify (decrypt + hash). */
  damaged: number;
  /** Copies of no stored blob, older than the grace period: deleted. */
  orphaned: number;
  /** Objects whose key is not one the store makes: counted and left alone (they are not ours). */
  foreign: number;
  /** Missing or damaged copies rewritten from a good one. */
  repaired: number;
  /** Missing or damaged copies that could not be rewritten. */
  unrepairable: number;
}

export interface ScrubReport {
  startedAt: Date;
  finishedAt: Date;
  /** Plain bytes verified (each copy counts). */
  verifiedBytes: number;
  locations: LocationScrubReport[];
}

const RESULTS = ['objects', 'missing', 'damaged', 'orphaned', 'foreign', 'repaired', 'unrepairable'] as const;

function emptyReport(location: BlobLocation): LocationScrubReport {
  return { location: location.name, reachable: true, error: null, objects: 0, bytes: 0, missing: 0, damaged: 0, orphaned: 0, foreign: 0, repaired: 0, unrepairable: 0 };
}

interface TenantTally {
  missing: number;
  damaged: number;
  repaired: number;
  unrepairable: number;
}

/**
 * Walks every location and checks every copy: its key must parse, a row must exist (else it is
 * an orphan, deleted once older than the grace period), its bytes must verify. Then every row
 * must have a copy at every location. Missing and damaged copies are rewritten from a good one.
 * The result goes to the log, the metrics, storage_location_stats and the audit log of each
 * tenant whose copies were repaired (audit events belong to a tenant; the platform-wide result
 * is in the log, the metrics and the stats).
 */
export async function scrubLocations(store: ReplicatedBlobStore, options: ScrubOptions): Promise<ScrubReport> {
  const { db } = options;
  const log = options.log;
  const graceMs = options.orphanGraceMs ?? 60 * 60_000;
  const startedAt = new Date();
  const reports = new Map<BlobLocation, LocationScrubReport>();
  /** Per blob (`tenant/hash`), the state of each copy that was not good. */
  const bad = new Map<string, Map<BlobLocation, CopyState>>();
  const seen = new Map<BlobLocation, Set<string>>();
  let verifiedBytes = 0;

  // The locations are walked side by side: each is mostly waiting on its own disk or network.
  await Promise.all(store.locations.map(async (location) => {
    const report = emptyReport(location);
    reports.set(location, report);
    const keys = new Set<string>();
    seen.set(location, keys);
    try {
      for await (const object of location.list('')) {
        // The platform's own objects (database snapshots) are checked by their owner, not here.
        if (isPlatformKey(object.key)) continue;
        const parsed = parseBlobKey(object.key);
        if (!parsed) {
          report.foreign++;
          log?.warn({ location: location.name, key: object.key }, 'storage scrub: an object whose key the store does not make; left alone');
          continue;
        }
        keys.add(object.key);
        const row = await findBlob(db.owner, parsed.tenantId, parsed.hash);
        if (!row) {
          if (startedAt.getTime() - object.modifiedAt.getTime() > graceMs) {
            await location.delete(object.key);
            report.orphaned++;
          }
          continue;
        }
        report.objects++;
        report.bytes += object.size;
        let state: CopyState;
        try {
          state = await store.checkCopy(location, row);
        } catch (error) {
          if (error instanceof TenantDataKeyMissingError) continue; // the tenant is being erased
          throw error;
        }
        if (state === 'good') verifiedBytes += row.size;
        else {
          if (state === 'damaged') report.damaged++;
          const id = `${row.tenantId}/${row.hash}`;
          const states = bad.get(id) ?? new Map<BlobLocation, CopyState>();
          states.set(location, state);
          bad.set(id, states);
        }
      }
      storageLocationUp.set({ location: location.name }, 1);
    } catch (error) {
      report.reachable = false;
      report.error = (error as Error).message;
      storageLocationUp.set({ location: location.name }, 0);
      log?.error({ location: location.name, err: error as Error }, 'storage scrub: the location could not be walked');
    }
  }));

  // Every blob stored before the walk began must have a copy at every location that was walked.
  let after: { tenantId: string; hash: string } | undefined;
  for (;;) {
    const page = await blobRowsAfter(db.owner, after, 1000);
    if (page.length === 0) break;
    const last = page[page.length - 1]!;
    after = { tenantId: last.tenantId, hash: last.hash };
    for (const row of page) {
      if (row.createdAt >= startedAt) continue;
      const key = blobKey(row.tenantId, row.hash);
      for (const location of store.locations) {
        const report = reports.get(location)!;
        if (!report.reachable || seen.get(location)!.has(key)) continue;
        report.missing++;
        const id = `${row.tenantId}/${row.hash}`;
        const states = bad.get(id) ?? new Map<BlobLocation, CopyState>();
        states.set(location, 'missing');
        bad.set(id, states);
      }
    }
  }

  const tallies = new Map<string, TenantTally>();
  for (const [id, states] of bad) {
    const [tenantId, hash] = id.split('/') as [string, string];
    const tally = tallies.get(tenantId) ?? { missing: 0, damaged: 0, repaired: 0, unrepairable: 0 };
    tallies.set(tenantId, tally);
    for (const state of states.values()) {
      if (state === 'missing') tally.missing++;
      if (state === 'damaged') tally.damaged++;
    }
    // Copies found good need not be read again.
    const known = new Map<BlobLocation, CopyState>(states);
    for (const location of store.locations) {
      if (!known.has(location) && reports.get(location)!.reachable) known.set(location, 'good');
    }
    const result = await store.repair(tenantId, hash, known);
    for (const location of store.locations) {
      const report = reports.get(location)!;
      if (!report.reachable) continue;
      if (result.repaired.includes(location.name)) {
        report.repaired++;
        tally.repaired++;
      } else if (result.unrepairable.includes(location.name)) {
        report.unrepairable++;
        tally.unrepairable++;
      }
    }
  }

  const finishedAt = new Date();
  const locations = [...reports.values()];
  for (const report of locations) {
    for (const result of RESULTS) storageScrubObjects.set({ location: report.location, result }, report[result]);
    storageScrubBytes.set({ location: report.location }, report.bytes);
    await saveLocationStats(db.owner, {
      location: report.location,
      healthy: report.reachable && report.unrepairable === 0,
      objects: report.objects,
      bytes: report.bytes,
      lastError: report.error ?? (report.unrepairable > 0 ? `${report.unrepairable} copies could not be repaired` : null),
    });
    const level = !report.reachable || report.unrepairable > 0 ? 'error' : report.missing + report.damaged > 0 ? 'warn' : 'info';
    log?.[level]({ ...report, scrub: true }, 'storage scrub: location checked');
  }
  for (const [tenantId, tally] of tallies) {
    await db.withTenant(tenantId, (tx) =>
      insertAuditEvent(tx, { action: 'storage.copies_repaired', targetType: 'storage', details: { ...tally, startedAt: startedAt.toISOString() } }),
    ).catch((error: unknown) => log?.warn({ tenantId, err: error as Error }, 'storage scrub: could not write the audit event'));
  }
  if (locations.every((r) => r.reachable)) storageScrubLastSuccess.set(finishedAt.getTime() / 1000);
  return { startedAt, finishedAt, verifiedBytes, locations };
}
