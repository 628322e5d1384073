import type { Orm } from '../../platform/db/index.js';
import { changeAreaGroupMembers, createAreaGroup } from '../../platform/groups/index.js';
import { grantLineAccess, revokeGrants } from '../orders/line-access.js';
import type { OrderLineRow, OrderRow } from '../orders/orders.repository.js';
import { deleteRevokedGrantsOf, insertSeatPack, liveGrantsOfHolder, lockSeatPack, seatHolders, setSeats } from './seats.repository.js';

/** A paid seat-pack line opens its pack: the seats and a group named after the buyer and the order. */
export async function openSeatPack(tx: Orm, order: OrderRow, line: OrderLineRow): Promise<void> {
  // Opened before (access let through before a bank transfer, then the money came): once is enough.
  if (await lockSeatPack(tx, line.id)) return;
  const who = order.buyerCompany || `${order.buyerFirstName} ${order.buyerLastName}`;
  const groupId = await createAreaGroup(tx, `${who} · ${line.title} · ${order.reference}`, `seat pack of order ${order.reference}`);
  await insertSeatPack(tx, { orderLineId: line.id, orderId: order.id, groupId, seats: line.quantity });
}

/** Gives a seat to a person: access to each course of the line (from now, for the line's days), membership of the pack's group. */
export async function fillSeat(tx: Orm, line: OrderLineRow, groupId: string | null, userId: string, now: Date): Promise<boolean> {
  if ((await liveGrantsOfHolder(tx, line.id, userId)).length > 0) return false;
  await deleteRevokedGrantsOf(tx, line.id, userId);
  await grantLineAccess(tx, line, userId, now);
  if (groupId) await changeAreaGroupMembers(tx, groupId, { add: [userId] }, 'seat given');
  return true;
}

/** Takes a seat back: the person's access of the line ends, and they leave the pack's group. */
export async function releaseSeat(tx: Orm, orderLineId: string, groupId: string | null, userId: string, why: 'revoked' | 'refunded' | 'charged_back'): Promise<boolean> {
  const grants = await liveGrantsOfHolder(tx, orderLineId, userId);
  if (grants.length === 0) return false;
  await revokeGrants(tx, grants, why);
  if (groupId) await changeAreaGroupMembers(tx, groupId, { remove: [userId] }, `seat ${why}`);
  return true;
}

/**
 * Fits a pack to its line after money went back: a seat per unit price refunded is gone (all of
 * them on a chargeback), and when fewer seats are left than are filled, the seats given last are
 * taken back first.
 */
export async function fitSeatPack(tx: Orm, line: OrderLineRow, chargeback: boolean): Promise<void> {
  const pack = await lockSeatPack(tx, line.id);
  if (!pack) return;
  const refundedSeats = line.grossMinor === 0 ? 0 : Math.floor((line.refundedMinor * line.quantity) / line.grossMinor);
  const seats = chargeback ? 0 : Math.max(0, line.quantity - refundedSeats);
  await setSeats(tx, line.id, seats);
  const holders = await seatHolders(tx, line.id);
  for (const holder of holders.slice(seats).reverse()) await releaseSeat(tx, line.id, pack.groupId, holder.userId, chargeback ? 'charged_back' : 'refunded');
}
