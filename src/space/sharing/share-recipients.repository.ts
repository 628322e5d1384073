import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { spaceShareRecipients } from './sharing.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type ShareRecipientRow = typeof spaceShareRecipients.$inferSelect;

/** Sets the link's recipients to `emails`: new ones are added (and returned), missing ones removed. */
export async function replaceShareRecipients(tx: Orm, linkId: string, emails: string[]): Promise<{ added: string[]; removed: string[] }> {
  const removed =
    emails.length === 0
      ? await tx.delete(spaceShareRecipients).where(eq(spaceShareRecipients.linkId, linkId)).returning({ email: spaceShareRecipients.email })
      : await tx
          .delete(spaceShareRecipients)
          .where(and(eq(spaceShareRecipients.linkId, linkId), notInArray(spaceShareRecipients.email, emails)))
          .returning({ email: spaceShareRecipients.email });
  const added =
    emails.length === 0
      ? []
      : await tx
          .insert(spaceShareRecipients)
          .values(emails.map((email) => ({ linkId, email })))
          .onConflictDoNothing()
          .returning({ email: spaceShareRecipients.email });
  return { added: added.map((row) => row.email), removed: removed.map((row) => row.email) };
}

export async function recipientsOfLinks(tx: Orm, linkIds: string[]): Promise<Map<string, string[]>> {
  if (linkIds.length === 0) return new Map();
  const rows = await tx
    .select({ linkId: spaceShareRecipients.linkId, email: spaceShareRecipients.email })
    .from(spaceShareRecipients)
    .where(inArray(spaceShareRecipients.linkId, linkIds))
    .orderBy(asc(spaceShareRecipients.email));
  const byLink = new Map<string, string[]>();
  for (const row of rows) byLink.set(row.linkId, [...(byLink.get(row.linkId) ?? []), row.email]);
  return byLink;
}

export async function findShareRecipient(tx: Orm, linkId: string, email: string): Promise<ShareRecipientRow | undefined> {
  const [row] = await tx
    .select()
    .from(spaceShareRecipients)
    .where(and(eq(spaceShareRecipients.linkId, linkId), eq(spaceShareRecipients.email, email)));
  return row;
}

export async function findShareRecipientById(tx: Orm, linkId: string, id: string): Promise<ShareRecipientRow | undefined> {
  const [row] = await tx
    .select()
    .from(spaceShareRecipients)
    .where(and(eq(spaceShareRecipients.linkId, linkId), eq(spaceShareRecipients.id, id)));
  return row;
}

/** A fresh code for the recipient: the one before is void, the count of wrong tries starts again. */
export async function storeRecipientCode(tx: Orm, id: string, codeHash: string, expiresAt: Date): Promise<void> {
  await tx.update(spaceShareRecipients).set({ codeHash, codeSentAt: sql`now()`, codeExpiresAt: expiresAt, codeAttempts: 0 }).where(eq(spaceShareRecipients.id, id));
}

export async function countWrongRecipientCode(tx: Orm, id: string): Promise<void> {
  await tx
    .update(spaceShareRecipients)
    .set({ codeAttempts: sql`${spaceShareRecipients.codeAttempts} + 1` })
    .where(eq(spaceShareRecipients.id, id));
}

/** A code is used once. */
export async function spendRecipientCode(tx: Orm, id: string): Promise<void> {
  await tx.update(spaceShareRecipients).set({ codeHash: null, codeExpiresAt: null }).where(eq(spaceShareRecipients.id, id));
}
