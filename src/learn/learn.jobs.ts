import { z } from 'zod';
import type { JobHandlers, RecurringJob } from '../platform/jobs/index.js';
import { listTenants } from '../platform/tenancy/index.js';
import { sweepExpiredUploads } from './courses/package-uploads.service.js';
import { sweepExpiredPurchasedAccess } from './enrolments/purchased-access.js';
import { sweepExpiredGrants } from './launch/launch-grants.service.js';
import type { LearnDeps } from './learn-deps.js';
import { LEARN_NOTIFY_ENROLLED } from './notifications/enrolment-notices.js';
import { scanDueNotices, sendEnrolledNotices } from './notifications/notices.service.js';

const enrolledPayload = z.object({ enrolmentIds: z.array(z.uuid()), mail: z.boolean().default(true) });

/** How often due dates are scanned for reminders and overdue notices. */
export const DUE_NOTICE_SCAN_MS = 15 * 60_000;
export const LEARN_DUE_NOTICES = 'learn.due_notices';
export const LEARN_SWEEP_UPLOADS = 'learn.sweep_uploads';
export const LEARN_SWEEP_GRANTS = 'learn.sweep_launch_grants';
export const LEARN_END_PURCHASED_ACCESS = 'learn.end_purchased_access';
/** How often access bought for N days is checked for its end: a buyer keeps it at most this long past the day. */
const PURCHASED_ACCESS_SCAN_MS = 10 * 60_000;
const HOUR_MS = 60 * 60_000;

/** The Learn area's background jobs (notifications), by job kind. */
export function learnJobHandlers(deps: Pick<LearnDeps, 'db' | 'config'>): JobHandlers {
  return {
    [LEARN_NOTIFY_ENROLLED]: async (payload, job) => {
      if (!job.tenantId) throw new Error(`${LEARN_NOTIFY_ENROLLED} job ${job.id} has no tenant`);
      const { enrolmentIds, mail } = enrolledPayload.parse(payload);
      await sendEnrolledNotices(deps, job.tenantId, enrolmentIds, { mail });
    },
  };
}

/** The Learn area's periodic jobs: the reminder and overdue scan; expired package uploads removed with their bytes; expired launch credentials; bought access whose time is over. */
export function learnRecurringJobs(deps: Pick<LearnDeps, 'db' | 'config'>): RecurringJob[] {
  return [
    {
      kind: LEARN_DUE_NOTICES,
      everyMs: DUE_NOTICE_SCAN_MS,
      run: async () => {
        await scanDueNotices(deps);
      },
    },
    {
      kind: LEARN_SWEEP_UPLOADS,
      everyMs: HOUR_MS,
      run: async () => {
        for (const tenant of await listTenants(deps.db.owner)) await sweepExpiredUploads(deps, tenant.id);
      },
    },
    {
      kind: LEARN_SWEEP_GRANTS,
      everyMs: HOUR_MS,
      run: async () => {
        for (const tenant of await listTenants(deps.db.owner)) await sweepExpiredGrants(deps.db, tenant.id);
      },
    },
    {
      kind: LEARN_END_PURCHASED_ACCESS,
      everyMs: PURCHASED_ACCESS_SCAN_MS,
      run: async () => {
        for (const tenant of await listTenants(deps.db.owner)) await sweepExpiredPurchasedAccess(deps.db, tenant.id);
      },
    },
  ];
}
