import type { Db } from '../../db/client.js';
import type { RecurringJob } from '../../jobs/recurring-jobs.js';
import { purgeEndedStaffTenantSessions } from './staff-grants.repository.js';
import { expireDueGrants } from './staff-grants.service.js';

export const STAFF_EXPIRE_GRANTS = 'staff.expire_grants';

/**
 * Grants past their time are marked expired and their sessions ended every minute. Nothing waits
 * for it: a session is refused from the instant its grant's end passes (the check reads expires_at).
 * Sessions ended more than 30 days ago are deleted (until then a request with one is refused and audited).
 */
export function staffRecurringJobs(db: Db): RecurringJob[] {
  return [
    {
      kind: STAFF_EXPIRE_GRANTS,
      everyMs: 60_000,
      run: async () => {
        await expireDueGrants(db);
        await purgeEndedStaffTenantSessions(db.owner);
      },
    },
  ];
}
