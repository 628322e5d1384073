import type { Config } from '../../../config.js';
import { insertAuditEvent } from '../../audit/audit.repository.js';
import type { Db } from '../../db/client.js';
import type { RecurringJob } from '../../jobs/recurring-jobs.js';
import { enqueueRenderedMail } from '../../mail/mail.queue.js';
import { addNotifications } from '../../notifications/notifications.service.js';
import { siteUrlOf } from '../../tenancy/site-url.js';
import { listTenants, type Tenant } from '../../tenancy/tenants.repository.js';
import { accessReviewReminderMail } from './access-review-mail.js';
import { listActiveAdmins, listReviewsToRemind, markReminded } from './access-reviews.repository.js';

export const ACCESS_REVIEWS_REMIND = 'access_reviews.remind';

const DAY_MS = 24 * 60 * 60_000;
/**
 * A review is reminded of again once this much time has passed since the last reminder (or its
 * start): at most once a day, and a daily run a little early or late still reminds each day.
 */
export const REMINDER_GAP_MS = 20 * 60 * 60_000;

/** The in-app notice's kind (the web app words it from the params). */
export const ACCESS_REVIEW_NOTICE = 'access.review_reminder';

/** Reminds the site's administrators of each open review (in-app and by mail); returns how many reviews. */
export async function remindOfOpenReviews(db: Db, tenant: Tenant, siteUrl: string, now = new Date()): Promise<number> {
  return db.withTenant(tenant.id, async (tx) => {
    const reviews = await listReviewsToRemind(tx, new Date(now.getTime() - REMINDER_GAP_MS));
    if (reviews.length === 0) return 0;
    const admins = await listActiveAdmins(tx);
    for (const review of reviews) {
      const overdue = review.dueAt.getTime() < now.getTime();
      const open = review.total - review.decided;
      const link = `/access-reviews/${review.id}`;
      await addNotifications(
        tx,
        admins.map((admin) => ({ userId: admin.id, kind: ACCESS_REVIEW_NOTICE, params: { dueAt: review.dueAt.toISOString(), overdue: String(overdue), open: String(open) }, link })),
      );
      for (const admin of admins) {
        const mail = accessReviewReminderMail(admin.language === 'de' ? 'de' : 'en', { firstName: admin.firstName, dueAt: review.dueAt, overdue, open, link: `${siteUrl}${link}`, siteName: tenant.name });
        await enqueueRenderedMail(tx, { to: admin.email, userId: admin.id, template: 'access_review.reminder', ...mail });
      }
      await markReminded(tx, review.id, now);
      await insertAuditEvent(tx, { action: 'access_review.reminded', targetType: 'access_review', targetId: review.id, details: { admins: admins.length, open, overdue } });
    }
    return reviews.length;
  });
}

export function accessReviewsRecurringJobs(db: Db, config: Config): RecurringJob[] {
  return [
    {
      kind: ACCESS_REVIEWS_REMIND,
      everyMs: DAY_MS,
      run: async () => {
        for (const tenant of await listTenants(db.owner)) await remindOfOpenReviews(db, tenant, siteUrlOf(tenant, config));
      },
    },
  ];
}
