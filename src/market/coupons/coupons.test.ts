import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import type { CheckoutView } from '../checkout/checkout.contract.js';
import { createMarketTestSite, type MarketTestSite } from '../market.test-support.js';
import type { CouponView } from './coupons.contract.js';

type Refusal = { error: { code: string; fields?: { field: string }[] } };

describe(`coupons at checkout (${engine})`, () => {
  let site: MarketTestSite;
  let fireId: string;
  let aidId: string;
  beforeAll(async () => {
    site = await createMarketTestSite('coupons');
    fireId = (await site.product({ slug: 'fire', title: 'Fire safety' })).id;
    aidId = (await site.product({ slug: 'aid', title: 'First aid', courseIds: [site.courses[1]!], prices: [{ currency: 'EUR', amountMinor: 5000 }, { currency: 'CHF', amountMinor: 5500 }] })).id;
  });
  afterAll(() => site.close());

  const coupon = (body: Record<string, unknown>) => site.call<CouponView & Refusal>('POST', '/api/market/coupons', site.cookies.admin, body);
  const checkout = (email: string, extra: Record<string, unknown>) =>
    site.call<CheckoutView & Refusal>('POST', '/api/market/checkout', undefined, { productSlug: 'fire', email, firstName: 'Ada', lastName: 'Byron', country: 'DE', ...extra });
  const sessionParams = (orderId: string) => site.stripe.requests.find((r) => r.path === '/v1/checkout/sessions' && r.params['client_reference_id'] === orderId)!.params as { line_items: { price_data: { unit_amount: string } }[] };

  it('takes a percentage off before tax, records the use, and charges Stripe the reduced amount', async () => {
    expect((await coupon({ code: 'spring-25', kind: 'percent', percent: 25, productIds: [fireId] })).status).toBe(201);
    const placed = await checkout('ada@example.com', { couponCode: 'Spring-25' });
    expect(placed.status, placed.raw).toBe(201);
    expect(sessionParams(placed.body.orderId).line_items[0]!.price_data.unit_amount).toBe('8925');
    const [line] = await site.rows<{ unit_price_minor: number; discount_minor: number; gross_minor: number; vat_minor: number }>(sql`select l.unit_price_minor, l.discount_minor, l.gross_minor, l.vat_minor from market_order_lines l where l.order_id = ${placed.body.orderId}`);
    // 119.00 list, 29.75 off, 89.25 incl. 19 % VAT (14.25).
    expect(line).toEqual({ unit_price_minor: 11900, discount_minor: 2975, gross_minor: 8925, vat_minor: 1425 });
    const list = await site.call<{ coupons: CouponView[] }>('GET', '/api/market/coupons', site.cookies.admin);
    expect(list.body.coupons.find((c) => c.code === 'SPRING-25')!.uses).toBe(1);
  });

  it('refuses a coupon that is unknown, off, not yet or no longer valid, for another product or currency, or used up, and places no order', async () => {
    await coupon({ code: 'OLD', kind: 'percent', percent: 10, validUntil: new Date(Date.now() - 60_000).toISOString() });
    await coupon({ code: 'LATER', kind: 'percent', percent: 10, validFrom: new Date(Date.now() + 86_400_000).toISOString() });
    await coupon({ code: 'OFF', kind: 'percent', percent: 10, active: false });
    await coupon({ code: 'AID-ONLY', kind: 'percent', percent: 10, productIds: [aidId] });
    await coupon({ code: 'FIVE-CHF', kind: 'amount', amountMinor: 500, currency: 'CHF' });
    await coupon({ code: 'ONCE', kind: 'percent', percent: 10, maxUses: 1 });
    const before = await site.rows<{ n: number }>(sql`select count(*)::int as n from market_orders`);
    const cases: [string, string][] = [
      ['NOPE', 'MARKET_COUPON_INVALID'],
      ['OFF', 'MARKET_COUPON_INVALID'],
      ['OLD', 'MARKET_COUPON_EXPIRED'],
      ['LATER', 'MARKET_COUPON_EXPIRED'],
      ['AID-ONLY', 'MARKET_COUPON_NOT_FOR_PRODUCT'],
      ['FIVE-CHF', 'MARKET_COUPON_NOT_FOR_PRODUCT'],
    ];
    for (const [code, expected] of cases) {
      const res = await checkout('bob@example.com', { couponCode: code });
      expect([res.status, res.body.error?.code, res.body.error?.fields?.[0]?.field], code).toEqual([422, expected, 'couponCode']);
    }
    expect(await site.rows(sql`select count(*)::int as n from market_orders`)).toEqual(before);
    expect((await checkout('first@example.com', { couponCode: 'ONCE' })).status).toBe(201);
    const second = await checkout('second@example.com', { couponCode: 'ONCE' });
    expect(second.body.error?.code).toBe('MARKET_COUPON_USED_UP');
    // The same buyer may use SPRING-25 once (the default per-buyer limit).
    expect((await checkout('ada@example.com', { couponCode: 'SPRING-25' })).body.error?.code).toBe('MARKET_COUPON_USED_UP');
  });

  it('gives the use back when the checkout is abandoned, and makes the order free when the coupon takes the whole price', async () => {
    await coupon({ code: 'SINGLE', kind: 'percent', percent: 20, maxUses: 1 });
    const abandoned = await checkout('carol@example.com', { couponCode: 'SINGLE' });
    const session = abandoned.body.redirectUrl.slice(abandoned.body.redirectUrl.lastIndexOf('/') + 1);
    expect((await site.webhook(site.stripe.expireCheckoutSession(session))).body.outcome).toBe('cancelled: checkout expired');
    expect((await checkout('dave@example.com', { couponCode: 'SINGLE' })).status).toBe(201);

    await coupon({ code: 'FULL', kind: 'percent', percent: 100 });
    const free = await checkout('erin@example.com', { couponCode: 'FULL' });
    // Nothing to pay: an order without a session waits only for its address to be confirmed (confirm-order.test.ts).
    expect(free.body.status).toBe('pending');
    const [order] = await site.rows<{ provider: string; gross_minor: number; coupon_code: string }>(sql`select provider, gross_minor, coupon_code from market_orders where id = ${free.body.orderId}`);
    expect(order).toEqual({ provider: 'free', gross_minor: 0, coupon_code: 'FULL' });
  });

  it('refuses a coupon that is not well formed, or whose code is taken', async () => {
    expect((await coupon({ code: 'X', kind: 'percent', percent: 10 })).status).toBe(400);
    expect((await coupon({ code: 'HALF', kind: 'percent', percent: 150 })).status).toBe(400);
    expect((await coupon({ code: 'AMOUNT', kind: 'amount', amountMinor: 500 })).status).toBe(400);
    expect((await coupon({ code: 'spring-25', kind: 'percent', percent: 5 })).body.error?.code).toBe('MARKET_COUPON_CODE_TAKEN');
    expect((await site.call('POST', '/api/market/coupons', site.cookies.learner, { code: 'MINE', kind: 'percent', percent: 90 })).status).toBe(403);
  });
});
