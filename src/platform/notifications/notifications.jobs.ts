import type { Db } from '../db/client.js';
import type { RecurringJob } from '../jobs/recurring-jobs.js';
import { listTenants } from '../tenancy/tenants.repository.js';
import { deleteNotificationsBefore } from './notifications.repository.js';

/** How long a notice stays in the inbox, read or not. */
export const NOTIFICATION_RETENTION_DAYS = 180;

export const NOTIFICATIONS_SWEEP = 'notifications.sweep';

/** Deletes notices older than the retention period in every site, once a day (they name courses and dates of a person). */
export async function sweepOldNotifications(db: Db, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - NOTIFICATION_RETENTION_DAYS * 86_400_000);
  let deleted = 0;
  for (const tenant of await listTenants(db.owner)) deleted += await db.withTenant(tenant.id, (tx) => deleteNotificationsBefore(tx, cutoff));
  return deleted;
}

export function notificationsRecurringJobs(db: Db): RecurringJob[] {
  return [{ kind: NOTIFICATIONS_SWEEP, everyMs: 24 * 60 * 60_000, run: () => sweepOldNotifications(db).then(() => undefined) }];
}
