import { and, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Orm } from '../../db/client.js';
import { qualified } from '../../db/qualified.js';
import { users } from '../../identity/identity.schema.js';
import { mailConsents, updateMailings } from '../privacy.schema.js';
import type { MailTopic } from './unsubscribe-link.js';

export type MailConsent = typeof mailConsents.$inferSelect;
export type WithdrawnVia = 'settings' | 'unsubscribe_link' | 'admin' | 'erasure' | 'address_changed';

/** How long a confirmation link works after it was asked for. */
export const CONFIRMATION_VALID_MS = 7 * 24 * 60 * 60_000;

/**
 * A consent holds for the address that confirmed it: in a statement that joins the consent with its
 * user, whether that address is still the account's. An account whose address changed, by whatever
 * path, has a consent for nobody until the new address confirms again.
 */
const forAccountAddress = sql`${qualified(mailConsents.email)} = lower(${qualified(users.email)})`;

/**
 * When a consent was confirmed, in microseconds since 1970: exactly what is stored (a JavaScript
 * Date keeps milliseconds only), so an unsubscribe link can name the one confirmation it was sent
 * under. `extract(epoch …)` is exact (numeric) since PostgreSQL 14.
 */
const confirmedAtMicros = sql`(extract(epoch from ${qualified(mailConsents.confirmedAt)}) * 1000000)::bigint`;

/** A consent, and whether the address that gave it is the account's address now (only then does it count). */
export type AccountConsent = MailConsent & { forAccountAddress: boolean };

export async function findAccountConsent(tx: Orm, userId: string, topic: MailTopic): Promise<AccountConsent | undefined> {
  const rows = await tx
    .select({ consent: mailConsents, forAccountAddress: sql<boolean>`${forAccountAddress}` })
    .from(mailConsents)
    .innerJoin(users, eq(users.id, mailConsents.userId))
    .where(and(eq(mailConsents.userId, userId), eq(mailConsents.topic, topic)))
    .limit(1);
  const row = rows[0];
  return row && { ...row.consent, forAccountAddress: row.forAccountAddress };
}

/**
 * Starts (or starts again) a double opt-in: pending, with the text now shown, the address the
 * confirmation link goes to (the consent will be that address's), who asked from where, and the
 * digest of the new confirmation link. An earlier confirmation or withdrawal is replaced;
 * the audit log keeps each of them.
 */
export async function upsertPendingConsent(
  tx: Orm,
  input: { userId: string; topic: MailTopic; email: string; consentText: string; requestIp: string; tokenHash: string },
): Promise<void> {
  const pending = {
    status: 'pending' as const,
    email: input.email.toLowerCase(),
    consentText: input.consentText,
    requestedAt: sql`now()`,
    requestIp: input.requestIp,
    confirmationTokenHash: input.tokenHash,
    confirmedAt: null,
    confirmIp: null,
    withdrawnAt: null,
    withdrawnVia: null,
  };
  await tx
    .insert(mailConsents)
    .values({ userId: input.userId, topic: input.topic, ...pending })
    .onConflictDoUpdate({ target: [mailConsents.tenantId, mailConsents.userId, mailConsents.topic], set: pending });
}

/**
 * Confirms the pending consent whose link this is, if the link is younger than 7 days and the
 * address it was sent to is still the account's, in one statement: the digest is cleared as the
 * consent is confirmed, so a link works once even when two requests race. Undefined when no pending
 * consent has this link.
 */
export async function confirmByTokenHash(tx: Orm, tokenHash: string, confirmIp: string): Promise<MailConsent | undefined> {
  const rows = await tx
    .update(mailConsents)
    .set({ status: 'confirmed', confirmedAt: sql`now()`, confirmIp, confirmationTokenHash: null })
    .where(
      and(
        eq(mailConsents.confirmationTokenHash, tokenHash),
        eq(mailConsents.status, 'pending'),
        sql`${mailConsents.requestedAt} > now() - ${`${CONFIRMATION_VALID_MS} milliseconds`}::interval`,
        sql`exists (select 1 from ${users} where ${qualified(users.id)} = ${qualified(mailConsents.userId)} and ${forAccountAddress})`,
      ),
    )
    .returning();
  return rows[0];
}

