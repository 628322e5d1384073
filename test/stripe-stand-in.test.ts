import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeStandIn, type StripeStandIn } from './stripe-stand-in.js';

// Everything below goes through the real SDK over a socket, as the store's code will.

let standIn: StripeStandIn;
let stripe: Stripe;

beforeAll(async () => {
  standIn = await startStripeStandIn();
  stripe = standIn.client();
});

afterAll(async () => {
  await standIn.close();
});

function sessionParams(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [
      { price_data: { currency: 'EUR', unit_amount: 4900, product_data: { name: 'Course: Intro to Botany' } }, quantity: 1 },
      { price_data: { currency: 'eur', unit_amount: 1000, product_data: { name: 'Workbook' } }, quantity: 2 },
    ],
    success_url: 'https://school.example/market/done?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://school.example/market/cart',
    client_reference_id: 'order-1',
    customer_email: 'learner@example.com',
    metadata: { orderId: 'order-1', tenant: 'acme' },
    payment_intent_data: { metadata: { orderId: 'order-1' } },
    locale: 'de',
    ...overrides,
  };
}

async function paidSession(orderId: string): Promise<{ session: Stripe.Checkout.Session; paymentIntentId: string }> {
  const session = await stripe.checkout.sessions.create(sessionParams({ client_reference_id: orderId, metadata: { orderId } }));
  standIn.payCheckoutSession(session.id, { cardCountry: 'fr' });
  const paid = await stripe.checkout.sessions.retrieve(session.id);
  if (typeof paid.payment_intent !== 'string') throw new Error('expected a payment intent id');
  return { session: paid, paymentIntentId: paid.payment_intent };
}

async function stripeError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('Checkout Sessions', () => {
  it('creates a session in Stripe’s shape and retrieves it', async () => {
    const before = Math.floor(Date.now() / 1000);
    const session = await stripe.checkout.sessions.create(sessionParams());
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 6900,
      amount_subtotal: 6900,
      currency: 'eur',
      client_reference_id: 'order-1',
      customer_email: 'learner@example.com',
      metadata: { orderId: 'order-1', tenant: 'acme' },
      livemode: false,
      payment_intent: null,
      locale: 'de',
      success_url: 'https://school.example/market/done?session={CHECKOUT_SESSION_ID}',
    });
    expect(session.url).toBe(`${standIn.url}/pay/${session.id}`);
    expect(session.created).toBeGreaterThanOrEqual(before);
    expect(session.expires_at).toBe(session.created + 24 * 3600);
    expect(session.lastResponse.requestId).toMatch(/^req_/);

    const again = await stripe.checkout.sessions.retrieve(session.id);
    expect(again.id).toBe(session.id);
    expect(again.amount_total).toBe(6900);

    const withItems = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    expect(withItems.line_items?.data.map((item) => [item.description, item.quantity, item.amount_total])).toEqual([
      ['Course: Intro to Botany', 1, 4900],
      ['Workbook', 2, 2000],
    ]);
    const items = await stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data).toHaveLength(2);

    const page = await fetch(session.url ?? '');
    expect(page.status).toBe(200);
  });

  it('honours expires_at within Stripe’s 30 minutes to 24 hours', async () => {
    const now = Math.floor(Date.now() / 1000);
    const session = await stripe.checkout.sessions.create(sessionParams({ expires_at: now + 3600 }));
    expect(session.expires_at).toBe(now + 3600);
    const tooSoon = await stripeError(stripe.checkout.sessions.create(sessionParams({ expires_at: now + 60 })));
    expect(tooSoon).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooSoon.param).toBe('expires_at');
  });

  it('refuses missing line items and amounts with invalid_request_error and the param', async () => {
    const noItems = await stripeError(stripe.checkout.sessions.create({ ...sessionParams(), line_items: undefined }));
    expect(noItems).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(noItems.statusCode).toBe(400);
    expect(noItems.rawType).toBe('invalid_request_error');
    expect(noItems.code).toBe('parameter_missing');
    expect(noItems.param).toBe('line_items');

    const noAmount = await stripeError(
      stripe.checkout.sessions.create(sessionParams({ line_items: [{ price_data: { currency: 'eur', product_data: { name: 'X' } }, quantity: 1 }] })),
    );
    expect(noAmount.param).toBe('line_items[0][price_data][unit_amount]');

    const noQuantity = await stripeError(
      stripe.checkout.sessions.create(sessionParams({ line_items: [{ price_data: { currency: 'eur', unit_amount: 500, product_data: { name: 'X' } } }] })),
    );
    expect(noQuantity.param).toBe('line_items[0][quantity]');

    const tooSmall = await stripeError(
      stripe.checkout.sessions.create(sessionParams({ line_items: [{ price_data: { currency: 'eur', unit_amount: 10, product_data: { name: 'X' } }, quantity: 1 }] })),
    );
    expect(tooSmall.code).toBe('amount_too_small');

    // A typo is refused as Stripe refuses it, instead of being silently ignored.
    const typo = await stripeError(stripe.checkout.sessions.create({ ...sessionParams(), clientReferenceId: 'x' } as Stripe.Checkout.SessionCreateParams));
    expect(typo.code).toBe('parameter_unknown');
    expect(typo.param).toBe('clientReferenceId');
  });

  it('answers an unknown session with a 404 resource_missing', async () => {
    const error = await stripeError(stripe.checkout.sessions.retrieve('cs_test_nope'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
  });

  it('lists newest first and auto-paginates over several pages', async () => {
    const own = await startStripeStandIn();
    try {
      const client = own.client();
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) ids.push((await client.checkout.sessions.create(sessionParams({ client_reference_id: `o${i}` }))).id);

      const first = await client.checkout.sessions.list({ limit: 2 });
      expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/checkout/sessions' });
      expect(first.data.map((s) => s.id)).toEqual([ids[4], ids[3]]);

      const all = await client.checkout.sessions.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
      expect(all.map((s) => s.id)).toEqual([...ids].reverse());
      const pages = own.requests.filter((r) => r.method === 'GET' && r.path === '/v1/checkout/sessions');
      expect(pages.at(-1)?.params).toEqual({ limit: '2', starting_after: ids[1] });

      const collected: string[] = [];
      for await (const session of client.checkout.sessions.list({ limit: 2, created: { gte: Math.floor(Date.now() / 1000) - 60 } })) collected.push(session.id);
      expect(collected).toHaveLength(5);
      const future = await client.checkout.sessions.list({ created: { gte: Math.floor(Date.now() / 1000) + 3600 } });
      expect(future.data).toEqual([]);

      const byStatus = await client.checkout.sessions.list({ status: 'complete' });
      expect(byStatus.data).toEqual([]);
    } finally {
      await own.close();
    }
  });
});

