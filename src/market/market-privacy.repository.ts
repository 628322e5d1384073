import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../platform/db/index.js';

type Rows = Record<string, unknown>[];

/** A person's orders (with their lines), invoices and bought access, for their data export. */
export async function marketRowsOfUser(tx: Orm, userId: string): Promise<{ orders: Rows; orderLines: Rows; invoices: Rows; accessGrants: Rows }> {
  return {
    orders: await queryRows(
      tx,
      sql`select reference, status, created_at, paid_at, currency, net_minor, vat_minor, gross_minor, refunded_minor, buyer_email, buyer_first_name, buyer_last_name,
                 buyer_company, buyer_address, buyer_country, buyer_vat_id, coupon_code, language
            from market_orders where buyer_user_id = ${userId} order by created_at`,
    ),
    orderLines: await queryRows(
      tx,
      sql`select o.reference as order_reference, l.position, l.title, l.quantity, l.unit_price_minor, l.discount_minor, l.net_minor, l.vat_minor, l.gross_minor, l.vat_rate_basis_points, l.refunded_minor
            from market_order_lines l join market_orders o on o.id = l.order_id where o.buyer_user_id = ${userId} order by o.created_at, l.position`,
    ),
    invoices: await queryRows(
      tx,
      sql`select i.number, i.kind, i.issued_at, o.reference as order_reference, i.document
            from market_invoices i join market_orders o on o.id = i.order_id where o.buyer_user_id = ${userId} or i.buyer_user_id = ${userId} order by i.sequence`,
    ),
    accessGrants: await queryRows(
      tx,
      sql`select course_id, granted_at, ends_at, revoked_at from market_access_grants where user_id = ${userId} order by granted_at`,
    ),
  };
}

/**
 * Erasure in Market: orders, invoices and refunds are tax records (kept 10 years, docs/privacy.md),
 * so they stay as they are; only the open e-mail confirmation links of the person's orders end.
 */
export async function eraseMarketRowsOfUser(tx: Orm, userId: string): Promise<Record<string, number>> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`with changed as (update market_orders set confirmation_token_hash = null where buyer_user_id = ${userId} and confirmation_token_hash is not null returning 1) select count(*)::int as n from changed`,
  );
  return { confirmationLinksEnded: row?.n ?? 0 };
}