/** Ends the user's consent to `topic` that matches `which`, naming why; the one ended, if any. */
async function withdrawWhere(tx: Orm, userId: string, topic: MailTopic, via: WithdrawnVia, which: SQL): Promise<MailConsent | undefined> {
  const rows = await tx
    .update(mailConsents)
    .set({ status: 'withdrawn', withdrawnAt: sql`now()`, withdrawnVia: via, confirmationTokenHash: null })
    .where(and(eq(mailConsents.userId, userId), eq(mailConsents.topic, topic), which))
    .returning();
  return rows[0];
}

/** Withdraws a pending or confirmed consent; undefined when there was none to withdraw (never asked, or withdrawn already). */
export function withdrawConsent(tx: Orm, userId: string, topic: MailTopic, via: WithdrawnVia): Promise<MailConsent | undefined> {
  return withdrawWhere(tx, userId, topic, via, sql`${mailConsents.status} <> 'withdrawn'`);
}

/**
 * Withdraws by an unsubscribe link: only a confirmed consent (update e-mails, and so their links,
 * go to confirmed consents only), and with `confirmedAtMicros` only the one confirmed at that
 * moment; null (a legacy link) takes whichever is confirmed now. Undefined when the link's consent
 * no longer stands: withdrawn already, or replaced by a later request or confirmation.
 */
export function withdrawConsentByLink(tx: Orm, userId: string, topic: MailTopic, confirmedAt: bigint | null): Promise<MailConsent | undefined> {
  const confirmed = sql`${mailConsents.status} = 'confirmed'`;
  return withdrawWhere(tx, userId, topic, 'unsubscribe_link', confirmedAt === null ? confirmed : sql`${confirmed} and ${confirmedAtMicros} = ${confirmedAt.toString()}::bigint`);
}

/** Ends every consent of the user that stands (pending or confirmed), naming why; the ones ended. */
export async function withdrawConsentsOfUser(tx: Orm, userId: string, via: WithdrawnVia): Promise<MailConsent[]> {
  return tx
    .update(mailConsents)
    .set({ status: 'withdrawn', withdrawnAt: sql`now()`, withdrawnVia: via, confirmationTokenHash: null })
    .where(and(eq(mailConsents.userId, userId), sql`${mailConsents.status} <> 'withdrawn'`))
    .returning();
}

/**
 * How many consents stand where; `confirmed` counts those of active accounts at the address that
 * confirmed (who a mailing reaches).
 */
export async function countConsents(tx: Orm, topic: MailTopic): Promise<{ confirmed: number; pending: number; withdrawn: number }> {
  const rows = await tx
    .select({ status: mailConsents.status, count: sql<number>`count(*)::int` })
    .from(mailConsents)
    .innerJoin(users, eq(users.id, mailConsents.userId))
    .where(and(eq(mailConsents.topic, topic), sql`(${mailConsents.status} <> 'confirmed' or (${users.status} = 'active' and ${forAccountAddress}))`))
    .groupBy(mailConsents.status);
  const of = (status: MailConsent['status']) => Number(rows.find((r) => r.status === status)?.count ?? 0);
  return { confirmed: of('confirmed'), pending: of('pending'), withdrawn: of('withdrawn') };
}

/** Where a person's consent to a topic and their account stand now; undefined when the account is gone. */
export interface ConsentAtSending {
  consentStatus: MailConsent['status'] | null;
  /** The address that confirmed the consent (lower-cased). */
  consentEmail: string | null;
  accountStatus: 'active' | 'deactivated';
  accountEmail: string;
}

/** Read just before a queued update mail goes out (update-mail-check.ts). */
export async function consentAtSending(tx: Orm, userId: string, topic: MailTopic): Promise<ConsentAtSending | undefined> {
  const rows = await tx
    .select({ consentStatus: mailConsents.status, consentEmail: mailConsents.email, accountStatus: users.status, accountEmail: users.email })
    .from(users)
    .leftJoin(mailConsents, and(eq(mailConsents.userId, users.id), eq(mailConsents.topic, topic)))
    .where(eq(users.id, userId))
    .limit(1);
  return rows[0];
}