describe('idempotency', () => {
  it('replays a POST with a caller-chosen key and creates nothing new', async () => {
    const own = await startStripeStandIn();
    try {
      const client = own.client();
      const params = sessionParams({ client_reference_id: 'order-77' });
      const first = await client.checkout.sessions.create(params, { idempotencyKey: 'checkout-order-77' });
      const second = await client.checkout.sessions.create(params, { idempotencyKey: 'checkout-order-77' });
      expect(second.id).toBe(first.id);
      expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
      const listed = await client.checkout.sessions.list();
      expect(listed.data.map((s) => s.id)).toEqual([first.id]);

      const posts = own.requests.filter((r) => r.method === 'POST');
      expect(posts.map((r) => r.idempotencyKey)).toEqual(['checkout-order-77', 'checkout-order-77']);
      expect(posts[0]?.params).toMatchObject({ mode: 'payment', client_reference_id: 'order-77', line_items: [{ quantity: '1' }, { quantity: '2' }] });
    } finally {
      await own.close();
    }
  });

  it('refuses the same key with other parameters with StripeIdempotencyError', async () => {
    await stripe.checkout.sessions.create(sessionParams({ client_reference_id: 'order-88' }), { idempotencyKey: 'checkout-order-88' });
    const error = await stripeError(stripe.checkout.sessions.create(sessionParams({ client_reference_id: 'order-89' }), { idempotencyKey: 'checkout-order-88' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.statusCode).toBe(400);
    expect(error.rawType).toBe('idempotency_error');
  });

  it('gives every POST without a caller key its own SDK-generated key', async () => {
    const before = standIn.requests.length;
    await stripe.checkout.sessions.create(sessionParams());
    await stripe.checkout.sessions.create(sessionParams());
    const keys = standIn.requests.slice(before).map((r) => r.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^stripe-node-retry-/);
    expect(keys[1]).not.toBe(keys[0]);
  });
});

describe('authentication and unknown paths', () => {
  it('refuses another API key with StripeAuthenticationError', async () => {
    const error = await stripeError(standIn.client('sk_test_wrongwrongwrong1234').checkout.sessions.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.message).toContain('Invalid API Key provided: sk_test_');
    expect(error.message).not.toContain('wrongwrongwrong');
  });

  it('answers an unknown path with a 404 in Stripe’s error shape', async () => {
    const error = await stripeError(stripe.rawRequest('GET', '/v1/not_a_thing'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(404);
    expect(error.message).toContain('Unrecognized request URL (GET: /v1/not_a_thing)');
  });
});

describe('payment and webhooks', () => {
  it('pays a session: complete/paid, a succeeded PaymentIntent with its charge, a verifiable event', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams());
    const event = standIn.payCheckoutSession(session.id, { cardCountry: 'DE' });
    expect(event).toMatchObject({ object: 'event', type: 'checkout.session.completed', api_version: Stripe.API_VERSION, livemode: false });
    expect(event.id).toMatch(/^evt_/);
    if (event.type !== 'checkout.session.completed') throw new Error('unexpected event type');
    expect(event.data.object).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid', metadata: { orderId: 'order-1', tenant: 'acme' } });

    const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent', 'payment_intent.latest_charge'] });
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid' });
    const paymentIntent = paid.payment_intent as Stripe.PaymentIntent;
    expect(paymentIntent).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 6900, amount_received: 6900, currency: 'eur', metadata: { orderId: 'order-1' } });
    const charge = paymentIntent.latest_charge as Stripe.Charge;
    expect(charge.payment_method_details?.card?.country).toBe('DE');

    const retrieved = await stripe.paymentIntents.retrieve(paymentIntent.id);
    expect(retrieved.latest_charge).toBe(charge.id);

    // The signed delivery verifies with the SDK, as the store's webhook route will verify it.
    const { payload, headers } = standIn.signed(event);
    const verified = stripe.webhooks.constructEvent(payload, headers['stripe-signature'] ?? '', standIn.webhookSecret);
    expect(verified.id).toBe(event.id);
    expect(headers['content-type']).toBe('application/json');

    expect(() => standIn.payCheckoutSession(session.id)).toThrow(/complete/);
  });

  it('fails verification for a wrong secret, an old timestamp or a tampered body', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams());
    const event = standIn.expireCheckoutSession(session.id);
    const verify = (delivery: { payload: string; headers: Record<string, string> }): Stripe.Event =>
      stripe.webhooks.constructEvent(delivery.payload, delivery.headers['stripe-signature'] ?? '', standIn.webhookSecret);
    expect(() => verify(standIn.signed(event, { secret: 'whsec_other' }))).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => verify(standIn.signed(event, { timestamp: Math.floor(Date.now() / 1000) - 600 }))).toThrow(/tolerance/);
    expect(() => verify(standIn.signed(event, { tamper: true }))).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(verify(standIn.signed(event)).type).toBe('checkout.session.expired');
  });

  it('delivers over a socket to a receiver that verifies with constructEvent', async () => {
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          const event = Stripe.webhooks.constructEvent(Buffer.concat(chunks), req.headers['stripe-signature'] ?? '', standIn.webhookSecret);
          received.push(event.type);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: true }));
        } catch (error) {
          res.writeHead(400).end(error instanceof Error ? error.message : 'bad');
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
    try {
      const session = await stripe.checkout.sessions.create(sessionParams());
      const event = standIn.payCheckoutSession(session.id);
      expect(await standIn.deliver(event, hook)).toEqual({ status: 200, body: '{"received":true}' });
      const tampered = await standIn.deliver(event, hook, { tamper: true });
      expect(tampered.status).toBe(400);
      expect(tampered.body).toContain('No signatures found matching the expected signature');
      const old = await standIn.deliver(event, hook, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
      expect(old).toEqual({ status: 400, body: 'Timestamp outside the tolerance zone' });
      expect((await standIn.deliver(event, hook, { secret: 'whsec_wrong' })).status).toBe(400);
      expect(received).toEqual(['checkout.session.completed']);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('expires a session through the API and records the event with the request', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams());
    const expired = await stripe.checkout.sessions.expire(session.id, {}, { idempotencyKey: 'expire-1' });
    expect(expired).toMatchObject({ status: 'expired', url: null, payment_status: 'unpaid' });
    const events = await stripe.events.list({ type: 'checkout.session.expired', limit: 100 });
    const event = events.data.find((e) => e.type === 'checkout.session.expired' && e.data.object.id === session.id);
    expect(event?.request).toMatchObject({ idempotency_key: 'expire-1' });
    expect(() => standIn.payCheckoutSession(session.id)).toThrow(/expired/);
  });
});

