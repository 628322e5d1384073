/**
 * The store's Stripe webhook under load: verified deliveries handled per second, with exactly-once
 * effects checked afterwards.
 *
 * One site with an open store and a connected Stripe account (through the API: settings and keys as
 * a seller saves them), and --orders (5,000) pending Stripe orders inserted in bulk straight into the
 * tables, each with one line and an open payment whose checkout session is `cs_bench_<n>`, plus
 * --warm-up (500) more for the warm-up. The whole application runs in this process (buildApp) and
 * listens on 127.0.0.1; the client runs on a worker thread of its own (its own event loop, so the
 * server's is not shared with the load) and sends over real sockets with keep-alive,
 * --connections (32) at once, each connection a loop of requests from one shared queue.
 *
 * The deliveries, each signed with the seller's webhook secret as Stripe signs them (the SDK's
 * test helper, pretty-printed JSON as Stripe posts it), in this order:
 * - every order's `checkout.session.completed`, once;
 * - for every tenth order the same event again, right behind it in the queue, so the two are in
 *   flight together (Stripe retries a delivery it thinks timed out), and once more later;
 * - for every twentieth order (another one) a `checkout.session.expired`, later, out of order:
 *   once its completed event was answered.
 * Later deliveries come --connections × 8 places (at least 400) behind their order's first one.
 *
 * Timed: the whole batch, first request to last answer (all must answer 200), and each delivery's
 * latency. The ceiling, in the same run: a bare node:http server that verifies the same deliveries
 * with the SDK (`constructEvent` on the raw body) and answers 200, what verification and HTTP cost
 * without the database, measured before and after the app; GET /healthz of the app with the same
 * client; and, after the check, what one write transaction costs the engine (the claim of an event
 * id alone, in this process, as many at once). The job worker does not run: the access grants, the
 * invoices and their PDFs and the rest happen after the answer, in jobs.
 *
 * Then the exactly-once check, without which the figure does not count: every order paid, its
 * payment succeeded, one `market.order_paid` audit row per order, one
 * `market_provider_events` row per distinct event id, one `domain_event` job `market.order.paid`
 * per order (delivered afterwards to the invoice's handler, untimed: one invoice per order, numbered
 * 1..N), no order cancelled by a late expiry, and every answer's outcome as expected (one
 * `paid` per order, the repeats `duplicate`, the late expiries ignored).
 *
 * Target: >= 500 verified webhooks/s. PGlite by default; with BENCH_PG_URL set, PostgreSQL too (a
 * fresh database on that server, dropped afterwards).
 *
 *   npx tsx bench/market-webhooks.ts [--orders=5000] [--connections=32] [--warm-up=500]
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/market-webhooks.ts
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/platform/db/client.js';
import { queryRows } from '../src/platform/db/client.js';
import { invoiceOnPayment } from '../src/market/invoices/invoice-on-payment.js';
import { claimProviderEvent } from '../src/market/orders/orders.repository.js';
import { DOMAIN_EVENT_JOB } from '../src/platform/events/domain-events.js';
import { domainEventJobHandlers } from '../src/platform/events/event-handlers.js';
import { createUser } from '../src/platform/identity/users.service.js';
import { createTenant } from '../src/platform/tenancy/tenants.service.js';
import { openPgliteBenchDb, openPostgresBenchDb, type BenchDatabase } from './lib/bench-databases.js';
import { makeTempDir, removeTempDir, startWatchdog } from './lib/cleanup.js';
import { fmtInt, fmtMs, intOption, isEntryPoint, machineLoad, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';

const HOST = 'webhooks.bench.test';
const PASSWORD = 'Correct-Horse-9';
const WEBHOOK_PATH = '/api/market/webhooks/stripe';
const TARGET_PER_SEC = 500;
const REQUEST_TIMEOUT_MS = 60_000;

const percentile = (values: ArrayLike<number>, p: number) => {
  const sorted = Array.from(values).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

/**
 * The application in this process on a fresh database, removed afterwards. As withInProcessApp,
 * but with the per-address API rate limit off: every delivery comes from 127.0.0.1 here, and the
 * default 3,000 a minute would refuse most of them (Stripe sends from a handful of addresses).
 */
