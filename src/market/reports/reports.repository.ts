import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Orm } from '../../platform/db/index.js';

/** The states of an order that was paid (later refunds and chargebacks do not undo the sale). */
const SOLD = sql`('paid', 'partially_refunded', 'refunded', 'charged_back')`;

/** Paid orders of one currency whose payment falls in [since, until). */
export interface SalesScope {
  currency: string;
  since: Date;
  until: Date;
}

export type PeriodUnit = 'day' | 'week' | 'month';

/** Money as summed by the database: bigint sums arrive as strings (pg) or bigints (PGlite). */
type Sum = string | number | bigint | null;
const amount = (value: Sum): number => Number(value ?? 0);

export interface Money {
  grossMinor: number;
  netMinor: number;
  vatMinor: number;
  refundedMinor: number;
  /** The VAT part of the refunded amount, as the credit notes split it. */
  refundedVatMinor: number;
}

interface MoneyRow {
  orders: number;
  gross_minor: Sum;
  net_minor: Sum;
  vat_minor: Sum;
  refunded_minor: Sum;
  refunded_vat_minor: Sum;
}

function moneyOf(row: MoneyRow | undefined): Money & { orders: number } {
  return {
    orders: row?.orders ?? 0,
    grossMinor: amount(row?.gross_minor ?? null),
    netMinor: amount(row?.net_minor ?? null),
    vatMinor: amount(row?.vat_minor ?? null),
    refundedMinor: amount(row?.refunded_minor ?? null),
    refundedVatMinor: amount(row?.refunded_vat_minor ?? null),
  };
}

function ordersInScope(scope: SalesScope): SQL {
  return sql`o.status in ${SOLD} and o.currency = ${scope.currency} and o.paid_at >= ${scope.since.toISOString()}::timestamptz and o.paid_at < ${scope.until.toISOString()}::timestamptz`;
}

/**
 * `sold_lines`: each line of the sales in scope with what was given back of it. The VAT of each
 * succeeded refund's part is split off in the line's proportion and rounded half up per part,
 * exactly as the credit note of that refund did (build-document.ts `refundedPart`), so the
 * report's VAT matches the issued documents to the cent.
 */
function soldLines(scope: SalesScope): SQL {
  return sql`
    with sold as (
      select o.id as order_id, o.paid_at, o.buyer_country, o.provider,
             l.id as line_id, l.product_id, l.title, l.quantity, l.tax_rule, l.tax_country, l.vat_rate_basis_points,
             l.net_minor::bigint as net_minor, l.vat_minor::bigint as vat_minor, l.gross_minor::bigint as gross_minor
      from market_orders o
      join market_order_lines l on l.order_id = o.id
      where ${ordersInScope(scope)}
    ),
    given_back as (
      select s.line_id,
             sum(part.amount) as refunded_minor,
             sum(case when s.gross_minor > 0 then (2 * part.amount * s.vat_minor + s.gross_minor) / (2 * s.gross_minor) else 0 end) as refunded_vat_minor
      from sold s
      join market_refunds r on r.order_id = s.order_id and r.status = 'succeeded'
      cross join lateral (
        select (e ->> 'amountMinor')::bigint as amount from jsonb_array_elements(r.lines) e where e ->> 'lineId' = s.line_id::text
      ) part
      group by s.line_id
    ),
    sold_lines as (
      select s.*, coalesce(g.refunded_minor, 0) as refunded_minor, coalesce(g.refunded_vat_minor, 0) as refunded_vat_minor
      from sold s
      left join given_back g on g.line_id = s.line_id
    )`;
}

const MONEY_SUMS = sql`
  count(distinct order_id)::int as orders,
  coalesce(sum(gross_minor), 0)::bigint as gross_minor,
  coalesce(sum(net_minor), 0)::bigint as net_minor,
  coalesce(sum(vat_minor), 0)::bigint as vat_minor,
  coalesce(sum(refunded_minor), 0)::bigint as refunded_minor,
  coalesce(sum(refunded_vat_minor), 0)::bigint as refunded_vat_minor`;

export async function salesTotals(tx: Orm, scope: SalesScope): Promise<Money & { orders: number }> {
  const rows = await queryRows<MoneyRow>(tx, sql`${soldLines(scope)} select ${MONEY_SUMS} from sold_lines`);
  return moneyOf(rows[0]);
}

/** The first day of each UTC period, as the view names it (`2026-03-02`, or `2026-03` for a month). */
const PERIOD_LABEL: Record<PeriodUnit, SQL> = {
  day: sql`to_char(date_trunc('day', paid_at at time zone 'UTC'), 'YYYY-MM-DD')`,
  week: sql`to_char(date_trunc('week', paid_at at time zone 'UTC'), 'YYYY-MM-DD')`,
  month: sql`to_char(date_trunc('month', paid_at at time zone 'UTC'), 'YYYY-MM')`,
};

/** Periods with sales only; the service fills the empty ones. */
export async function salesByPeriod(tx: Orm, scope: SalesScope, unit: PeriodUnit): Promise<(Money & { orders: number; period: string })[]> {
  const rows = await queryRows<MoneyRow & { period: string }>(tx, sql`${soldLines(scope)} select ${PERIOD_LABEL[unit]} as period, ${MONEY_SUMS} from sold_lines group by 1 order by 1`);
  return rows.map((row) => ({ period: row.period, ...moneyOf(row) }));
}