describe('refunds', () => {
  it('refunds part, then the rest, then refuses one cent more', async () => {
    const { paymentIntentId } = await paidSession('order-refund');
    const partial = await stripe.refunds.create({ payment_intent: paymentIntentId, amount: 1900, reason: 'requested_by_customer', metadata: { orderId: 'order-refund' } });
    expect(partial).toMatchObject({ object: 'refund', status: 'succeeded', amount: 1900, currency: 'eur', payment_intent: paymentIntentId, metadata: { orderId: 'order-refund' } });
    expect(partial.id).toMatch(/^re_/);

    const tooMuch = await stripeError(stripe.refunds.create({ payment_intent: paymentIntentId, amount: 5001 }));
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });
    expect(tooMuch.message).toBe('Refund amount (EUR 50.01) is greater than unrefunded amount on charge (EUR 50.00)');

    const rest = await stripe.refunds.create({ payment_intent: paymentIntentId });
    expect(rest.amount).toBe(5000);
    expect((await stripe.refunds.retrieve(rest.id)).amount).toBe(5000);

    const oneCent = await stripeError(stripe.refunds.create({ payment_intent: paymentIntentId, amount: 1 }));
    expect(oneCent).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });

    const refunded = await stripe.events.list({ type: 'charge.refunded', limit: 100 });
    const mine = refunded.data.filter((e): e is Stripe.ChargeRefundedEvent => e.type === 'charge.refunded' && e.data.object.payment_intent === paymentIntentId);
    expect(mine.map((e) => e.data.object.amount_refunded)).toEqual([6900, 1900]);
    expect(mine[0]?.data.object.refunded).toBe(true);
    expect(mine[0]?.data.object.refunds?.data.map((r) => r.amount)).toEqual([5000, 1900]);
    expect(mine[1]?.data.previous_attributes?.amount_refunded).toBe(0);

    const listed = await stripe.refunds.list({ payment_intent: paymentIntentId });
    expect(listed.data.map((r) => r.id)).toEqual([rest.id, partial.id]);
  });

  it('replays a refund retried with the same key instead of refunding twice', async () => {
    const { paymentIntentId } = await paidSession('order-refund-retry');
    const first = await stripe.refunds.create({ payment_intent: paymentIntentId, amount: 1000 }, { idempotencyKey: 'refund-retry-1' });
    const second = await stripe.refunds.create({ payment_intent: paymentIntentId, amount: 1000 }, { idempotencyKey: 'refund-retry-1' });
    expect(second.id).toBe(first.id);
    const listed = await stripe.refunds.list({ payment_intent: paymentIntentId });
    expect(listed.data).toHaveLength(1);
  });
});