async function withWebhookApp<T>(label: string, openDb: () => Promise<BenchDatabase>, work: (app: App, db: Db) => Promise<T>): Promise<T> {
  const dir = makeTempDir(label);
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>bench</title>');
  const { db, close } = await openDb();
  try {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LECTERN_SEED_DEMO: 'false', DATA_DIR: dir, LECTERN_VIES_URL: 'off', LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0' });
    const app = await buildApp({ config, db, logger: false, webDir: dir });
    await app.ready();
    try {
      return await work(app, db);
    } finally {
      await app.close();
    }
  } finally {
    await close();
    removeTempDir(dir);
  }
}

/** A new site with an open store and a connected Stripe account; its webhook signing secret. */
async function storeSite(app: App, db: Db): Promise<{ tenantId: string; webhookSecret: string }> {
  const tenant = await createTenant(db, { slug: 'webhooks-bench', name: 'Webhooks bench', hostnames: [HOST] });
  await createUser(db, tenant.id, { email: 'admin@webhooks.bench.test', firstName: 'Bench', lastName: 'Admin', roles: ['admin'], password: PASSWORD });
  const signedIn = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: HOST }, payload: { email: 'admin@webhooks.bench.test', password: PASSWORD } });
  const session = signedIn.cookies.find((c) => c.name === 'lectern_session');
  if (!session) throw new Error(`sign-in failed: ${signedIn.statusCode} ${signedIn.body}`);
  const headers = { host: HOST, cookie: `lectern_session=${session.value}` };
  const opened = await app.inject({
    method: 'PATCH',
    url: '/api/admin/settings',
    headers,
    payload: { market: { open: true, sellerName: 'Bench Academy GmbH', sellerAddress: 'Hauptstraße 1\n10115 Berlin', sellerCountry: 'DE', sellerVatId: 'DE123456789' } },
  });
  if (opened.statusCode !== 200) throw new Error(`settings: ${opened.statusCode} ${opened.body}`);
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const connected = await app.inject({ method: 'PUT', url: '/api/market/payment-accounts/stripe', headers, payload: { secretKey: `sk_test_${randomBytes(12).toString('hex')}`, webhookSecret } });
  if (connected.statusCode !== 204) throw new Error(`stripe account: ${connected.statusCode} ${connected.body}`);
  return { tenantId: tenant.id, webhookSecret };
}

interface BenchOrder {
  n: number;
  id: string;
  grossMinor: number;
}

/**
 * `count` pending Stripe orders in three statements, as placing them would leave them: the orders
 * (German consumers, 19 % VAT, amounts spread), one line each, and an open payment whose checkout
 * session is `cs_bench_<n>`.
 */
async function fillOrders(db: Db, tenantId: string, count: number): Promise<BenchOrder[]> {
  const orders = await db.withTenant(tenantId, async (tx) => {
    await tx.execute(sql`insert into market_orders (reference, status, provider, buyer_email, buyer_first_name, buyer_last_name, buyer_address, buyer_country, language, currency, net_minor, vat_minor, gross_minor, created_at, updated_at)
      select 'WB' || lpad(i::text, 7, '0'), 'pending', 'stripe', 'buyer' || i || '@bench.test', 'Ada', 'Buyer ' || i, E'Hauptstraße 2\n10115 Berlin', 'DE', 'en', 'EUR',
             10000 + (i % 50) * 100, (10000 + (i % 50) * 100) * 19 / 100, (10000 + (i % 50) * 100) * 119 / 100, now() - interval '10 minutes', now() - interval '10 minutes'
      from generate_series(1, ${count}) as i`);
    await tx.execute(sql`insert into market_order_lines (order_id, position, title, course_ids, quantity, unit_price_minor, net_minor, vat_minor, gross_minor, vat_rate_basis_points, tax_rule, tax_country)
      select id, 0, 'Fire safety at work', '{}'::uuid[], 1, net_minor, net_minor, vat_minor, gross_minor, 1900, 'domestic', 'DE' from market_orders`);
    await tx.execute(sql`insert into market_payments (order_id, provider, status, provider_checkout_id, checkout_url, currency, amount_minor, created_at, updated_at)
      select id, 'stripe', 'open', 'cs_bench_' || substr(reference, 3)::int, 'https://checkout.stripe.com/c/pay/cs_bench_' || substr(reference, 3)::int, currency, gross_minor, created_at, created_at
      from market_orders`);
    return queryRows<{ n: number; id: string; gross_minor: number }>(tx, sql`select substr(reference, 3)::int as n, id, gross_minor from market_orders order by reference`);
  });
  await db.owner.execute(sql`vacuum analyze`);
  return orders.map((row) => ({ n: Number(row.n), id: row.id, grossMinor: Number(row.gross_minor) }));
}

