import type { UseCase } from '../../platform/access/index.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import { AppError } from '../../platform/http/index.js';
import { accountForBuyer } from '../../platform/identity/index.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import { marketStorePolicy } from '../market.policy.js';
import { findOrder, linesOf } from '../orders/orders.repository.js';
import { assignSeatsInput, type AssignSeatsInput, type SeatPackView } from './seats.contract.js';
import { fillSeat, releaseSeat } from './seat-packs.js';
import { MARKET_SEAT_MAIL } from './seat-mail.js';
import { lockSeatPack, packOfBuyer, seatHolders, seatPacksOfBuyer } from './seats.repository.js';

/** The buyer's own pack, locked; another's answers as if it did not exist. */
async function ownPack(useCase: UseCase, orderLineId: string) {
  marketStorePolicy.assert(useCase.actor, 'purchases');
  if (!(await packOfBuyer(useCase.tx, orderLineId, useCase.user.id))) throw new AppError('MARKET_SEAT_PACK_NOT_FOUND', [{ field: 'orderLineId', value: orderLineId }]);
  const pack = (await lockSeatPack(useCase.tx, orderLineId))!;
  const order = (await findOrder(useCase.tx, pack.orderId))!;
  const line = (await linesOf(useCase.tx, pack.orderId)).find((l) => l.id === orderLineId)!;
  return { pack, order, line };
}

export async function mySeatPacks(useCase: UseCase): Promise<SeatPackView[]> {
  marketStorePolicy.assert(useCase.actor, 'purchases');
  const packs = await seatPacksOfBuyer(useCase.tx, useCase.user.id);
  return Promise.all(
    packs.map(async (pack) => ({
      orderLineId: pack.orderLineId,
      orderId: pack.orderId,
      reference: pack.reference,
      title: pack.title,
      seats: pack.seats,
      holders: (await seatHolders(useCase.tx, pack.orderLineId)).map((h) => ({ ...h, assignedAt: h.assignedAt.toISOString() })),
    })),
  );
}

/**
 * Gives seats of a pack to employees by e-mail: each gets an account (or theirs is linked), the
 * pack's courses at once and a mail; all or none (more addresses than free seats are refused).
 */
export async function assignSeats(useCase: UseCase, orderLineId: string, input: AssignSeatsInput): Promise<SeatPackView[]> {
  const { emails } = assignSeatsInput.parse(input);
  const { pack, order, line } = await ownPack(useCase, orderLineId);
  const holders = await seatHolders(useCase.tx, orderLineId);
  const newcomers = emails.filter((email) => !holders.some((h) => h.email === email));
  if (holders.length + newcomers.length > pack.seats) throw new AppError('MARKET_SEATS_FULL', [{ field: 'emails', value: `${String(newcomers.length)} > ${String(pack.seats - holders.length)}` }]);
  const now = new Date();
  for (const email of newcomers) {
    const localPart = email.slice(0, email.indexOf('@'));
    const account = await accountForBuyer(useCase.tx, { email, firstName: localPart, lastName: order.buyerCompany ?? '', language: order.language });
    await fillSeat(useCase.tx, line, pack.groupId, account.userId, now);
    await enqueueJob(useCase.tx, { kind: MARKET_SEAT_MAIL, payload: { email, firstName: localPart, title: line.title, company: order.buyerCompany || `${order.buyerFirstName} ${order.buyerLastName}`, language: order.language, passwordToken: account.passwordToken ?? null }, maxAttempts: 10 });
  }
  await insertActorEvent(useCase.tx, useCase, 'market.seats_changed', { type: 'market_order_line', id: orderLineId }, { given: newcomers, seats: pack.seats });
  return mySeatPacks(useCase);
}

/** Takes a seat back from an employee: their access of the pack ends, and the seat is free again. */
export async function takeSeatBack(useCase: UseCase, orderLineId: string, userId: string): Promise<SeatPackView[]> {
  const { pack } = await ownPack(useCase, orderLineId);
  if (!(await releaseSeat(useCase.tx, orderLineId, pack.groupId, userId, 'revoked'))) throw new AppError('MARKET_SEAT_PACK_NOT_FOUND', [{ field: 'userId', value: userId }]);
  await insertActorEvent(useCase.tx, useCase, 'market.seats_changed', { type: 'market_order_line', id: orderLineId }, { takenBack: [userId] });
  return mySeatPacks(useCase);
}
