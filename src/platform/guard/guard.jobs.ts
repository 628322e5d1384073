import type { Db } from '../db/client.js';
import type { RecurringJob } from '../jobs/recurring-jobs.js';
import { listTenants } from '../tenancy/tenants.repository.js';
import { pruneGuardData } from './intrusion.service.js';

const HOUR_MS = 60 * 60_000;

/** Hourly: forget failures older than every window and bans that ended a day ago, per tenant. */
export function guardRecurringJobs(db: Db): RecurringJob[] {
  return [
    {
      kind: 'guard.prune',
      everyMs: HOUR_MS,
      run: async () => {
        for (const tenant of await listTenants(db.owner)) await pruneGuardData(db, tenant);
      },
    },
  ];
}