type DeliveryKind = 'completed' | 'repeat, at once' | 'repeat, later' | 'expired, late';
const KINDS: DeliveryKind[] = ['completed', 'repeat, at once', 'repeat, later', 'expired, late'];

interface Delivery {
  kind: DeliveryKind;
  order: BenchOrder;
  eventId: string;
  /** The bytes Stripe would post. */
  payload: string;
  /** The place in the queue of the delivery whose answer this one waits for (-1: none). */
  after: number;
}

/** An event as Stripe sends it for a checkout session of `order`, pretty-printed as Stripe posts it. */
function eventPayload(order: BenchOrder, type: 'checkout.session.completed' | 'checkout.session.expired', eventId: string): string {
  const created = Math.floor(Date.now() / 1000);
  const paid = type === 'checkout.session.completed';
  const session = {
    id: `cs_bench_${order.n}`,
    object: 'checkout.session',
    amount_subtotal: order.grossMinor,
    amount_total: order.grossMinor,
    client_reference_id: order.id,
    created: created - 600,
    currency: 'eur',
    customer_email: `buyer${order.n}@bench.test`,
    expires_at: created + 3600,
    livemode: false,
    metadata: { orderId: order.id, reference: `WB${String(order.n).padStart(7, '0')}` },
    mode: 'payment',
    payment_intent: paid ? `pi_bench_${order.n}` : null,
    payment_status: paid ? 'paid' : 'unpaid',
    status: paid ? 'complete' : 'expired',
    url: null,
  };
  const event = {
    id: eventId,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created,
    data: { object: session },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
  return JSON.stringify(event, null, 2);
}

/**
 * The queue of deliveries for `orders`: each completed event, every tenth again right behind it
 * and once more `lateGap` places later, and every twentieth order's expiry `lateGap` places later
 * (both of those wait for the first answer of their order).
 */
function planDeliveries(orders: BenchOrder[], lateGap: number): Delivery[] {
  const main: Delivery[] = [];
  const late = new Map<number, Delivery[]>();
  const firstOf = new Map<Delivery, Delivery>();
  const later = (at: number, delivery: Delivery, first: Delivery) => {
    firstOf.set(delivery, first);
    late.set(at, [...(late.get(at) ?? []), delivery]);
  };
  for (const [k, order] of orders.entries()) {
    const eventId = `evt_bench_paid_${order.n}`;
    const completed: Delivery = { kind: 'completed', order, eventId, payload: eventPayload(order, 'checkout.session.completed', eventId), after: -1 };
    main.push(completed);
    if (k % 10 === 0) {
      main.push({ ...completed, kind: 'repeat, at once' });
      later(main.length + lateGap, { ...completed, kind: 'repeat, later' }, completed);
    }
    if (k % 20 === 5) {
      const expiredId = `evt_bench_expired_${order.n}`;
      later(main.length + lateGap, { kind: 'expired, late', order, eventId: expiredId, payload: eventPayload(order, 'checkout.session.expired', expiredId), after: -1 }, completed);
    }
  }
  const queue: Delivery[] = [];
  const place = (d: Delivery) => queue.push(d);
  main.forEach((delivery, i) => {
    place(delivery);
    late.get(i)?.forEach(place);
    late.delete(i);
  });
  [...late.keys()].sort((a, b) => a - b).forEach((at) => late.get(at)!.forEach(place));
  const placeOf = new Map(queue.map((d, i) => [d, i]));
  return queue.map((d) => {
    const first = firstOf.get(d);
    return first ? { ...d, after: placeOf.get(first)! } : d;
  });
}

interface ClientRequest {
  body: string | null;
  signature: string | null;
  after: number;
}

interface ClientResult {
  wallMs: number;
  status: Int32Array;
  latencyMs: Float64Array;
  outcomes: string[];
}

/**
 * The load generator, run on a worker thread (plain JavaScript, so it needs no loader): `connections`
 * loops over one shared queue, each request on a keep-alive socket of one Agent, a request waiting
 * first for the answer to the one its `after` names. Hands back every answer's status, latency
 * and outcome, and the wall time of the whole batch.
 */
const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, host, path, method, connections, requests, timeoutMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const n = requests.length;
const status = new Int32Array(n);
const latencyMs = new Float64Array(n);
const outcomes = new Array(n).fill('');
const answered = new Map();
for (const r of requests) {
  if (r.after >= 0 && !answered.has(r.after)) {
    let resolve;
    const promise = new Promise((r) => (resolve = r));
    answered.set(r.after, { promise, resolve });
  }
}
const outcomeOf = (text) => {
  try {
    const body = JSON.parse(text);
    return typeof body.outcome === 'string' ? body.outcome : body.error && body.error.code ? 'error: ' + body.error.code : text.slice(0, 120);
  } catch {
    return text.slice(0, 120);
  }
};
function send(i) {
  return new Promise((resolve) => {
    const r = requests[i];
    const headers = { host };
    if (r.body !== null) {
      headers['content-type'] = 'application/json; charset=utf-8';
      headers['content-length'] = Buffer.byteLength(r.body);
      headers['stripe-signature'] = r.signature;
      headers['user-agent'] = 'Stripe/1.0 (+https://stripe.com/docs/webhooks)';
    }
    const started = performance.now();
    const fail = (error) => {
      status[i] = -1;
      outcomes[i] = 'failed: ' + error.message;
      resolve();
    };
    const req = http.request({ host: '127.0.0.1', port, path, method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        latencyMs[i] = performance.now() - started;
        status[i] = res.statusCode;
        outcomes[i] = outcomeOf(Buffer.concat(chunks).toString());
        resolve();
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('no answer within ' + timeoutMs + ' ms')));
    req.on('error', fail);
    req.end(r.body === null ? undefined : r.body);
  });
}
let next = 0;
async function connection() {
  while (next < n) {
    const i = next++;
    const after = requests[i].after;
    if (after >= 0) await answered.get(after).promise;
    await send(i);
    const waiting = answered.get(i);
    if (waiting) waiting.resolve();
  }
}
const started = performance.now();
Promise.all(Array.from({ length: connections }, connection)).then(() => {
  const wallMs = performance.now() - started;
  agent.destroy();
  parentPort.postMessage({ wallMs, status, latencyMs, outcomes });
});
`;

function runClient(options: { port: number; path: string; method: 'GET' | 'POST'; connections: number; requests: ClientRequest[] }): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT_SOURCE, { eval: true, workerData: { ...options, host: HOST, timeoutMs: REQUEST_TIMEOUT_MS } });
    let result: ClientResult | undefined;
    worker.once('message', (message: ClientResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`the load generator ended (${code}) without a result`))));
  });
}

/** The deliveries signed now, as Stripe signs each attempt (the signature's time is checked against replays). */
function signed(deliveries: Delivery[], secret: string): ClientRequest[] {
  return deliveries.map((d) => ({ body: d.payload, signature: Stripe.webhooks.generateTestHeaderString({ payload: d.payload, secret }), after: d.after }));
}

/** The ceiling: a bare node:http server that reads the raw body, verifies it with the SDK and answers 200. */
async function bareVerifyingServer(secret: string): Promise<{ port: number; close: () => Promise<void> }> {
  const stripe = new Stripe(`sk_test_${randomBytes(12).toString('hex')}`);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let status = 200;
      let body: string;
      try {
        const event = stripe.webhooks.constructEvent(Buffer.concat(chunks), String(request.headers['stripe-signature']), secret, 300);
        body = JSON.stringify({ received: true, outcome: `verified ${event.type}` });
      } catch (error) {
        status = 400;
        body = JSON.stringify({ error: { code: 'MARKET_WEBHOOK_SIGNATURE', message: (error as Error).message } });
      }
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
  });
  server.keepAliveTimeout = 72_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface Measured {
  label: string;
  requests: number;
  perSec: number;
  p50: number;
  p99: number;
  failed: number;
}

function measured(label: string, result: ClientResult): Measured {
  const failed = Array.from(result.status).filter((s) => s !== 200).length;
  return { label, requests: result.status.length, perSec: (result.status.length / result.wallMs) * 1000, p50: percentile(result.latencyMs, 50), p99: percentile(result.latencyMs, 99), failed };
}

/** Answers that were not 200, with their outcomes (the first few), or nothing. */
function failures(result: ClientResult): string[] {
  const bad: string[] = [];
  result.status.forEach((s, i) => {
    if (s !== 200 && bad.length < 5) bad.push(`#${i}: ${s} ${result.outcomes[i]}`);
  });
  return bad;
}

