import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { createMarketTestSite, type MarketTestSite } from '../market.test-support.js';

describe(`checkout's budget per client address (${engine})`, () => {
  let site: MarketTestSite;
  beforeAll(async () => {
    site = await createMarketTestSite('limits', {}, { LECTERN_RATE_LIMIT_MAIL_PER_MINUTE: '3', LECTERN_RATE_LIMIT_CODE_CHECKS_PER_MINUTE: '1000', LECTERN_RATE_LIMIT_IP_PER_MINUTE: '12', LECTERN_RATE_LIMIT_WEBHOOKS_PER_MINUTE: '20' });
    await site.product({ slug: 'fire', title: 'Fire safety' });
  });
  afterAll(() => site.close());

  it('refuses more checkouts from one address than its mail budget (each mails the address typed), so coupon codes and addresses cannot be tried in bulk', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await site.call<{ error?: { code: string } }>('POST', '/api/market/checkout', undefined, { productSlug: 'fire', email: `buyer${String(i)}@example.com`, firstName: 'A', lastName: 'B', country: 'DE', couponCode: `GUESS${String(i)}` });
      statuses.push(res.status);
    }
    // Three wrong coupon codes are refused as such; then the budget refuses before the code is looked at.
    expect(statuses).toEqual([422, 422, 422, 429, 429]);
  });

  it("counts Stripe's deliveries against a webhook budget of their own, not the address's API budget", async () => {
    // 12 API requests a minute from one address; Stripe's deliveries from it go on past that, to their own 20.
    const statuses: number[] = [];
    for (let i = 0; i < 22; i += 1) {
      const res = await site.webhook({ id: `evt_budget_${String(i)}`, object: 'event', type: 'customer.created', created: Math.floor(Date.now() / 1000), data: { object: { id: `cus_${String(i)}` } } } as never);
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    // The address's API budget was not spent by them.
    expect((await site.call('GET', '/api/market/products', undefined)).status).toBe(401);
  });
});
