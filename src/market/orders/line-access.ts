import { endPurchasedAccess, grantPurchasedAccess } from '../../learn/index.js';
import type { Orm } from '../../platform/db/index.js';
import { insertAccessGrant, markGrantsRevoked, type OrderLineRow } from './orders.repository.js';

const DAY_MS = 24 * 60 * 60_000;

/** Learn's reference of one access grant: unique, so granting or ending it again does nothing more. */
export const learnReferenceOf = (grantId: string) => `market:${grantId}`;

/**
 * Gives one person the courses of an order line, in Learn at once: for life, or for the line's
 * days counted from `from`. A course they hold under this line already is left as it is. Returns
 * how many courses were granted now.
 */
export async function grantLineAccess(tx: Orm, line: OrderLineRow, userId: string, from: Date): Promise<number> {
  const endsAt = line.accessDays === null ? null : new Date(from.getTime() + line.accessDays * DAY_MS);
  let granted = 0;
  for (const courseId of line.courseIds) {
    const grantId = await insertAccessGrant(tx, { orderLineId: line.id, userId, courseId, endsAt });
    if (!grantId) continue;
    await grantPurchasedAccess(tx, { reference: learnReferenceOf(grantId), courseId, userId, endsAt });
    granted += 1;
  }
  return granted;
}

/** Ends these access grants: in Learn at once, and marked revoked here. */
export async function revokeGrants(tx: Orm, grantIds: readonly string[], why: 'revoked' | 'refunded' | 'charged_back'): Promise<void> {
  for (const grantId of grantIds) await endPurchasedAccess(tx, learnReferenceOf(grantId), why);
  await markGrantsRevoked(tx, [...grantIds]);
}