const EXPECTED: Record<DeliveryKind, (outcome: string) => boolean> = {
  completed: (o) => o === 'paid' || o === 'duplicate: handled before',
  'repeat, at once': (o) => o === 'paid' || o === 'duplicate: handled before',
  'repeat, later': (o) => o === 'duplicate: handled before',
  'expired, late': (o) => o === 'ignored: succeeded payment does not expire',
};

/** The answers' outcomes: one `paid` per order and each kind of delivery answered as it should be; the problems found. */
function checkAnswers(deliveries: Delivery[], result: ClientResult): { problems: string[]; byKind: Map<DeliveryKind, Map<string, number>> } {
  const problems: string[] = [];
  const byKind = new Map<DeliveryKind, Map<string, number>>(KINDS.map((k) => [k, new Map()]));
  const paidPerOrder = new Map<number, number>();
  deliveries.forEach((d, i) => {
    const outcome = result.outcomes[i] ?? '';
    const counts = byKind.get(d.kind)!;
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    if (outcome === 'paid') paidPerOrder.set(d.order.n, (paidPerOrder.get(d.order.n) ?? 0) + 1);
    if (!EXPECTED[d.kind](outcome) && problems.length < 10) problems.push(`${d.kind} ${d.eventId}: ${result.status[i]} ${outcome}`);
  });
  const orders = new Set(deliveries.map((d) => d.order.n));
  const notOnce = [...orders].filter((n) => paidPerOrder.get(n) !== 1);
  if (notOnce.length > 0) problems.push(`${notOnce.length} orders not answered 'paid' exactly once (order ${notOnce[0]}: ${paidPerOrder.get(notOnce[0]!) ?? 0})`);
  return { problems, byKind };
}

