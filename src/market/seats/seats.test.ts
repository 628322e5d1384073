import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, signInCookie } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import type { CheckoutView } from '../checkout/checkout.contract.js';
import { afterJobs, createMarketTestSite, type MarketTestSite } from '../market.test-support.js';
import type { OrderView } from '../orders/orders.contract.js';
import type { SeatPackView } from './seats.contract.js';

type Refusal = { error: { code: string } };

describe(`seat packs for companies (${engine})`, () => {
  let site: MarketTestSite;
  let buyerCookie: string;
  let orderId: string;
  let lineId: string;
  beforeAll(async () => {
    site = await createMarketTestSite('seats');
    await site.product({ slug: 'team-fire', title: 'Fire safety for teams', seatPacks: true, prices: [{ currency: 'EUR', amountMinor: 10000 }] });
    const placed = await site.call<CheckoutView>('POST', '/api/market/checkout', undefined, { productSlug: 'team-fire', seatPack: true, quantity: 3, email: 'hr@acme.example', firstName: 'Hanna', lastName: 'Roth', company: 'Acme GmbH', country: 'DE' });
    orderId = placed.body.orderId;
    const paid = site.stripe.payCheckoutSession(placed.body.redirectUrl.slice(placed.body.redirectUrl.lastIndexOf('/') + 1));
    expect(paid.data.object).toMatchObject({ amount_total: 30000 });
    expect((await site.webhook(paid)).body.outcome).toBe('paid');
    await afterJobs(async () => (await site.rows(sql`select 1 from market_seat_packs`)).length === 1);
    await site.rows(sql`update users set password_hash = (select password_hash from users where email = 'learner@seats.test') where email = 'hr@acme.example'`);
    buyerCookie = await signInCookie(site.ctx.app, site.host, 'hr@acme.example', PASSWORD);
    lineId = (await site.call<OrderView>('GET', `/api/market/orders/${orderId}`, site.cookies.admin)).body.lines[0]!.id;
  });
  afterAll(() => site.close());

  const packs = (cookie = buyerCookie) => site.call<{ seatPacks: SeatPackView[] } & Refusal>('GET', '/api/market/my/seat-packs', cookie);
  const give = (emails: string[], cookie = buyerCookie) => site.call<{ seatPacks: SeatPackView[] } & Refusal>('POST', `/api/market/my/seat-packs/${lineId}/seats`, cookie, { emails });
  const coursesOf = (email: string) => site.rows<{ course_id: string }>(sql`select e.course_id from enrolments e join users u on u.id = e.user_id where u.email = ${email}`);
  const groupMembers = () => site.rows<{ email: string }>(sql`select u.email from group_members m join users u on u.id = m.user_id join market_seat_packs p on p.group_id = m.group_id order by u.email`);

  it('gives a company its seats; the buyer gets none of the courses, the employees they name do, in one group', async () => {
    expect(await coursesOf('hr@acme.example')).toEqual([]);
    const given = await give(['Anna@acme.example', 'ben@acme.example']);
    expect(given.status, given.raw).toBe(200);
    expect(given.body.seatPacks[0]).toMatchObject({ seats: 3, title: 'Fire safety for teams (3 seats)', holders: [{ email: 'anna@acme.example' }, { email: 'ben@acme.example' }] });
    expect(await coursesOf('anna@acme.example')).toEqual([{ course_id: site.courses[0] }]);
    expect(await groupMembers()).toEqual([{ email: 'anna@acme.example' }, { email: 'ben@acme.example' }]);
    const [group] = await site.rows<{ name: string }>(sql`select g.name from groups g join market_seat_packs p on p.group_id = g.id`);
    expect(group!.name).toContain('Acme GmbH');
    // Giving a seat to someone who holds one changes nothing; more people than free seats are refused, all of them.
    expect((await give(['ben@acme.example'])).body.seatPacks[0]!.holders).toHaveLength(2);
    const tooMany = await give(['carl@acme.example', 'dora@acme.example']);
    expect([tooMany.status, tooMany.body.error.code]).toEqual([409, 'MARKET_SEATS_FULL']);
    expect(await coursesOf('carl@acme.example')).toEqual([]);
  });

  it('takes a seat back and gives it to another; nobody else may see or change the pack', async () => {
    const anna = (await packs()).body.seatPacks[0]!.holders.find((h) => h.email === 'anna@acme.example')!;
    const back = await site.call<{ seatPacks: SeatPackView[] }>('DELETE', `/api/market/my/seat-packs/${lineId}/seats/${anna.userId}`, buyerCookie);
    expect(back.body.seatPacks[0]!.holders.map((h) => h.email)).toEqual(['ben@acme.example']);
    expect(await coursesOf('anna@acme.example')).toEqual([]);
    await give(['carl@acme.example']);
    expect((await give(['anna@acme.example'])).body.seatPacks[0]!.holders).toHaveLength(3);
    expect(await coursesOf('anna@acme.example')).toEqual([{ course_id: site.courses[0] }]);

    expect((await packs(site.cookies.learner)).body.seatPacks).toEqual([]);
    const foreign = await give(['mallory@evil.example'], site.cookies.learner);
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'MARKET_SEAT_PACK_NOT_FOUND']);
  });

  it('a refund of one seat takes back the seat given last; a full refund ends every seat', async () => {
    const one = await site.call<OrderView>('POST', `/api/market/orders/${orderId}/refunds`, site.cookies.admin, { lines: [{ lineId, amountMinor: 10000 }] });
    expect(one.body.status).toBe('partially_refunded');
    const after = (await packs()).body.seatPacks[0]!;
    expect(after.seats).toBe(2);
    // Anna was given hers last: hers goes.
    expect(after.holders.map((h) => h.email).sort()).toEqual(['ben@acme.example', 'carl@acme.example']);
    expect(await coursesOf('anna@acme.example')).toEqual([]);
    await site.call('POST', `/api/market/orders/${orderId}/refunds`, site.cookies.admin, {});
    expect(await coursesOf('ben@acme.example')).toEqual([]);
    expect(await coursesOf('carl@acme.example')).toEqual([]);
    expect(await groupMembers()).toEqual([]);
  });
});
