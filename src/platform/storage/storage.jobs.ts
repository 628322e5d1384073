import { z } from 'zod';
import type { JobHandlers } from '../jobs/job-registry.js';
import type { RecurringJob } from '../jobs/recurring-jobs.js';
import { STORAGE_REPAIR_JOB, type ReplicatedBlobStore } from './replicated-blob-store.js';
import { scrubLocations, type ScrubOptions } from './scrubber.js';

const repairPayload = z.object({ tenantId: z.uuid(), hash: z.string().regex(/^[0-9a-f]{64}$/) });

export const STORAGE_SCRUB = 'storage.scrub';

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

/** The scrub: every location walked and checked once a day (one node at a time). */
export function storageRecurringJobs(store: ReplicatedBlobStore, options: ScrubOptions & { everyMs?: number }): RecurringJob[] {
  return [
    {
      kind: STORAGE_SCRUB,
      everyMs: options.everyMs ?? 24 * 60 * 60_000,
      run: async () => {
        await scrubLocations(store, options);
      },
    },
  ];
}