/** The database after the run: every effect exactly once. Returns the problems found (none when it held) and the counts. */
async function checkExactlyOnce(db: Db, tenantId: string, orders: BenchOrder[], eventIds: Set<string>): Promise<{ problems: string[]; counts: string }> {
  const one = async (query: ReturnType<typeof sql>) => (await queryRows<Record<string, number | string | null>>(db.owner, query))[0]!;
  const count = (value: number | string | null | undefined) => Number(value ?? 0);
  const expectedOrders = orders.length;
  const problems: string[] = [];
  const expect = (what: string, actual: number, expected: number) => {
    if (actual !== expected) problems.push(`${what}: ${fmtInt(actual)}, expected ${fmtInt(expected)}`);
  };
  const orderRows = await one(sql`select count(*) filter (where status = 'paid' and paid_at is not null) as paid, count(*) filter (where status = 'cancelled') as cancelled, count(*) as total
    from market_orders where tenant_id = ${tenantId}`);
  expect('orders paid', count(orderRows.paid), expectedOrders);
  expect('orders cancelled', count(orderRows.cancelled), 0);
  const payments = await one(sql`select count(*) filter (where status = 'succeeded' and provider_payment_id = 'pi_bench_' || substr(provider_checkout_id, 10)) as succeeded, count(*) as total
    from market_payments where tenant_id = ${tenantId}`);
  expect('payments succeeded (with their payment intent)', count(payments.succeeded), expectedOrders);
  expect('payments', count(payments.total), expectedOrders);
  // Per order, so that two rows of one order and none of another do not add up to the right total.
  const ids = new Set(orders.map((o) => o.id));
  const perOrder = async (what: string, query: ReturnType<typeof sql>) => {
    const rows = await queryRows<{ order_id: string | null; rows: number }>(db.owner, query);
    expect(`${what}: rows`, rows.reduce((sum, r) => sum + Number(r.rows), 0), expectedOrders);
    expect(`${what}: orders with exactly one`, rows.filter((r) => r.order_id !== null && ids.has(r.order_id) && Number(r.rows) === 1).length, expectedOrders);
    return rows.reduce((sum, r) => sum + Number(r.rows), 0);
  };
  const auditRows = await perOrder("'market.order_paid' audit", sql`select target_id as order_id, count(*)::int as rows from audit_events where tenant_id = ${tenantId} and action = 'market.order_paid' group by target_id`);
  const cancelledAudit = await one(sql`select count(*) as rows from audit_events where tenant_id = ${tenantId} and action = 'market.order_cancelled'`);
  expect("'market.order_cancelled' audit rows", count(cancelledAudit.rows), 0);
  const events = await queryRows<{ event_id: string; rows: number }>(
    db.owner,
    sql`select event_id, count(*)::int as rows from market_provider_events where tenant_id = ${tenantId} and provider = 'stripe' group by event_id`,
  );
  expect('market_provider_events: distinct event ids', events.length, eventIds.size);
  expect('market_provider_events: ids claimed more than once', events.filter((e) => Number(e.rows) !== 1).length, 0);
  expect('market_provider_events: ids not sent', events.filter((e) => !eventIds.has(e.event_id)).length, 0);
  const outcomes = await one(sql`select count(*) filter (where outcome = 'paid') as paid, count(*) filter (where type = 'checkout.session.expired' and outcome = 'ignored: succeeded payment does not expire') as expiries_ignored,
      count(*) filter (where type = 'checkout.session.expired') as expiries
    from market_provider_events where tenant_id = ${tenantId}`);
  expect("market_provider_events with outcome 'paid'", count(outcomes.paid), expectedOrders);
  expect('late expiries recorded as ignored', count(outcomes.expiries_ignored), count(outcomes.expiries));
  // The job queue is a platform table, read by its owner (the application role may only add jobs).
  const jobRows = await perOrder(
    "'market.order.paid' domain_event jobs",
    sql`select payload->'data'->>'orderId' as order_id, count(*)::int as rows from jobs where tenant_id = ${tenantId} and kind = 'domain_event' and payload->>'name' = 'market.order.paid' group by 1`,
  );
  // The invoices follow from market.order.paid, one transaction each, as the job worker delivers the
  // event (untimed): each order's exactly once, numbered 1..N without gap or twin.
  const deliver = domainEventJobHandlers(db, [invoiceOnPayment])[DOMAIN_EVENT_JOB]!;
  const paidJobs = await queryRows<{ id: string; payload: Record<string, unknown> }>(db.owner, sql`select id, payload from jobs where tenant_id = ${tenantId} and kind = 'domain_event' and payload->>'name' = 'market.order.paid'`);
  for (const job of paidJobs) await deliver(job.payload, { id: job.id, tenantId } as never);
  const invoices = await one(sql`select count(*) as rows, count(distinct order_id) as orders, count(distinct sequence) as numbers, max(sequence) as highest from market_invoices where tenant_id = ${tenantId} and kind = 'invoice'`);
  expect('highest invoice number', count(invoices.highest), expectedOrders);
  expect('invoices', count(invoices.rows), expectedOrders);
  expect('orders with an invoice', count(invoices.orders), expectedOrders);
  expect('distinct invoice numbers', count(invoices.numbers), expectedOrders);
  const counts = `${fmtInt(count(orderRows.paid))} orders paid, ${fmtInt(auditRows)} audit rows, ${fmtInt(events.length)} provider events, ${fmtInt(jobRows)} order.paid jobs, ${fmtInt(count(invoices.rows))} invoices, ${fmtInt(count(orderRows.cancelled))} cancelled`;
  return { problems, counts };
}