export interface UpdateRecipient {
  userId: string;
  email: string;
  language: string | null;
  /** The recipient's consent, by when it was confirmed (microseconds since 1970): what the mail's unsubscribe link names. */
  consentConfirmedAtMicros: bigint;
}

/** The people a mailing goes to: confirmed consent to the topic, account active, its address the one that confirmed. */
const confirmedAndActive = (topic: MailTopic) => and(eq(mailConsents.topic, topic), eq(mailConsents.status, 'confirmed'), eq(users.status, 'active'), forAccountAddress);

/** How many active people have confirmed consent to `topic` now, at their account's address. */
export async function countConfirmedRecipients(tx: Orm, topic: MailTopic): Promise<number> {
  const rows = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(mailConsents)
    .innerJoin(users, eq(users.id, mailConsents.userId))
    .where(confirmedAndActive(topic));
  return rows[0]?.n ?? 0;
}

/** The next `limit` active people with confirmed consent at their account's address, by user id after `afterUserId`. */
export async function confirmedRecipientsAfter(tx: Orm, topic: MailTopic, afterUserId: string | null, limit: number): Promise<UpdateRecipient[]> {
  const rows = await tx
    .select({ userId: users.id, email: users.email, language: users.language, consentConfirmedAtMicros: sql<string>`${confirmedAtMicros}::text` })
    .from(mailConsents)
    .innerJoin(users, eq(users.id, mailConsents.userId))
    .where(and(confirmedAndActive(topic), afterUserId ? gt(users.id, afterUserId) : undefined))
    .orderBy(users.id)
    .limit(limit);
  return rows.map((row) => ({ ...row, consentConfirmedAtMicros: BigInt(row.consentConfirmedAtMicros) }));
}

export async function insertMailing(tx: Orm, input: { subject: string; body: string; sentByUserId: string; recipientCount: number }): Promise<{ id: string }> {
  const rows = await tx.insert(updateMailings).values(input).returning({ id: updateMailings.id });
  return rows[0]!;
}

export interface MailingDelivery {
  subject: string;
  body: string;
  deliveredThroughUserId: string | null;
  deliveredAt: Date | null;
}

/** A mailing's text and how far its delivery got, locked until the transaction ends (one batch at a time). */
export async function lockMailingForDelivery(tx: Orm, id: string): Promise<MailingDelivery | undefined> {
  const rows = await tx
    .select({ subject: updateMailings.subject, body: updateMailings.body, deliveredThroughUserId: updateMailings.deliveredThroughUserId, deliveredAt: updateMailings.deliveredAt })
    .from(updateMailings)
    .where(eq(updateMailings.id, id))
    .for('update');
  return rows[0];
}

/** Records a batch: the last user id mailed, the mails added, and whether delivery is complete. */
export async function recordDeliveredBatch(tx: Orm, id: string, batch: { throughUserId: string | null; mails: number; complete: boolean }): Promise<void> {
  await tx
    .update(updateMailings)
    .set({
      deliveredThroughUserId: batch.throughUserId,
      deliveredCount: sql`${updateMailings.deliveredCount} + ${batch.mails}`,
      ...(batch.complete ? { deliveredAt: sql`now()` } : {}),
    })
    .where(eq(updateMailings.id, id));
}

export interface MailingRow {
  id: string;
  subject: string;
  createdAt: Date;
  recipientCount: number;
  deliveredCount: number;
  deliveredAt: Date | null;
  sentBy: string | null;
}

export async function listMailings(tx: Orm, limit: number): Promise<MailingRow[]> {
  return tx
    .select({
      id: updateMailings.id,
      subject: updateMailings.subject,
      createdAt: updateMailings.createdAt,
      recipientCount: updateMailings.recipientCount,
      deliveredCount: updateMailings.deliveredCount,
      deliveredAt: updateMailings.deliveredAt,
      sentBy: sql<string | null>`nullif(trim(${users.firstName} || ' ' || ${users.lastName}), '')`,
    })
    .from(updateMailings)
    .leftJoin(users, eq(users.id, updateMailings.sentByUserId))
    .orderBy(desc(updateMailings.createdAt))
    .limit(limit);
}