/**
 * Per product, under its latest title; lines of a deleted product (whose link is gone) are kept
 * apart by their title.
 */
export async function salesByProduct(tx: Orm, scope: SalesScope): Promise<(Money & { orders: number; productId: string | null; title: string; quantity: number })[]> {
  const rows = await queryRows<MoneyRow & { product_id: string | null; title: string; quantity: Sum }>(
    tx,
    sql`${soldLines(scope)}
        select product_id, (array_agg(title order by paid_at desc))[1] as title, coalesce(sum(quantity), 0)::bigint as quantity, ${MONEY_SUMS}
        from sold_lines
        group by product_id, case when product_id is null then title end
        order by gross_minor desc, title`,
  );
  return rows.map((row) => ({ productId: row.product_id, title: row.title, quantity: amount(row.quantity), ...moneyOf(row) }));
}

/** Per buyer's country (of the billing address). */
export async function salesByCountry(tx: Orm, scope: SalesScope): Promise<(Money & { orders: number; country: string })[]> {
  const rows = await queryRows<MoneyRow & { country: string }>(tx, sql`${soldLines(scope)} select buyer_country as country, ${MONEY_SUMS} from sold_lines group by buyer_country order by gross_minor desc, country`);
  return rows.map((row) => ({ country: row.country, ...moneyOf(row) }));
}

/** Per taxed country, rule and rate: the lines of a VAT (OSS) return. */
export async function salesByTax(tx: Orm, scope: SalesScope): Promise<(Money & { country: string | null; rule: string; rateBasisPoints: number })[]> {
  const rows = await queryRows<MoneyRow & { country: string | null; rule: string; rate_basis_points: number }>(
    tx,
    sql`${soldLines(scope)}
        select tax_country as country, tax_rule as rule, vat_rate_basis_points as rate_basis_points, ${MONEY_SUMS}
        from sold_lines
        group by tax_country, tax_rule, vat_rate_basis_points
        order by tax_country nulls last, tax_rule, vat_rate_basis_points desc`,
  );
  return rows.map((row) => ({ country: row.country, rule: row.rule, rateBasisPoints: row.rate_basis_points, ...moneyOf(row) }));
}

export async function salesByProvider(tx: Orm, scope: SalesScope): Promise<(Money & { provider: string })[]> {
  const rows = await queryRows<MoneyRow & { provider: string }>(tx, sql`${soldLines(scope)} select provider, ${MONEY_SUMS} from sold_lines group by provider order by provider`);
  return rows.map((row) => ({ provider: row.provider, ...moneyOf(row) }));
}

/** Coupons used by the sales in scope: how often, and how much they took off. */
export async function couponUses(tx: Orm, scope: SalesScope): Promise<{ code: string; uses: number; discountMinor: number }[]> {
  const rows = await queryRows<{ code: string; uses: number; discount_minor: Sum }>(
    tx,
    sql`select c.code, count(*)::int as uses, coalesce(sum(cr.discount_minor), 0)::bigint as discount_minor
        from market_coupon_redemptions cr
        join market_coupons c on c.id = cr.coupon_id
        join market_orders o on o.id = cr.order_id
        where ${ordersInScope(scope)}
        group by c.code
        order by discount_minor desc, c.code`,
  );
  return rows.map((row) => ({ code: row.code, uses: row.uses, discountMinor: amount(row.discount_minor) }));
}

export interface SalesLineRow {
  paidDate: string;
  reference: string;
  status: string;
  buyerCountry: string;
  buyerVatId: string | null;
  taxRule: string;
  vatRateBasisPoints: number;
  taxCountry: string | null;
  title: string;
  quantity: number;
  netMinor: number;
  vatMinor: number;
  grossMinor: number;
  refundedMinor: number;
  currency: string;
  provider: string;
  couponCode: string | null;
}

/** The lines of the sales in scope, oldest payment first, at most `limit`. */
export async function salesLines(tx: Orm, scope: SalesScope, limit: number): Promise<SalesLineRow[]> {
  return queryRows<SalesLineRow>(
    tx,
    sql`select to_char(o.paid_at at time zone 'UTC', 'YYYY-MM-DD') as "paidDate", o.reference, o.status, o.buyer_country as "buyerCountry", o.buyer_vat_id as "buyerVatId",
               l.tax_rule as "taxRule", l.vat_rate_basis_points as "vatRateBasisPoints", l.tax_country as "taxCountry", l.title, l.quantity,
               l.net_minor as "netMinor", l.vat_minor as "vatMinor", l.gross_minor as "grossMinor", l.refunded_minor as "refundedMinor",
               o.currency, o.provider, c.code as "couponCode"
        from market_orders o
        join market_order_lines l on l.order_id = o.id
        left join market_coupon_redemptions cr on cr.order_id = o.id
        left join market_coupons c on c.id = cr.coupon_id
        where ${ordersInScope(scope)}
        order by o.paid_at, o.reference, l.position
        limit ${limit}`,
  );
}
