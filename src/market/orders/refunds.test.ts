import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { enrolDirectly } from '../../../test/learn-fixtures.js';
import { PASSWORD, signInCookie } from '../../../test/app.js';
import { createUser } from '../../platform/identity/users.service.js';
import { reconcileStripe } from '../checkout/reconcile-stripe.js';
import { stripeAccounts } from '../checkout/stripe-accounts.js';
import type { CheckoutView } from '../checkout/checkout.contract.js';
import { testConfig } from '../../../test/app.js';
import { afterJobs, createMarketTestSite, type MarketTestSite } from '../market.test-support.js';
import type { OrderView } from './orders.contract.js';
import { sweepExpiredPurchasedAccess } from '../../learn/index.js';

type Refusal = { error: { code: string } };

describe(`refunds, chargebacks, reconciliation and access for N days (${engine})`, () => {
  let site: MarketTestSite;
  beforeAll(async () => {
    site = await createMarketTestSite('refunds');
    await site.product({ slug: 'safety-bundle', kind: 'bundle', title: 'Safety bundle', courseIds: site.courses, prices: [{ currency: 'EUR', amountMinor: 20000 }] });
    await site.product({ slug: 'fire-90-days', title: 'Fire safety (90 days)', accessDays: 90 });
  });
  afterAll(() => site.close());

  const sessionOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  const coursesOf = (email: string) =>
    site.rows<{ course_id: string; source: string }>(sql`select e.course_id, e.source from enrolments e join users u on u.id = e.user_id where u.email = ${email} order by e.course_id`);
  const sorted = (ids: (string | undefined)[]) => [...ids].sort();

  /** A buyer pays for a product by card, the webhook arrives, and the access is granted. */
  async function bought(email: string, slug: string): Promise<{ orderId: string; paymentIntent: string }> {
    const placed = await site.call<CheckoutView>('POST', '/api/market/checkout', undefined, { productSlug: slug, email, firstName: 'Ada', lastName: 'Lovelace', country: 'DE' });
    const paid = site.stripe.payCheckoutSession(sessionOf(placed.body.redirectUrl));
    expect((await site.webhook(paid)).body.outcome).toBe('paid');
    await afterJobs(async () => (await site.rows(sql`select 1 from market_access_grants g join market_order_lines l on l.id = g.order_line_id where l.order_id = ${placed.body.orderId}`)).length > 0);
    return { orderId: placed.body.orderId, paymentIntent: (paid.data.object as { payment_intent: string }).payment_intent };
  }

  it('refunds per line exactly: a part keeps the access, the rest ends it, an enrolment from elsewhere stays, and more than was paid is refused', async () => {
    const email = 'grace@example.com';
    // Grace was enrolled in the second course by her employer before she bought the bundle.
    const grace = await createUser(site.ctx.db, site.tenantId, { email, firstName: 'Grace', lastName: 'Hopper', roles: ['learner'], password: PASSWORD });
    await enrolDirectly(site.ctx.db, site.tenantId, site.courses[1]!, grace.id);
    const { orderId } = await bought(email, 'safety-bundle');
    expect(sorted((await coursesOf(email)).map((e) => `${e.course_id}:${e.source}`))).toEqual(sorted([`${site.courses[0]}:purchase`, `${site.courses[1]}:direct`]));

    const order = (await site.call<OrderView>('GET', `/api/market/orders/${orderId}`, site.cookies.admin)).body;
    const line = order.lines[0]!;
    const tooMuch = await site.call<Refusal>('POST', `/api/market/orders/${orderId}/refunds`, site.cookies.admin, { lines: [{ lineId: line.id, amountMinor: 20001 }] });
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([422, 'MARKET_REFUND_TOO_LARGE']);

    const part = await site.call<OrderView>('POST', `/api/market/orders/${orderId}/refunds`, site.cookies.admin, { lines: [{ lineId: line.id, amountMinor: 5000 }], reason: 'goodwill' });
    expect(part.status, part.raw).toBe(200);
    expect(part.body).toMatchObject({ status: 'partially_refunded', refundedMinor: 5000 });
    const refundCall = site.stripe.requests.find((r) => r.path === '/v1/refunds' && r.method === 'POST')!;
    expect(refundCall.params).toMatchObject({ amount: '5000' });
    expect(refundCall.idempotencyKey).toMatch(/^lectern-refund-/);
    expect((await coursesOf(email)).length).toBe(2);

    const rest = await site.call<OrderView>('POST', `/api/market/orders/${orderId}/refunds`, site.cookies.admin, {});
    expect(rest.body).toMatchObject({ status: 'refunded', refundedMinor: 20000 });
    // The bought course is gone; the one her employer gave her stays.
    expect(await coursesOf(email)).toEqual([{ course_id: site.courses[1], source: 'direct' }]);
    const oneMore = await site.call<Refusal>('POST', `/api/market/orders/${orderId}/refunds`, site.cookies.admin, { lines: [{ lineId: line.id, amountMinor: 1 }] });
    expect([oneMore.status, oneMore.body.error.code]).toEqual([409, 'MARKET_ORDER_STATE']);
    // Stripe's report of the refunds made here changes nothing more.
    const events = await site.stripe.client().events.list({ type: 'charge.refunded' });
    for (const event of events.data) expect((await site.webhook(event)).body.outcome).toMatch(/^(ignored: refunds known|duplicate)/);
    const audit = await site.rows<{ action: string }>(sql`select action from audit_events where target_id = ${orderId} order by id`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['market.order_placed', 'market.order_paid', 'market.order_refunded']));
  });

  it('ends the access when a dispute is lost, not while it is open, and keeps it when it is won', async () => {
    const lost = await bought('dispute@example.com', 'fire-90-days');
    const opened = site.stripe.openDispute(lost.paymentIntent);
    expect((await site.webhook(opened)).body.outcome).toMatch(/^disputed/);
    expect((await coursesOf('dispute@example.com')).length).toBe(1);
    const closed = site.stripe.closeDispute((opened.data.object as { id: string }).id, 'lost');
    expect((await site.webhook(closed)).body.outcome).toBe('charged back: access ended');
    expect(await coursesOf('dispute@example.com')).toEqual([]);
    expect((await site.call<OrderView>('GET', `/api/market/orders/${lost.orderId}`, site.cookies.admin)).body.status).toBe('charged_back');

    const won = await bought('won@example.com', 'fire-90-days');
    const wonOpened = site.stripe.openDispute(won.paymentIntent);
    await site.webhook(wonOpened);
    await site.webhook(site.stripe.closeDispute((wonOpened.data.object as { id: string }).id, 'won'));
    expect((await coursesOf('won@example.com')).length).toBe(1);
  });

  it('applies a payment whose webhook never arrived when it reconciles with Stripe, once', async () => {
    const placed = await site.call<CheckoutView>('POST', '/api/market/checkout', undefined, { productSlug: 'fire-90-days', email: 'missed@example.com', firstName: 'Missed', lastName: 'Hook', country: 'AT' });
    site.stripe.payCheckoutSession(sessionOf(placed.body.redirectUrl));
    const accounts = stripeAccounts(site.ctx.db, testConfig({ LECTERN_STRIPE_API_URL: site.stripe.url }).market);
    const first = await reconcileStripe(site.ctx.db, accounts, site.tenantId);
    expect(first.applied).toBeGreaterThan(0);
    expect((await site.call<OrderView>('GET', `/api/market/orders/${placed.body.orderId}`, site.cookies.admin)).body.status).toBe('paid');
    await afterJobs(async () => (await coursesOf('missed@example.com')).length === 1);
    const second = await reconcileStripe(site.ctx.db, accounts, site.tenantId);
    expect(second.applied).toBe(0);
  });

  it('ends access bought for N days when its time is over', async () => {
    await bought('ninety@example.com', 'fire-90-days');
    const ends = await site.rows<{ ends_at: Date }>(sql`select p.ends_at from purchased_access p join users u on u.id = p.user_id where u.email = 'ninety@example.com'`);
    const days = (new Date(ends[0]!.ends_at).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    expect(await sweepExpiredPurchasedAccess(site.ctx.db, site.tenantId, new Date(Date.now() + 89 * 86_400_000))).toBe(0);
    expect((await coursesOf('ninety@example.com')).length).toBe(1);
    // Every access bought for 90 days in this file ends then (and nothing bought for life).
    const later = new Date(Date.now() + 91 * 86_400_000);
    const due = await site.rows<{ n: number }>(sql`select count(*)::int as n from purchased_access where ends_at is not null`);
    expect(await sweepExpiredPurchasedAccess(site.ctx.db, site.tenantId, later)).toBe(due[0]!.n);
    expect(await site.rows(sql`select 1 from purchased_access where ends_at is not null`)).toEqual([]);
    expect(await coursesOf('ninety@example.com')).toEqual([]);
  });

  it('shows a buyer their own purchases and nobody else’s, and refuses the seller’s side to buyers', async () => {
    await bought('own@example.com', 'fire-90-days');
    // The account made for the purchase: give it a password to sign in as the buyer.
    await site.rows(sql`update users set password_hash = (select password_hash from users where email = ${`learner@refunds.test`}) where email = 'own@example.com'`);
    const cookie = await signInCookie(site.ctx.app, site.host, 'own@example.com', PASSWORD);
    const mine = await site.call<{ orders: OrderView[] }>('GET', '/api/market/my/orders', cookie);
    expect(mine.body.orders.map((o) => o.buyer.email)).toEqual(['own@example.com']);
    const other = await site.call<{ orders: OrderView[] }>('GET', '/api/market/my/orders', site.cookies.learner);
    expect(other.body.orders).toEqual([]);
    const sellerSide = await site.call<Refusal>('GET', `/api/market/orders/${mine.body.orders[0]!.id}`, cookie);
    expect(sellerSide.status).toBe(403);
  });
});
