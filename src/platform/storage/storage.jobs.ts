import { z } from 'zod';
import type { JobHandlers } from '../jobs/job-registry.js';
import type { RecurringJob } from '../jobs/recurring-jobs.js';
import type { BlobReferences } from './blob-store.js';
import { STORAGE_REPAIR_JOB, type ReplicatedBlobStore } from './replicated-blob-store.js';
import { scrubLocations, type ScrubOptions } from './scrubber.js';

const repairPayload = z.object({ tenantId: z.uuid(), hash: z.string().regex(/^[0-9a-f]{64}$/) });

export const STORAGE_SCRUB = 'storage.scrub';
export const STORAGE_COLLECT = 'storage.collect';
/** A blob younger than this is kept even when nothing refers to it yet: the row that will refer to it may not have committed. */
export const COLLECT_GRACE_MS = 24 * 60 * 60_000;

/**
 * Repairs queued by writes that missed a location and by reads that found a bad copy. A copy
 * that could not be rewritten (its location still down, or no good copy yet) fails the attempt,
 * so the job is retried with back-off.
 */
export function storageJobHandlers(store: ReplicatedBlobStore): JobHandlers {
  return {
    [STORAGE_REPAIR_JOB]: async (payload) => {
      const { tenantId, hash } = repairPayload.parse(payload);
      const result = await store.repair(tenantId, hash);
      if (result.unrepairable.length > 0) throw new Error(`blob ${tenantId}/${hash}: could not repair the copy at ${result.unrepairable.join(', ')}`);
    },
  };
}

/**
 * The scrub: every location walked and checked once a day (one node at a time); and the collector,
 * which deletes blobs no area refers to any more (a day after they were stored). Without any
 * reference source there is no collector: it would take every blob for garbage.
 */
export function storageRecurringJobs(store: ReplicatedBlobStore, options: ScrubOptions & { everyMs?: number; references?: BlobReferences[] }): RecurringJob[] {
  const references = options.references ?? [];
  return [
    {
      kind: STORAGE_SCRUB,
      everyMs: options.everyMs ?? 24 * 60 * 60_000,
      run: async () => {
        await scrubLocations(store, options);
      },
    },
    ...(references.length === 0
      ? []
      : [
          {
            kind: STORAGE_COLLECT,
            everyMs: 24 * 60 * 60_000,
            run: async () => {
              await store.collectUnreferenced(references, COLLECT_GRACE_MS);
            },
          },
        ]),
  ];
}
