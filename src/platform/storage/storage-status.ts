import type { Db } from '../db/client.js';
import type { ReplicatedBlobStore } from './replicated-blob-store.js';
import { blobTotals, listLocationStats } from './storage.repository.js';
import { storageLocationUp } from './storage.metrics.js';

export interface LocationStatus {
  name: string;
  /** Whether the location answered a probe just now. */
  reachable: boolean;
  /** Why not, when it did not. */
  error: string | null;
  probeMs: number;
  /** Objects and bytes as the last scrub counted them (null: never scrubbed). */
  objects: number | null;
  bytes: number | null;
  /** Whether the last scrub found the location whole (reachable, nothing left unrepaired). */
  healthyAtLastScrub: boolean | null;
  lastScrubAt: Date | null;
  lastScrubError: string | null;
}

export interface StorageStatus {
  writeQuorum: number;
  /** Whether every blob is kept at two or more locations. */
  replicated: boolean;
  /** The blobs the database knows: how many, their plain bytes, and the bytes of one copy each. */
  blobs: { count: number; bytes: number; storedBytes: number };
  locations: LocationStatus[];
}

/** Each location probed now, with what the last scrub found there. */
export async function storageStatus(store: ReplicatedBlobStore, db: Db): Promise<StorageStatus> {
  const stats = new Map((await listLocationStats(db.owner)).map((row) => [row.location, row]));
  const locations = await Promise.all(
    store.locations.map(async (location): Promise<LocationStatus> => {
      const started = performance.now();
      let error: string | null = null;
      try {
        await location.probe();
      } catch (problem) {
        error = (problem as Error).message || String(problem);
      }
      storageLocationUp.set({ location: location.name }, error === null ? 1 : 0);
      const last = stats.get(location.name);
      return {
        name: location.name,
        reachable: error === null,
        error,
        probeMs: Math.round(performance.now() - started),
        objects: last?.objects ?? null,
        bytes: last?.bytes ?? null,
        healthyAtLastScrub: last?.healthy ?? null,
        lastScrubAt: last?.checkedAt ?? null,
        lastScrubError: last?.lastError ?? null,
      };
    }),
  );
  const totals = await blobTotals(db.owner);
  return {
    writeQuorum: store.writeQuorum,
    replicated: store.locations.length >= 2,
    blobs: { count: totals.blobs, bytes: totals.bytes, storedBytes: totals.storedBytes },
    locations,
  };
}