/**
 * What one write transaction costs on this engine: the webhook's first statement alone (the claim of
 * an event id, one tenant transaction with one insert), `count` times, `connections` at once, in this
 * process (no HTTP). No path that records an event can be faster. Its rows are of their own kind.
 */
async function databaseFloor(db: Db, tenantId: string, count: number, connections: number): Promise<ClientResult> {
  const latencyMs = new Float64Array(count);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count) {
        const i = next++;
        const sent = performance.now();
        await db.withTenant(tenantId, (tx) => claimProviderEvent(tx, { provider: 'free', eventId: `bench_floor_${i}`, type: 'bench.floor' }));
        latencyMs[i] = performance.now() - sent;
      }
    }),
  );
  return { wallMs: performance.now() - started, status: new Int32Array(count).fill(200), latencyMs, outcomes: [] };
}

interface Options {
  orders: number;
  connections: number;
  warmUp: number;
}

async function benchEngine(engine: string, openDb: () => Promise<BenchDatabase>, options: Options): Promise<{ pass: boolean; summary: string }> {
  return withWebhookApp(`market-webhooks-${engine.toLowerCase()}`, openDb, async (app, db) => {
    const { tenantId, webhookSecret } = await storeSite(app, db);
    const filling = performance.now();
    const all = await fillOrders(db, tenantId, options.warmUp + options.orders);
    console.log(`[${engine}] ${fmtInt(all.length)} pending orders inserted and analysed in ${fmtMs(performance.now() - filling)}`);
    const lateGap = Math.max(400, options.connections * 8);
    const warmUpDeliveries = planDeliveries(all.slice(0, options.warmUp), lateGap);
    const deliveries = planDeliveries(all.slice(options.warmUp), lateGap);

    const base = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
    const port = Number(base.port);
    const bare = await bareVerifyingServer(webhookSecret);
    const client = (target: number, method: 'GET' | 'POST', path: string, requests: ClientRequest[]) => runClient({ port: target, path, method, connections: options.connections, requests });
    const mustAllAnswer200 = (what: string, result: ClientResult) => {
      const bad = failures(result);
      if (bad.length > 0) throw new Error(`${what}: ${Array.from(result.status).filter((s) => s !== 200).length} answers were not 200, e.g. ${bad.join('; ')}`);
    };
    try {
      // Warm-up: the app's webhook path (and PGlite's WebAssembly, which tiers up over seconds) on
      // orders of their own, then the bare server; the warm-up's effects are checked with the rest.
      const warm = await client(port, 'POST', WEBHOOK_PATH, signed(warmUpDeliveries, webhookSecret));
      mustAllAnswer200('warm-up', warm);
      console.log(`[${engine}] warm-up: ${fmtInt(warmUpDeliveries.length)} deliveries at ${fmtInt(measured('', warm).perSec)}/s`);
      mustAllAnswer200('bare warm-up', await client(bare.port, 'POST', '/', signed(warmUpDeliveries, webhookSecret)));

      const bareBefore = await client(bare.port, 'POST', '/', signed(deliveries, webhookSecret));
      mustAllAnswer200('bare server', bareBefore);
      const health = await client(port, 'GET', '/healthz', deliveries.map(() => ({ body: null, signature: null, after: -1 })));
      mustAllAnswer200('GET /healthz', health);
      const requests = signed(deliveries, webhookSecret);
      const result = await client(port, 'POST', WEBHOOK_PATH, requests);
      const bareAfter = await client(bare.port, 'POST', '/', signed(deliveries, webhookSecret));
      mustAllAnswer200('bare server', bareAfter);

      const webhooks = measured(`POST ${WEBHOOK_PATH}, ${fmtInt(options.orders)} orders`, result);
      const answers = checkAnswers([...warmUpDeliveries, ...deliveries], { wallMs: 0, status: Int32Array.from([...warm.status, ...result.status]), latencyMs: new Float64Array(0), outcomes: [...warm.outcomes, ...result.outcomes] });
      const eventIds = new Set([...warmUpDeliveries, ...deliveries].map((d) => d.eventId));
      const checked = await checkExactlyOnce(db, tenantId, all, eventIds);
      const problems = [...failures(result).map((f) => `not 200: ${f}`), ...answers.problems, ...checked.problems];
      const exactlyOnce = problems.length === 0;
      // After the check: the floor's rows are not the webhooks'.
      const floor = await databaseFloor(db, tenantId, Math.min(deliveries.length, 2000), options.connections);
      const pass = exactlyOnce && webhooks.perSec >= TARGET_PER_SEC;

      const ceiling = [measured('(ceiling: bare node:http + constructEvent, before)', bareBefore), measured('(ceiling: bare node:http + constructEvent, after)', bareAfter)];
      const best = Math.max(...ceiling.map((c) => c.perSec));
      const row = (m: Measured, target = '') => [m.label, fmtInt(m.requests), fmtInt(m.perSec), fmtMs(m.p50, 1), fmtMs(m.p99, 1), target];
      const kinds = KINDS.map((k) => `${k} ${fmtInt(deliveries.filter((d) => d.kind === k).length)}`).join(', ');
      console.log(
        table([
          [`${engine}: ${fmtInt(deliveries.length)} verified deliveries (${kinds}), ${options.connections} connections`, 'requests', 'per s', 'p50', 'p99', ''],
          row(webhooks, `>= ${TARGET_PER_SEC}/s ${verdict(webhooks.perSec >= TARGET_PER_SEC)}`),
          ...ceiling.map((m) => row(m)),
          row(measured('(floor of the app: GET /healthz)', health)),
          row(measured('(floor of the database: the claim alone, in process)', floor)),
        ]),
      );
      console.log(`[${engine}] webhooks / bare verification: ${(webhooks.perSec / best).toFixed(2)}; wall time of the batch ${fmtMs(result.wallMs)}; ${fmtInt((options.orders / result.wallMs) * 1000)} orders paid per second`);
      for (const kind of KINDS) {
        const counts = [...answers.byKind.get(kind)!.entries()].map(([outcome, n]) => `${outcome} ×${fmtInt(n)}`).join(', ');
        console.log(`[${engine}]   answers to ${kind}: ${counts}`);
      }
      console.log(`[${engine}] exactly-once check (warm-up included): ${checked.counts}: ${exactlyOnce ? 'held' : `FAILED\n  ${problems.join('\n  ')}`}`);
      const figure = exactlyOnce ? `${fmtInt(webhooks.perSec)}/s (p50 ${fmtMs(webhooks.p50, 1)}, p99 ${fmtMs(webhooks.p99, 1)})` : `${fmtInt(webhooks.perSec)}/s, not counted: exactly-once failed`;
      return { pass, summary: `${engine} ${figure}, bare verification ${fmtInt(best)}/s` };
    } finally {
      await bare.close();
    }
  });
}

