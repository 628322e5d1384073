import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { queryRows } from '../../platform/db/index.js';
import { PASSWORD, signInCookie } from '../../../test/app.js';
import { afterJobs, createMarketTestSite, type MarketTestSite } from '../market.test-support.js';
import type { CheckoutView } from './checkout.contract.js';

type Refusal = { error: { code: string; fields?: { field: string }[] } };

const buyer = (email: string, extra: Record<string, unknown> = {}) => ({ productSlug: 'fire-safety', email, firstName: 'Łukasz', lastName: 'Nowak', country: 'DE', language: 'de', ...extra });

describe(`checkout with Stripe, the webhook and access in Learn (${engine})`, () => {
  let site: MarketTestSite;
  beforeAll(async () => {
    site = await createMarketTestSite('shop', { bankTransfer: { enabled: true, accountHolder: 'Acme Academy GmbH', iban: 'DE89370400440532013000' } });
    await site.product({ slug: 'fire-safety', title: 'Fire safety' });
  });
  afterAll(() => site.close());

  const checkout = (body: Record<string, unknown>) => site.call<CheckoutView & Refusal>('POST', '/api/market/checkout', undefined, body);
  const sessionOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  const enrolmentsOf = (email: string) =>
    site.rows<{ course_id: string; source: string }>(sql`select e.course_id, e.source from enrolments e join users u on u.id = e.user_id where u.email = ${email} order by e.course_id`);
  const orderRow = (id: string) => site.rows<{ status: string; gross_minor: number; refunded_minor: number; buyer_user_id: string | null }>(sql`select status, gross_minor, refunded_minor, buyer_user_id from market_orders where id = ${id}`).then((rows) => rows[0]!);

  it('prices the order on the server, sends the buyer to Stripe with an idempotency key, and grants the course only from the verified webhook', async () => {
    // A price or amount sent by the browser is not a field of the checkout: it changes nothing.
    const placed = await checkout(buyer('ada@example.com', { price: 1, amountMinor: 1, grossMinor: 1 }));
    expect(placed.status, placed.raw).toBe(201);
    expect(placed.body.redirectUrl.startsWith(site.stripe.url)).toBe(true);
    const created = site.stripe.requests.find((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions')!;
    expect(created.idempotencyKey).toBe(`lectern-checkout-${placed.body.orderId}`);
    expect(created.params).toMatchObject({ mode: 'payment', client_reference_id: placed.body.orderId, customer_email: 'ada@example.com', line_items: [{ quantity: '1', price_data: { currency: 'eur', unit_amount: '11900' } }] });
    expect((await orderRow(placed.body.orderId)).status).toBe('pending');

    // The success page is no proof: nothing is granted before the webhook.
    expect(await enrolmentsOf('ada@example.com')).toEqual([]);
    const paid = site.stripe.payCheckoutSession(sessionOf(placed.body.redirectUrl), { cardCountry: 'DE' });
    const delivered = await site.webhook(paid);
    expect(delivered).toEqual({ status: 200, body: { received: true, outcome: 'paid' } });
    const enrolled = await afterJobs(async () => ((await enrolmentsOf('ada@example.com')).length > 0 ? enrolmentsOf('ada@example.com') : undefined));
    expect(enrolled).toEqual([{ course_id: site.courses[0], source: 'purchase' }]);
    const order = await orderRow(placed.body.orderId);
    expect(order).toMatchObject({ status: 'paid', gross_minor: 11900 });
    expect(order.buyer_user_id).not.toBeNull();
    // Two pieces of location evidence agree: the billing address and, asked of Stripe after the payment, the card's country.
    const evidence = await afterJobs(async () => {
      const [row] = await site.rows<{ location_evidence: { pieces: { kind: string }[]; country: string; agreeing: number; conflicting: boolean } }>(sql`select location_evidence from market_orders where id = ${placed.body.orderId}`);
      return row!.location_evidence.pieces.length === 2 ? row!.location_evidence : undefined;
    });
    expect(evidence).toMatchObject({ country: 'DE', agreeing: 2, conflicting: false, pieces: [{ kind: 'billing_address', country: 'DE' }, { kind: 'card_country', country: 'DE' }] });
    // The buyer is told, with a link to choose the password of the account made for them. Learn adds
    // its notice in the app, but no second mail.
    const purchaseMail = await afterJobs(async () => {
      const rows = await queryRows<{ payload: { to: string; subject: string; text: string } }>(site.ctx.db.owner, sql`select payload from jobs where kind = 'mail.send' and payload->>'to' = 'ada@example.com'`);
      return rows.find((row) => row.payload.subject.includes('Ihr Kauf'))?.payload;
    });
    expect(purchaseMail.text).toContain('/accept-invitation#token=');
    await afterJobs(async () => (await site.rows(sql`select 1 from in_app_notifications n join users u on u.id = n.user_id where u.email = 'ada@example.com' and n.kind = 'learn.enrolled'`)).length === 1);
    expect(await queryRows(site.ctx.db.owner, sql`select 1 from jobs where kind = 'mail.send' and payload->>'to' = 'ada@example.com'`)).toHaveLength(1);

    // The same event again, and again at once: one effect.
    const again = await Promise.all([site.webhook(paid), site.webhook(paid)]);
    expect(again.map((r) => r.body.outcome).sort()).toEqual(['duplicate: handled before', 'duplicate: handled before']);
    const handled = await site.rows<{ n: number }>(sql`select count(*)::int as n from purchased_access`);
    expect(handled[0]!.n).toBe(1);
  });

  it('refuses deliveries that are not signed by the seller’s endpoint secret, or are too old or altered, and logs them', async () => {
    const placed = await checkout(buyer('mallory@example.com'));
    const paid = site.stripe.payCheckoutSession(sessionOf(placed.body.redirectUrl));
    for (const options of [{ secret: 'whsec_someoneelse0000000000' }, { timestamp: Math.floor(Date.now() / 1000) - 3600 }, { tamper: true }]) {
      const res = await site.webhook(paid, options);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('MARKET_WEBHOOK_SIGNATURE');
    }
    const unsigned = await site.ctx.app.inject({ method: 'POST', url: '/api/market/webhooks/stripe', headers: { host: site.host, 'content-type': 'application/json' }, payload: JSON.stringify(paid) });
    expect(unsigned.statusCode).toBe(400);
    expect(await enrolmentsOf('mallory@example.com')).toEqual([]);
    expect((await orderRow(placed.body.orderId)).status).toBe('pending');
    const refused = await site.rows<{ n: number }>(sql`select count(*)::int as n from audit_events where action = 'market.webhook_refused'`);
    expect(refused[0]!.n).toBe(4);
    // The genuine delivery still works afterwards.
    expect((await site.webhook(paid)).body.outcome).toBe('paid');
  });

  it('refuses an event whose amount or currency does not match the order, granting nothing', async () => {
    const placed = await checkout(buyer('eve@example.com'));
    const paid = site.stripe.payCheckoutSession(sessionOf(placed.body.redirectUrl));
    const forged = structuredClone(paid);
    (forged.data.object as { amount_total: number }).amount_total = 100;
    const res = await site.webhook(forged);
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe('MARKET_WEBHOOK_MISMATCH');
    expect((await orderRow(placed.body.orderId)).status).toBe('pending');
    expect(await enrolmentsOf('eve@example.com')).toEqual([]);
  });

  it('keeps a paid order paid when the expiry arrives late, and lets money win over an expiry seen first', async () => {
    const first = await checkout(buyer('late@example.com'));
    const session = sessionOf(first.body.redirectUrl);
    const paid = site.stripe.payCheckoutSession(session);
    expect((await site.webhook(paid)).body.outcome).toBe('paid');
    const expired = structuredClone(paid);
    Object.assign(expired, { id: `${paid.id}_x`, type: 'checkout.session.expired' });
    expect((await site.webhook(expired)).body.outcome).toBe('ignored: succeeded payment does not expire');
    expect((await orderRow(first.body.orderId)).status).toBe('paid');

    const second = await checkout(buyer('slow@example.com'));
    const secondSession = sessionOf(second.body.redirectUrl);
    const expiredFirst = site.stripe.expireCheckoutSession(secondSession);
    expect((await site.webhook(expiredFirst)).body.outcome).toBe('cancelled: checkout expired');
    expect((await orderRow(second.body.orderId)).status).toBe('cancelled');
    const completedLate = structuredClone(expiredFirst);
    Object.assign(completedLate, { id: `${expiredFirst.id}_paid`, type: 'checkout.session.completed' });
    Object.assign(completedLate.data.object, { status: 'complete', payment_status: 'paid', payment_intent: 'pi_late' });
    expect((await site.webhook(completedLate)).body.outcome).toBe('paid');
    expect((await orderRow(second.body.orderId)).status).toBe('paid');
  });

  it('refuses bad input with a clear code and writes no order', async () => {
    const before = await site.rows<{ n: number }>(sql`select count(*)::int as n from market_orders`);
    const cases: [Record<string, unknown>, number, string][] = [
      [buyer('q@example.com', { quantity: 5 }), 422, 'MARKET_QUANTITY_INVALID'],
      [buyer('q@example.com', { quantity: -1 }), 400, 'VALIDATION_FAILED'],
      [buyer('q@example.com', { quantity: 10_000_000, seatPack: true }), 400, 'VALIDATION_FAILED'],
      [buyer('q@example.com', { seatPack: true, quantity: 3 }), 422, 'MARKET_SEATS_NOT_OFFERED'],
      [buyer('q@example.com', { currency: 'USD' }), 422, 'MARKET_CURRENCY_NOT_OFFERED'],
      [buyer('q@example.com', { currency: 'XXX' }), 400, 'VALIDATION_FAILED'],
      [buyer('q@example.com', { vatId: 'ATU12345678' }), 422, 'MARKET_VAT_ID_COUNTRY'],
      [buyer('q@example.com', { vatId: 'DE12' }), 422, 'MARKET_VAT_ID_INVALID'],
      [buyer('q@example.com', { productSlug: 'no-such-course' }), 409, 'MARKET_NOT_FOR_SALE'],
      [buyer('not-an-address'), 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await checkout(body);
      expect([res.status, res.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await site.rows<{ n: number }>(sql`select count(*)::int as n from market_orders`)).toEqual(before);
  });

  it('enrols a signed-in buyer at once for a free product, and after the seller marks a bank transfer received', async () => {
    await site.product({ slug: 'first-aid-free', title: 'First aid basics', courseIds: [site.courses[1]!], free: true, prices: [] });
    // (Without a session, a free order waits for its address to be confirmed: confirm-order.test.ts.)
    const free = await site.call<CheckoutView>('POST', '/api/market/checkout', site.cookies.learner, buyer('free@example.com', { productSlug: 'first-aid-free' }));
    expect(free.status, free.raw).toBe(201);
    expect(free.body).toMatchObject({ status: 'paid', redirectUrl: expect.stringMatching(/\/store\/orders\//) });
    await afterJobs(async () => (await enrolmentsOf('learner@shop.test')).some((e) => e.course_id === site.courses[1] && e.source === 'purchase'));

    const transfer = await checkout(buyer('bank@example.com', { paymentMethod: 'bank_transfer' }));
    expect(transfer.body.status).toBe('awaiting_transfer');
    // Its invoice, with the bank details and the reference, is issued with the order.
    expect(await site.rows(sql`select kind from market_invoices where order_id = ${transfer.body.orderId}`)).toEqual([{ kind: 'invoice' }]);
    // The buyer is asked for the transfer by mail: amount, account, reference (the order's), due date.
    const asked = await afterJobs(async () => {
      const rows = await queryRows<{ payload: { text: string } }>(site.ctx.db.owner, sql`select payload from jobs where kind = 'mail.send' and payload->>'to' = 'bank@example.com'`);
      return rows.find((row) => row.payload.text.includes('IBAN'))?.payload.text;
    });
    expect(asked).toContain('IBAN DE89370400440532013000');
    expect(asked).toMatch(/119,00\s€/);
    expect(site.stripe.requests.filter((r) => r.params['client_reference_id'] === transfer.body.orderId)).toEqual([]);
    expect(await enrolmentsOf('bank@example.com')).toEqual([]);
    // The payer's IBAN from the bank statement is checked (a wrong one changes nothing), and its country is the second piece of location evidence.
    const wrongIban = await site.call<Refusal>('POST', `/api/market/orders/${transfer.body.orderId}/transfer-received`, site.cookies.admin, { payerIban: 'DE00 1234 5678' });
    expect([wrongIban.status, wrongIban.body.error.code, wrongIban.body.error.fields?.[0]?.field]).toEqual([422, 'MARKET_IBAN_INVALID', 'payerIban']);
    const notText = await site.call<Refusal>('POST', `/api/market/orders/${transfer.body.orderId}/transfer-received`, site.cookies.admin, { payerIban: 5 });
    expect([notText.status, notText.body.error.code]).toEqual([422, 'MARKET_IBAN_INVALID']);
    expect((await orderRow(transfer.body.orderId)).status).toBe('awaiting_transfer');
    const received = await site.call<{ status: string }>('POST', `/api/market/orders/${transfer.body.orderId}/transfer-received`, site.cookies.admin, { payerIban: 'de89 3704 0044 0532 0130 00' });
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    expect(received.body.status).toBe('paid');
    const [evidence] = await site.rows<{ location_evidence: { pieces: { kind: string; country: string }[]; country: string; agreeing: number; conflicting: boolean } }>(sql`select location_evidence from market_orders where id = ${transfer.body.orderId}`);
    expect(evidence!.location_evidence).toMatchObject({ country: 'DE', agreeing: 2, conflicting: false, pieces: [{ kind: 'billing_address', country: 'DE' }, { kind: 'bank_country', country: 'DE' }] });
    expect(JSON.stringify(evidence)).not.toContain('0532');
    await afterJobs(async () => (await enrolmentsOf('bank@example.com')).length === 1);
    // The invoice issued with the order, before the buyer had an account, is theirs once the order is linked to it.
    await site.rows(sql`update users set password_hash = (select password_hash from users where email = 'learner@shop.test') where email = 'bank@example.com'`);
    const bankCookie = await signInCookie(site.ctx.app, site.host, 'bank@example.com', PASSWORD);
    const invoices = await site.call<{ invoices: { id: string; kind: string }[] }>('GET', '/api/market/my/invoices', bankCookie);
    expect(invoices.body.invoices.map((i) => i.kind)).toEqual(['invoice']);
    const pdf = await site.ctx.app.inject({ method: 'GET', url: `/api/market/invoices/${invoices.body.invoices[0]!.id}/pdf`, headers: { host: site.host, cookie: bankCookie } });
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    const someoneElse = await site.ctx.app.inject({ method: 'GET', url: `/api/market/invoices/${invoices.body.invoices[0]!.id}/pdf`, headers: { host: site.host, cookie: site.cookies.learner } });
    expect(someoneElse.statusCode).toBe(404);
    // Only the seller marks a transfer received.
    const byLearner = await site.call<Refusal>('POST', `/api/market/orders/${transfer.body.orderId}/transfer-received`, site.cookies.learner);
    expect(byLearner.status).toBe(403);
  });
});
