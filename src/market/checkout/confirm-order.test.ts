import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { queryRows } from '../../platform/db/index.js';
import { afterJobs, createMarketTestSite, type MarketTestSite } from '../market.test-support.js';
import type { CheckoutView } from './checkout.contract.js';

const buyer = (email: string, extra: Record<string, unknown> = {}) => ({ productSlug: 'free-course', email, firstName: 'Mia', lastName: 'Roth', country: 'DE', language: 'en', ...extra });

describe(`an order that gives access without money waits for its address to be confirmed (${engine})`, () => {
  let site: MarketTestSite;
  beforeAll(async () => {
    site = await createMarketTestSite('confirm', { bankTransfer: { enabled: true, accountHolder: 'Acme Academy GmbH', iban: 'DE89370400440532013000', accessBeforePayment: true } });
    await site.product({ slug: 'free-course', title: 'Free course', free: true, prices: [] });
    await site.product({ slug: 'paid-course', title: 'Paid course', courseIds: [site.courses[1]!] });
  });
  afterAll(() => site.close());

  const checkout = (body: Record<string, unknown>, cookie?: string) => site.call<CheckoutView>('POST', '/api/market/checkout', cookie, body);
  const accountsOf = (email: string) => site.rows<{ id: string }>(sql`select id from users where email = ${email}`);
  const enrolmentsOf = (email: string) => site.rows<{ course_id: string }>(sql`select e.course_id from enrolments e join users u on u.id = e.user_id where u.email = ${email} and e.source = 'purchase'`);
  const mailsTo = (email: string) => queryRows<{ payload: { subject: string; text: string } }>(site.ctx.db.owner, sql`select payload from jobs where kind = 'mail.send' and payload->>'to' = ${email} order by created_at`);
  const linkIn = (text: string) => /https?:\/\/\S+\/confirm\?token=[\w-]+/.exec(text)?.[0];
  const page = (method: 'GET' | 'POST', url: string, form?: Record<string, string>) =>
    site.ctx.app.inject({ method, url, headers: { host: site.host, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, ...(form ? { payload: new URLSearchParams(form).toString() } : {}) });

  it('makes no account and grants nothing for a typed address until the mailed link is confirmed, once', async () => {
    const placed = await checkout(buyer('victim@example.com'));
    expect(placed.status, placed.raw).toBe(201);
    expect(placed.body.status).toBe('pending');
    const mail = await afterJobs(async () => (await mailsTo('victim@example.com')).find((m) => m.payload.subject.startsWith('Confirm your order')));
    // Only the confirmation was mailed: no account, no invitation, no access.
    expect((await mailsTo('victim@example.com')).map((m) => m.payload.subject)).toEqual([mail.payload.subject]);
    expect(mail.payload.text).toContain('nothing happens without the confirmation');
    expect(await accountsOf('victim@example.com')).toEqual([]);
    const orderPage = await page('GET', `/store/orders/${placed.body.orderId}`);
    expect(orderPage.body).toContain('Please confirm your e-mail address');

    const link = new URL(linkIn(mail.payload.text)!);
    expect(link.pathname).toBe(`/store/orders/${placed.body.orderId}/confirm`);
    // Opening the link (as a mail scanner does) only shows a button.
    const shown = await page('GET', `${link.pathname}${link.search}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Confirm my order');
    expect(shown.headers['referrer-policy']).toBe('no-referrer');
    expect(await accountsOf('victim@example.com')).toEqual([]);
    // A link with a wrong token says at once that it does not work.
    const forged = await page('GET', `${link.pathname}?token=${'A'.repeat(43)}`);
    expect(forged.statusCode).toBe(404);
    expect(forged.body).toContain('This confirmation link does not work');

    // A wrong token is refused and changes nothing.
    const wrong = await page('POST', link.pathname, { token: 'A'.repeat(43) });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).toContain('This confirmation link does not work');
    expect(await site.rows(sql`select status from market_orders where id = ${placed.body.orderId}`)).toEqual([{ status: 'pending' }]);

    const confirmed = await page('POST', link.pathname, { token: link.searchParams.get('token')! });
    expect([confirmed.statusCode, confirmed.headers.location]).toEqual([303, `/store/orders/${placed.body.orderId}`]);
    await afterJobs(async () => (await enrolmentsOf('victim@example.com')).length === 1);
    expect(await site.rows(sql`select status, email_confirmed_at is not null as confirmed, confirmation_token_hash from market_orders where id = ${placed.body.orderId}`)).toEqual([{ status: 'paid', confirmed: true, confirmation_token_hash: null }]);
    expect(await site.rows(sql`select action from audit_events where target_id = ${placed.body.orderId}::text and action = 'market.order_email_confirmed'`)).toHaveLength(1);
    // The link used again does nothing more (one enrolment, one purchase mail).
    const again = await page('POST', link.pathname, { token: link.searchParams.get('token')! });
    expect(again.statusCode).toBe(303);
    await afterJobs(async () => (await mailsTo('victim@example.com')).some((m) => m.payload.subject.startsWith('Your purchase')));
    expect((await mailsTo('victim@example.com')).filter((m) => m.payload.subject.startsWith('Your purchase'))).toHaveLength(1);
    expect(await enrolmentsOf('victim@example.com')).toHaveLength(1);
  });

  it('refuses a link older than 7 days', async () => {
    const placed = await checkout(buyer('late@example.com'));
    const mail = await afterJobs(async () => (await mailsTo('late@example.com')).find((m) => m.payload.subject.startsWith('Confirm your order')));
    await site.rows(sql`update market_orders set created_at = now() - interval '8 days' where id = ${placed.body.orderId}`);
    const link = new URL(linkIn(mail.payload.text)!);
    const late = await page('POST', link.pathname, { token: link.searchParams.get('token')! });
    expect(late.statusCode).toBe(404);
    expect(await accountsOf('late@example.com')).toEqual([]);
  });

  it('lets a signed-in buyer enrol in a free product at once', async () => {
    const placed = await checkout(buyer('typed@example.com'), site.cookies.learner);
    expect(placed.body.status).toBe('paid');
    await afterJobs(async () => (await enrolmentsOf('learner@confirm.test')).length === 1);
    expect(await mailsTo('typed@example.com')).toEqual([]);
  });

  it('lets a bank transfer through before payment only once its address is confirmed', async () => {
    const placed = await checkout(buyer('transfer@example.com', { productSlug: 'paid-course', paymentMethod: 'bank_transfer' }));
    expect(placed.body.status).toBe('awaiting_transfer');
    const mail = await afterJobs(async () => (await mailsTo('transfer@example.com')).find((m) => m.payload.text.includes('IBAN')));
    expect(mail.payload.text).toContain('Your courses open as soon as you confirm your e-mail address');
    expect(await accountsOf('transfer@example.com')).toEqual([]);
    const link = new URL(linkIn(mail.payload.text)!);
    expect((await page('POST', link.pathname, { token: link.searchParams.get('token')! })).statusCode).toBe(303);
    await afterJobs(async () => (await enrolmentsOf('transfer@example.com')).length === 1);
    expect(await site.rows(sql`select status from market_orders where id = ${placed.body.orderId}`)).toEqual([{ status: 'awaiting_transfer' }]);
  });

  it('keeps the invitation an administrator sent working when the invited person buys', async () => {
    const invited = await site.call<{ id: string }>('POST', '/api/admin/users', site.cookies.admin, { email: 'invited@example.com', firstName: 'Ina', lastName: 'Vogel', roles: ['learner'] });
    expect(invited.status, invited.raw).toBe(201);
    const before = await site.rows<{ n: number }>(sql`select count(*)::int as n from user_tokens where user_id = ${invited.body.id} and purpose = 'invitation' and used_at is null`);
    expect(before[0]!.n).toBeGreaterThan(0);
    const placed = await checkout(buyer('invited@example.com'));
    const mail = await afterJobs(async () => (await mailsTo('invited@example.com')).find((m) => m.payload.subject.startsWith('Confirm your order')));
    const link = new URL(linkIn(mail.payload.text)!);
    await page('POST', link.pathname, { token: link.searchParams.get('token')! });
    expect(placed.body.status).toBe('pending');
    await afterJobs(async () => (await enrolmentsOf('invited@example.com')).length === 1);
    const after = await site.rows<{ n: number }>(sql`select count(*)::int as n from user_tokens where user_id = ${invited.body.id} and purpose = 'invitation' and used_at is null`);
    expect(after[0]!.n).toBe(before[0]!.n + 1);
  });
});