export async function marketWebhooksBench(): Promise<BenchOutcome> {
  const options: Options = { orders: intOption('orders', 5000, 100, 200_000), connections: intOption('connections', 32, 1, 512), warmUp: intOption('warm-up', 500, 20, 20_000) };
  const disarm = startWatchdog(30 * 60 * 1000, 'market webhooks benchmark');
  console.log(`== Market: Stripe webhooks, ${fmtInt(options.orders)} orders, ${options.connections} connections ==`);
  console.log(machineLoad());
  try {
    const results = [await benchEngine('PGlite', () => openPgliteBenchDb('market-webhooks'), options)];
    const pgUrl = process.env.BENCH_PG_URL;
    if (pgUrl) results.push(await benchEngine('PostgreSQL', () => openPostgresBenchDb(pgUrl, 'webhooks'), options));
    else console.log('BENCH_PG_URL is not set: PostgreSQL skipped.');
    console.log(machineLoad());
    const pass = results.every((r) => r.pass);
    const summary = `market webhooks (>= ${TARGET_PER_SEC}/s, exactly once): ${results.map((r) => r.summary).join('; ')} ${verdict(pass)}`;
    console.log(summary);
    return { name: 'market-webhooks', pass, summary };
  } finally {
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(marketWebhooksBench);
