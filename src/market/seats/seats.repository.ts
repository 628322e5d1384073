import { eq, sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../../platform/db/index.js';
import { marketSeatPacks } from './seats.schema.js';

export type SeatPackRow = typeof marketSeatPacks.$inferSelect;

export async function insertSeatPack(tx: Orm, pack: { orderLineId: string; orderId: string; groupId: string; seats: number }): Promise<boolean> {
  const rows = await tx.insert(marketSeatPacks).values(pack).onConflictDoNothing().returning({ id: marketSeatPacks.orderLineId });
  return rows.length === 1;
}

export async function lockSeatPack(tx: Orm, orderLineId: string): Promise<SeatPackRow | undefined> {
  const rows = await tx.select().from(marketSeatPacks).where(eq(marketSeatPacks.orderLineId, orderLineId)).for('update');
  return rows[0];
}

export async function setSeats(tx: Orm, orderLineId: string, seats: number): Promise<void> {
  await tx.update(marketSeatPacks).set({ seats }).where(eq(marketSeatPacks.orderLineId, orderLineId));
}

export interface SeatHolder {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  assignedAt: Date;
}

/** The people holding a seat of the pack (a live grant of the line), first assigned first. */
export async function seatHolders(tx: Orm, orderLineId: string): Promise<SeatHolder[]> {
  const rows = await queryRows<{ user_id: string; email: string; first_name: string; last_name: string; assigned_at: Date | string }>(
    tx,
    sql`select g.user_id, u.email, u.first_name, u.last_name, min(g.granted_at) as assigned_at
        from market_access_grants g join users u on u.id = g.user_id
        where g.order_line_id = ${orderLineId}::uuid and g.revoked_at is null
        group by g.user_id, u.email, u.first_name, u.last_name
        order by min(g.granted_at), u.email`,
  );
  return rows.map((r) => ({ userId: r.user_id, email: r.email, firstName: r.first_name, lastName: r.last_name, assignedAt: new Date(r.assigned_at) }));
}

/** A person's live grants of the line (one per course). */
export async function liveGrantsOfHolder(tx: Orm, orderLineId: string, userId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(tx, sql`select id from market_access_grants where order_line_id = ${orderLineId}::uuid and user_id = ${userId}::uuid and revoked_at is null`);
  return rows.map((r) => r.id);
}

/** Grants of the line a person held before and gave back: removed so the seat can be given to them again. */
export async function deleteRevokedGrantsOf(tx: Orm, orderLineId: string, userId: string): Promise<void> {
  await tx.execute(sql`delete from market_access_grants where order_line_id = ${orderLineId}::uuid and user_id = ${userId}::uuid and revoked_at is not null`);
}

/** The seat packs of a buyer's paid orders. */
export async function seatPacksOfBuyer(tx: Orm, userId: string): Promise<(SeatPackRow & { title: string; reference: string; quantity: number })[]> {
  const rows = await queryRows<{ order_line_id: string; order_id: string; group_id: string | null; seats: number; created_at: Date; title: string; reference: string; quantity: number; tenant_id: string }>(
    tx,
    sql`select p.*, l.title, l.quantity, o.reference from market_seat_packs p join market_order_lines l on l.id = p.order_line_id join market_orders o on o.id = p.order_id
        where o.buyer_user_id = ${userId}::uuid order by p.created_at desc`,
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, orderLineId: r.order_line_id, orderId: r.order_id, groupId: r.group_id, seats: r.seats, createdAt: r.created_at, title: r.title, reference: r.reference, quantity: r.quantity }));
}

export async function packOfBuyer(tx: Orm, orderLineId: string, userId: string): Promise<boolean> {
  const rows = await queryRows<{ ok: number }>(
    tx,
    sql`select 1 as ok from market_seat_packs p join market_orders o on o.id = p.order_id where p.order_line_id = ${orderLineId}::uuid and o.buyer_user_id = ${userId}::uuid and o.status in ('paid', 'partially_refunded')`,
  );
  return rows.length === 1;
}