describe('disputes and events', () => {
  it('opens and closes a dispute, blocks refunds while it is open, and lists events by type', async () => {
    const { paymentIntentId } = await paidSession('order-dispute');
    const created = standIn.openDispute(paymentIntentId, 4900);
    if (created.type !== 'charge.dispute.created') throw new Error('unexpected event type');
    const dispute = created.data.object;
    expect(dispute).toMatchObject({ object: 'dispute', amount: 4900, currency: 'eur', payment_intent: paymentIntentId, status: 'needs_response' });
    expect(created.request).toEqual({ id: null, idempotency_key: null });

    const blocked = await stripeError(stripe.refunds.create({ payment_intent: paymentIntentId }));
    expect(blocked.code).toBe('charge_disputed');

    const closed = standIn.closeDispute(dispute.id, 'lost');
    expect(closed).toMatchObject({ type: 'charge.dispute.closed', data: { object: { id: dispute.id, status: 'lost' } } });
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('lost');

    const disputeEvents = await stripe.events.list({ type: 'charge.dispute.*', limit: 100 });
    expect(disputeEvents.data.filter((e) => (e.data.object as Stripe.Dispute).id === dispute.id).map((e) => e.type)).toEqual([
      'charge.dispute.closed',
      'charge.dispute.created',
    ]);
    const onlyCreated = await stripe.events.list({ types: ['charge.dispute.created'] });
    expect(onlyCreated.data.every((e) => e.type === 'charge.dispute.created')).toBe(true);

    const fetched = await stripe.events.retrieve(closed.id);
    // lastResponse is not enumerable, so a JSON copy holds just the event.
    expect(JSON.parse(JSON.stringify(fetched))).toEqual(closed);

    const since = await stripe.events.list({ created: { gte: closed.created } });
    expect(since.data.map((e) => e.id)).toContain(closed.id);
  });

  it('keeps every event for a reconciliation job, newest first, paginated', async () => {
    const own = await startStripeStandIn();
    try {
      const client = own.client();
      const made: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const session = await client.checkout.sessions.create(sessionParams());
        made.push(own.payCheckoutSession(session.id).id);
      }
      const expiring = await client.checkout.sessions.create(sessionParams());
      made.push(own.expireCheckoutSession(expiring.id).id);
      const all = await client.events.list({ limit: 1 }).autoPagingToArray({ limit: 100 });
      expect(all.map((e) => e.id)).toEqual([...made].reverse());
      const completed = await client.events.list({ type: 'checkout.session.completed' });
      expect(completed.data).toHaveLength(3);
    } finally {
      await own.close();
    }
  });
});
