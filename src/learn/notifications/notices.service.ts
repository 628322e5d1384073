import type { Config } from '../../config.js';
import { siteNameOf } from '../../platform/branding/index.js';
import type { Orm } from '../../platform/db/index.js';
import type { Language } from '../../platform/http/index.js';
import { enqueueRenderedMail } from '../../platform/mail/index.js';
import { findTenantById, listTenants, sectionSettingsOf, settingsOf, siteUrlOf, type Tenant } from '../../platform/tenancy/index.js';
import { notificationSettings } from './notifications.settings.js';
import type { LearnDeps } from '../learn-deps.js';
import { addEnrolmentNotices } from './in-app-notices.js';
import { renderNotice, type NoticeKind } from './notice-templates.js';
import { claimOverdue, claimReminders, selectEnrolledRecipients, type NoticeRecipient } from './notices.repository.js';

export type { NoticeRecipient } from './notices.repository.js';

/** Enrolments claimed per statement while scanning (each batch is one short transaction). */
const SCAN_BATCH = 500;
/** Enrolments per statement when the enrolment notices are written. */
const ENROLLED_BATCH = 1000;

/** The user's own language, else the site's, else English. */
export function noticeLanguage(userLanguage: string | null, tenant: Tenant): Language {
  if (userLanguage === 'de' || userLanguage === 'en') return userLanguage;
  return settingsOf(tenant).locale ?? 'en';
}

async function enqueueNotices(tx: Orm, kind: NoticeKind, tenant: Tenant, config: Config, recipients: NoticeRecipient[], options: { mail?: boolean } = {}): Promise<void> {
  const site = siteUrlOf(tenant, config);
  for (const r of options.mail === false ? [] : recipients) {
    const language = noticeLanguage(r.language, tenant);
    const mail = renderNotice(kind, language, {
      tenantName: siteNameOf(tenant),
      firstName: r.firstName,
      courseTitle: r.courseTitle,
      dueAt: r.dueAt,
      link: `${site}/play/${r.enrolmentId}`,
    });
    await enqueueRenderedMail(tx, { to: r.email, userId: r.userId, template: `learn.${kind}`, ...mail });
  }
  await addEnrolmentNotices(tx, kind, recipients);
}

/** Writes the "you have been enrolled" mails and in-app notices for these enrolments of a tenant (the job behind notifyEnrolled). */
export async function sendEnrolledNotices({ db, config }: Pick<LearnDeps, 'db' | 'config'>, tenantId: string, enrolmentIds: string[], options: { mail?: boolean } = {}): Promise<number> {
  const tenant = await findTenantById(db.owner, tenantId);
  if (!tenant || tenant.status !== 'active') return 0;
  let sent = 0;
  for (let i = 0; i < enrolmentIds.length; i += ENROLLED_BATCH) {
    const ids = enrolmentIds.slice(i, i + ENROLLED_BATCH);
    sent += await db.withTenant(tenant.id, async (tx) => {
      const recipients = await selectEnrolledRecipients(tx, ids);
      await enqueueNotices(tx, 'enrolled', tenant, config, recipients, options);
      return recipients.length;
    });
  }
  return sent;
}

/**
 * The periodic scan: reminders for enrolments due within the site's reminder lead time
 * (`notifications.reminderDaysBeforeDue`, 3 days unless set), and one
 * overdue notice for those past due, in every active tenant. Each enrolment is marked in the
 * same transaction that queues its mail, so a mail is queued once and never lost.
 */
export async function scanDueNotices({ db, config }: Pick<LearnDeps, 'db' | 'config'>, now = new Date()): Promise<{ reminders: number; overdue: number }> {
  const totals = { reminders: 0, overdue: 0 };
  for (const tenant of await listTenants(db.owner)) {
    if (tenant.status !== 'active') continue;
    for (const kind of ['reminder', 'overdue'] as const) {
      for (;;) {
        const claimed = await db.withTenant(tenant.id, async (tx) => {
          const recipients =
            kind === 'reminder'
              ? await claimReminders(tx, now, sectionSettingsOf(tenant, notificationSettings).reminderDaysBeforeDue, SCAN_BATCH)
              : await claimOverdue(tx, now, SCAN_BATCH);
          await enqueueNotices(tx, kind, tenant, config, recipients);
          return recipients.length;
        });
        totals[kind === 'reminder' ? 'reminders' : 'overdue'] += claimed;
        if (claimed < SCAN_BATCH) break;
      }
    }
  }
  return totals;
}

/**
 * Queues a reminder sent by hand ("remind now") for each recipient, in the caller's transaction:
 * overdue, due on a date, or (no due date) a nudge.
 */
export async function enqueueRemindersNow(tx: Orm, tenant: Tenant, config: Config, recipients: NoticeRecipient[], now: Date): Promise<void> {
  const kindOf = (r: NoticeRecipient): NoticeKind => (r.dueAt === null ? 'nudge' : r.dueAt.getTime() < now.getTime() ? 'overdue' : 'reminder');
  for (const kind of ['overdue', 'reminder', 'nudge'] as const) {
    await enqueueNotices(tx, kind, tenant, config, recipients.filter((r) => kindOf(r) === kind));
  }
}
