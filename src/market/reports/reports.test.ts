import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import type { CheckoutView } from '../checkout/checkout.contract.js';
import { createMarketTestSite, type MarketTestSite } from '../market.test-support.js';
import type { SalesReportView } from './reports.contract.js';
import { decimalAmount } from './sales-csv.js';

type Refusal = { error: { code: string; fields?: { field: string }[] } };
type Sale = { orderId: string; reference: string };

const ZERO = { orders: 0, grossMinor: 0, netMinor: 0, vatMinor: 0, refundedMinor: 0 };

describe(`sales reports (${engine})`, () => {
  let site: MarketTestSite;
  let buyers = 0;
  // The first quarter of 2026 in euros (gross prices; the seller is in Germany):
  const sales: Record<'de' | 'fr' | 'deMarch' | 'card' | 'business', Sale> = {} as never;

  /** A buyer checks out, pays (bank transfer marked received, or by card through the webhook), and the payment is dated `paidAt`. */
  async function sale(slug: string, country: string, paidAt: string, extra: Record<string, unknown> = {}): Promise<Sale> {
    buyers += 1;
    const card = extra['paymentMethod'] === 'card';
    const placed = await site.call<CheckoutView>('POST', '/api/market/checkout', undefined, {
      productSlug: slug,
      email: `buyer${buyers}@example.com`,
      firstName: 'Ada',
      lastName: 'Lovelace',
      country,
      paymentMethod: 'bank_transfer',
      ...extra,
    });
    expect(placed.status, placed.raw).toBe(201);
    if (card) {
      const paid = site.stripe.payCheckoutSession(placed.body.redirectUrl.slice(placed.body.redirectUrl.lastIndexOf('/') + 1));
      expect((await site.webhook(paid)).body.outcome).toBe('paid');
    } else {
      const received = await site.call<{ status: string }>('POST', `/api/market/orders/${placed.body.orderId}/transfer-received`, site.cookies.admin);
      expect(received.body.status, received.raw).toBe('paid');
    }
    await site.rows(sql`update market_orders set paid_at = ${paidAt}::timestamptz where id = ${placed.body.orderId}`);
    return { orderId: placed.body.orderId, reference: placed.body.reference };
  }

  const report = (query: string, cookie = site.cookies.admin) => site.call<SalesReportView & Refusal>('GET', `/api/market/reports/sales?${query}`, cookie);
  async function csv(query: string, cookie: string | null = site.cookies.admin) {
    const res = await site.ctx.app.inject({ method: 'GET', url: `/api/market/reports/sales.csv?${query}`, headers: { host: site.host, ...(cookie ? { cookie } : {}) } });
    return { status: res.statusCode, headers: res.headers, body: res.body, rows: res.body.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean) };
  }

  beforeAll(async () => {
    site = await createMarketTestSite('sales', { bankTransfer: { enabled: true, accountHolder: 'Acme Academy GmbH', iban: 'DE89370400440532013000' } });
    await site.product({ slug: 'fire-safety', title: 'Fire safety', prices: [{ currency: 'EUR', amountMinor: 11900 }, { currency: 'USD', amountMinor: 10000 }] });
    await site.product({ slug: 'first-aid', title: 'First aid', courseIds: [site.courses[1]!], prices: [{ currency: 'EUR', amountMinor: 5950 }] });

    // 119.00 incl. 19 % German VAT: 100.00 + 19.00; half of it (50.00) is refunded later.
    sales.de = await sale('fire-safety', 'DE', '2026-01-15T10:00:00Z');
    // 119.00 incl. 20 % French VAT (OSS): 99.17 + 19.83. At 23:30 UTC on the 31st: still January.
    sales.fr = await sale('fire-safety', 'FR', '2026-01-31T23:30:00Z');
    // February: nothing. 59.50 = 50.00 + 9.50, at the first moment of March.
    sales.deMarch = await sale('first-aid', 'DE', '2026-03-01T00:00:00Z');
    sales.card = await sale('first-aid', 'DE', '2026-03-15T12:00:00Z', { paymentMethod: 'card' });
    // A French business with a VAT ID: reverse charge, the price without French VAT, 99.17 and no VAT.
    sales.business = await sale('fire-safety', 'FR', '2026-03-20T09:00:00Z', { company: 'Exemple SARL', vatId: 'FR40303265045' });

    // Outside the range by a second, on either side.
    await sale('fire-safety', 'DE', '2025-12-31T23:59:59Z');
    await sale('fire-safety', 'DE', '2026-04-01T00:00:00Z');
    // Another currency in the range: 100.00 USD to the United States (no EU VAT: 84.03).
    await sale('fire-safety', 'US', '2026-01-20T08:00:00Z', { currency: 'USD' });
    // Orders placed in the range but never paid: one awaiting its transfer, one cancelled (even with a payment time set, it is no sale).
    const waiting = await site.call<CheckoutView>('POST', '/api/market/checkout', undefined, { productSlug: 'fire-safety', email: 'waiting@example.com', firstName: 'W', lastName: 'T', country: 'DE', paymentMethod: 'bank_transfer' });
    await site.rows(sql`update market_orders set created_at = '2026-01-10T10:00:00Z' where id = ${waiting.body.orderId}`);
    const abandoned = await site.call<CheckoutView>('POST', '/api/market/checkout', undefined, { productSlug: 'fire-safety', email: 'gone@example.com', firstName: 'G', lastName: 'O', country: 'DE' });
    const expired = site.stripe.expireCheckoutSession(abandoned.body.redirectUrl.slice(abandoned.body.redirectUrl.lastIndexOf('/') + 1));
    expect((await site.webhook(expired)).body.outcome).toBe('cancelled: checkout expired');
    await site.rows(sql`update market_orders set created_at = '2026-01-11T10:00:00Z', paid_at = '2026-01-11T10:00:00Z' where id = ${abandoned.body.orderId}`);

    const line = await site.rows<{ id: string }>(sql`select id from market_order_lines where order_id = ${sales.de.orderId}`);
    const refunded = await site.call('POST', `/api/market/orders/${sales.de.orderId}/refunds`, site.cookies.admin, { lines: [{ lineId: line[0]!.id, amountMinor: 5000 }] });
    expect(refunded.status, refunded.raw).toBe(200);
    // Given back in April: it still counts against January's sale.
    await site.rows(sql`update market_refunds set created_at = '2026-04-10T10:00:00Z', settled_at = '2026-04-10T10:00:00Z' where order_id = ${sales.de.orderId}`);
  });
  afterAll(() => site.close());

  it('adds up the quarter to the cent: totals, months (February empty), products, countries and the payout', async () => {
    const res = await report('from=2026-01-01&to=2026-03-31&currency=EUR&groupBy=month');
    expect(res.status, res.raw).toBe(200);
    const view = res.body;
    expect([view.currency, view.from, view.to]).toEqual(['EUR', '2026-01-01', '2026-03-31']);
    // 119.00 + 119.00 + 59.50 + 59.50 + 99.17; net 100.00 + 99.17 + 50.00 + 50.00 + 99.17.
    expect(view.totals).toEqual({ orders: 5, grossMinor: 45617, netMinor: 39834, vatMinor: 5783, refundedMinor: 5000 });
    expect(view.byPeriod).toEqual([
      { period: '2026-01', orders: 2, grossMinor: 23800, netMinor: 19917, vatMinor: 3883, refundedMinor: 5000 },
      { period: '2026-02', ...ZERO },
      { period: '2026-03', orders: 3, grossMinor: 21817, netMinor: 19917, vatMinor: 1900, refundedMinor: 0 },
    ]);
    const products = await site.rows<{ id: string; slug: string }>(sql`select id, slug from market_products`);
    const productId = (slug: string) => products.find((p) => p.slug === slug)!.id;
    expect(view.byProduct).toEqual([
      { productId: productId('fire-safety'), title: 'Fire safety', orders: 3, quantity: 3, grossMinor: 33717, netMinor: 29834, vatMinor: 3883, refundedMinor: 5000 },
      { productId: productId('first-aid'), title: 'First aid', orders: 2, quantity: 2, grossMinor: 11900, netMinor: 10000, vatMinor: 1900, refundedMinor: 0 },
    ]);
    expect(view.byCountry).toEqual([
      { country: 'DE', orders: 3, grossMinor: 23800, netMinor: 20000, vatMinor: 3800, refundedMinor: 5000 },
      { country: 'FR', orders: 2, grossMinor: 21817, netMinor: 19834, vatMinor: 1983, refundedMinor: 0 },
    ]);
    // Each breakdown adds up to the totals.
    for (const rows of [view.byPeriod, view.byProduct, view.byCountry]) {
      for (const key of ['grossMinor', 'netMinor', 'vatMinor', 'refundedMinor'] as const) expect(rows.reduce((sum, row) => sum + row[key], 0)).toBe(view.totals[key]);
    }
    // Of the 50.00 refunded, 7.98 was VAT (50.00 × 19/119, rounded): 57.83 - 7.98 = 49.85 VAT owed.
    expect(view.payout).toEqual({
      grossMinor: 45617,
      refundedMinor: 5000,
      vatMinor: 4985,
      keptNetMinor: 35632,
      byProvider: [
        { provider: 'invoice', grossMinor: 39667, refundedMinor: 5000 },
        { provider: 'stripe', grossMinor: 5950, refundedMinor: 0 },
      ],
    });
  });

  it('gives the VAT per country and rate as the OSS return has it, net of the refund, and as the credit note split it', async () => {
    const view = (await report('from=2026-01-01&to=2026-03-31')).body;
    expect(view.vatByCountry).toEqual([
      // 100.00 + 50.00 + 50.00 sold, 42.02 of it refunded; 19.00 + 9.50 + 9.50 VAT less 7.98.
      { country: 'DE', rule: 'domestic', rateBasisPoints: 1900, netMinor: 15798, vatMinor: 3002 },
      { country: 'FR', rule: 'oss', rateBasisPoints: 2000, netMinor: 9917, vatMinor: 1983 },
      { country: 'FR', rule: 'reverse_charge', rateBasisPoints: 0, netMinor: 9917, vatMinor: 0 },
    ]);
    const credited = await site.rows<{ net: number; vat: number }>(
      sql`select (document -> 'totals' ->> 'netMinor')::int as net, (document -> 'totals' ->> 'vatMinor')::int as vat from market_invoices where order_id = ${sales.de.orderId} and kind = 'credit_note'`,
    );
    expect(credited).toEqual([{ net: 4202, vat: 798 }]);
  });

  it('lists every day or week of the range, zero when nothing was sold, on UTC days', async () => {
    const days = (await report('from=2026-01-30&to=2026-02-02&groupBy=day')).body;
    expect(days.byPeriod).toEqual([
      { period: '2026-01-30', ...ZERO },
      { period: '2026-01-31', orders: 1, grossMinor: 11900, netMinor: 9917, vatMinor: 1983, refundedMinor: 0 },
      { period: '2026-02-01', ...ZERO },
      { period: '2026-02-02', ...ZERO },
    ]);
    // Weeks start on Monday: the 15th (a Thursday) is in the week of the 12th.
    const weeks = (await report('from=2026-01-14&to=2026-01-25&groupBy=week')).body;
    expect(weeks.byPeriod.map((p) => [p.period, p.grossMinor])).toEqual([
      ['2026-01-12', 11900],
      ['2026-01-19', 0],
    ]);
    const empty = (await report('from=2026-02-01&to=2026-02-28')).body;
    expect(empty.totals).toEqual(ZERO);
    expect([empty.byProduct, empty.byCountry, empty.vatByCountry, empty.coupons]).toEqual([[], [], [], []]);
    expect(empty.payout).toEqual({ grossMinor: 0, refundedMinor: 0, vatMinor: 0, keptNetMinor: 0, byProvider: [] });
  });

  it('keeps currencies apart: the US dollar sale is only in the dollar report', async () => {
    const dollars = (await report('from=2026-01-01&to=2026-03-31&currency=USD')).body;
    expect(dollars.totals).toEqual({ orders: 1, grossMinor: 8403, netMinor: 8403, vatMinor: 0, refundedMinor: 0 });
    expect(dollars.vatByCountry).toEqual([{ country: null, rule: 'outside_eu', rateBasisPoints: 0, netMinor: 8403, vatMinor: 0 }]);
    expect(dollars.byCountry.map((c) => c.country)).toEqual(['US']);
  });

  it('refuses a range of more than 400 periods, or one that ends before it starts, with its code', async () => {
    const tooLong = await report('from=2025-01-01&to=2026-03-01&groupBy=day');
    expect([tooLong.status, tooLong.body.error.code]).toEqual([422, 'MARKET_REPORT_RANGE']);
    expect((await report('from=2025-01-01&to=2026-03-01&groupBy=week')).status).toBe(200);
    const backwards = await report('from=2026-03-01&to=2026-02-01');
    expect([backwards.status, backwards.body.error.code]).toEqual([422, 'MARKET_REPORT_RANGE']);
    expect((await csv('from=2026-03-01&to=2026-02-01')).status).toBe(422);
    const notADay = await report('from=2026-02-30&to=2026-03-01');
    expect([notADay.status, notADay.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('exports one CSV row per order line, amounts with a decimal point, and records the export', async () => {
    const before = await site.rows<{ n: number }>(sql`select count(*)::int as n from audit_events where action = 'report.exported'`);
    const res = await csv('from=2026-01-01&to=2026-03-31&currency=EUR');
    expect(res.status, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="sales-2026-01-01-2026-03-31.csv"');
    expect(res.rows[0]).toBe('Paid (UTC),Order,Status,Buyer country,Buyer VAT ID,Tax rule,VAT rate (%),Tax country,Product,Quantity,Net,VAT,Gross,Refunded,Currency,Payment provider,Coupon');
    expect(res.rows.slice(1)).toEqual([
      `2026-01-15,${sales.de.reference},partially_refunded,DE,,domestic,19.00,DE,Fire safety,1,100.00,19.00,119.00,50.00,EUR,invoice,`,
      `2026-01-31,${sales.fr.reference},paid,FR,,oss,20.00,FR,Fire safety,1,99.17,19.83,119.00,0.00,EUR,invoice,`,
      `2026-03-01,${sales.deMarch.reference},paid,DE,,domestic,19.00,DE,First aid,1,50.00,9.50,59.50,0.00,EUR,invoice,`,
      `2026-03-15,${sales.card.reference},paid,DE,,domestic,19.00,DE,First aid,1,50.00,9.50,59.50,0.00,EUR,stripe,`,
      `2026-03-20,${sales.business.reference},paid,FR,FR40303265045,reverse_charge,0.00,FR,Fire safety,1,99.17,0.00,99.17,0.00,EUR,invoice,`,
    ]);
    const after = await site.rows<{ n: number; details: Record<string, unknown> }>(
      sql`select count(*) over ()::int as n, details from audit_events where action = 'report.exported' order by occurred_at desc limit 1`,
    );
    expect(after[0]!.n).toBe(before[0]!.n + 1);
    expect(after[0]!.details).toMatchObject({ report: 'market.sales', format: 'csv', from: '2026-01-01', to: '2026-03-31', currency: 'EUR', rows: 5 });
  });

  it('neutralises a product title a spreadsheet would run as a formula, and shows the coupon used', async () => {
    await site.product({ slug: 'formula', title: '=SUM(A1:A2)', courseIds: [site.courses[1]!], prices: [{ currency: 'EUR', amountMinor: 1000 }] });
    const coupon = await site.call('POST', '/api/market/coupons', site.cookies.admin, { code: 'spring10', kind: 'percent', percent: 10 });
    expect(coupon.status, coupon.raw).toBe(201);
    const formula = await sale('formula', 'DE', '2026-05-04T10:00:00Z');
    // 10 % off 119.00: 107.10 = 90.00 + 17.10.
    const discounted = await sale('fire-safety', 'DE', '2026-05-05T10:00:00Z', { couponCode: 'SPRING10' });

    const res = await csv('from=2026-05-01&to=2026-05-31');
    expect(res.rows.slice(1)).toEqual([
      `2026-05-04,${formula.reference},paid,DE,,domestic,19.00,DE,'=SUM(A1:A2),1,8.40,1.60,10.00,0.00,EUR,invoice,`,
      `2026-05-05,${discounted.reference},paid,DE,,domestic,19.00,DE,Fire safety,1,90.00,17.10,107.10,0.00,EUR,invoice,SPRING10`,
    ]);
    const view = (await report('from=2026-05-01&to=2026-05-31')).body;
    expect(view.coupons).toEqual([{ code: 'SPRING10', uses: 1, discountMinor: 1190 }]);
    expect(view.totals).toEqual({ orders: 2, grossMinor: 11710, netMinor: 9840, vatMinor: 1870, refundedMinor: 0 });
    // The coupon's use in May is not in the first quarter.
    expect((await report('from=2026-01-01&to=2026-03-31')).body.coupons).toEqual([]);
  });

  it('shows reports and exports only to the store’s administrators', async () => {
    for (const cookie of [site.cookies.learner, site.cookies.manager, site.cookies.instructor]) {
      const refused = await report('from=2026-01-01&to=2026-03-31', cookie);
      expect([refused.status, refused.body.error.code]).toEqual([403, 'AUTH_FORBIDDEN']);
      const exported = await csv('from=2026-01-01&to=2026-03-31', cookie);
      expect(exported.status).toBe(403);
      expect(exported.body).not.toContain('Fire safety');
    }
    // Signed out: asked to sign in.
    expect((await csv('from=2026-01-01&to=2026-03-31', null)).status).toBe(401);
  });
});

describe('amounts in the CSV', () => {
  it('writes minor units as a decimal with a point and the currency’s digits', () => {
    expect([decimalAmount(11900, 2), decimalAmount(5, 2), decimalAmount(0, 2), decimalAmount(123456789, 2)]).toEqual(['119.00', '0.05', '0.00', '1234567.89']);
    // The yen has no minor unit.
    expect(decimalAmount(500, 0)).toBe('500');
  });
});
