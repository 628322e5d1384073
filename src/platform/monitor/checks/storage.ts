import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { BlobRow } from '../../storage/storage.repository.js';
import type { ReplicatedBlobStore } from '../../storage/replicated-blob-store.js';
import { storageStatus } from '../../storage/storage-status.js';
import { TenantDataKeyMissingError } from '../../storage/tenant-data-keys.js';
import type { CheckResult } from '../check.js';

export interface StorageCheckOptions {
  /** Copies checked at each location per run: the newest blobs and as many picked at random (default 2 each). */
  sample?: number;
  /** Larger blobs are left to the scrubber (default 1 MiB), so a round reads little from each location. */
  maxSampleBytes?: number;
}

/** A blob found damaged at a location is looked at again on the next runs until it is good (kept in the result's memo). */
interface StorageMemo {
  suspects: { tenantId: string; hash: string }[];
}

const MAX_SUSPECTS = 20;

/**
 * Each storage location, from the storage module's own health information (a probe now, what the
 * last scrub found) and a spot check: a few copies read back and verified, so a replica that
 * answers with wrong bytes shows within a run, not only at the next daily scrub. Values: `up`
 * (the probe answered), `damaged` (copies read back that did not verify), `unhealthy_at_last_scrub`.
 */
export async function checkStorage(store: ReplicatedBlobStore, db: Db, previous: ReadonlyMap<string, Record<string, unknown> | null>, options: StorageCheckOptions = {}): Promise<CheckResult[]> {
  const status = await storageStatus(store, db);
  const sample = await sampleBlobs(db, options.sample ?? 2, options.maxSampleBytes ?? 1024 * 1024);
  return Promise.all(
    status.locations.map(async (location): Promise<CheckResult> => {
      const component = `storage:${location.name}`;
      const scrub = location.lastScrubAt
        ? `last scrub ${location.lastScrubAt.toISOString()}${location.healthyAtLastScrub ? '' : `: not whole (${location.lastScrubError ?? 'see the log'})`}`
        : 'never scrubbed';
      const unhealthy = location.healthyAtLastScrub === false ? 1 : 0;
      if (!location.reachable) {
        return { component, status: 'critical', values: { up: 0, unhealthy_at_last_scrub: unhealthy }, message: `unreachable: ${location.error}; ${scrub}`, memo: previous.get(component) ?? undefined };
      }
      const memo = (previous.get(component) ?? { suspects: [] }) as unknown as StorageMemo;
      const target = store.locations.find((l) => l.name === location.name)!;
      const candidates = new Map<string, BlobRow>();
      for (const row of [...(await suspectRows(db, memo.suspects ?? [])), ...sample]) candidates.set(`${row.tenantId}/${row.hash}`, row);
      const damaged: { tenantId: string; hash: string }[] = [];
      let checked = 0;
      for (const row of candidates.values()) {
        let state;
        try {
          state = await store.checkCopy(target, row);
        } catch (error) {
          if (error instanceof TenantDataKeyMissingError) continue; // the tenant is being erased
          throw error;
        }
        if (state === 'damaged') damaged.push({ tenantId: row.tenantId, hash: row.hash });
        if (state !== 'unreachable') checked++;
      }
      const values = { up: 1, probe_ms: location.probeMs, damaged: damaged.length, checked, unhealthy_at_last_scrub: unhealthy };
      const found = damaged.length > 0 ? `${damaged.length} of ${checked} copies read back answered with wrong bytes; ` : `${checked} copies read back verified; `;
      return {
        component,
        status: damaged.length > 0 || unhealthy ? 'warning' : 'ok',
        values,
        message: `${found}${scrub}`,
        memo: { suspects: damaged.slice(0, MAX_SUSPECTS) },
      };
    }),
  );
}

/** The newest blobs and a few from a random point of the key space (the primary key's order, so no table scan). */
async function sampleBlobs(db: Db, count: number, maxBytes: number): Promise<BlobRow[]> {
  if (count <= 0) return [];
  const columns = sql`tenant_id as "tenantId", hash, size::float8 as size, stored_size::float8 as "storedSize", created_at as "createdAt"`;
  const newest = await queryRows<BlobRow>(db.owner, sql`select ${columns} from storage_blobs where size <= ${maxBytes} order by created_at desc limit ${count}`);
  const random = await queryRows<BlobRow>(
    db.owner,
    sql`select ${columns} from storage_blobs where (tenant_id, hash) >= (gen_random_uuid(), md5(random()::text)) and size <= ${maxBytes} order by tenant_id, hash limit ${count}`,
  );
  return [...newest, ...random].map(normalise);
}

async function suspectRows(db: Db, suspects: readonly { tenantId: string; hash: string }[]): Promise<BlobRow[]> {
  const rows: BlobRow[] = [];
  for (const { tenantId, hash } of suspects.slice(0, MAX_SUSPECTS)) {
    const found = await queryRows<BlobRow>(
      db.owner,
      sql`select tenant_id as "tenantId", hash, size::float8 as size, stored_size::float8 as "storedSize", created_at as "createdAt" from storage_blobs where tenant_id = ${tenantId} and hash = ${hash}`,
    );
    rows.push(...found.map(normalise));
  }
  return rows;
}

function normalise(row: BlobRow): BlobRow {
  return { ...row, size: Number(row.size), storedSize: Number(row.storedSize), createdAt: new Date(row.createdAt) };
}
