import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { createMarketTestSite, type MarketTestSite } from '../market.test-support.js';
import type { ProductView } from './catalogue.contract.js';

type Refusal = { error: { code: string; fields?: { field: string }[] } };

describe(`the seller's products (${engine})`, () => {
  let site: MarketTestSite;
  beforeAll(async () => {
    site = await createMarketTestSite('catalogue');
  });
  afterAll(() => site.close());

  const valid = () => ({ slug: 'fire-safety', kind: 'course', title: 'Fire safety', courseIds: [site.courses[0]], prices: [{ currency: 'EUR', amountMinor: 4900 }, { currency: 'CHF', amountMinor: 5200 }] });
  const create = (body: unknown, cookie = site.cookies.admin) => site.call<ProductView & Refusal>('POST', '/api/market/products', cookie, body);

  it('adds a product with prices in whole cents per currency, changes it whole, and logs both with the old prices', async () => {
    const created = await create({ ...valid(), summary: 'Prevent fires; act when one starts.', accessDays: 365 });
    expect(created.status, created.raw).toBe(201);
    expect(created.body).toMatchObject({ slug: 'fire-safety', status: 'draft', accessDays: 365, courseIds: [site.courses[0]], prices: [{ currency: 'CHF', amountMinor: 5200 }, { currency: 'EUR', amountMinor: 4900 }] });
    const changed = await site.call<ProductView>('PUT', `/api/market/products/${created.body.id}`, site.cookies.admin, { ...valid(), status: 'published', prices: [{ currency: 'EUR', amountMinor: 5900 }] });
    expect(changed.body).toMatchObject({ status: 'published', prices: [{ currency: 'EUR', amountMinor: 5900 }] });
    const audit = await site.rows<{ action: string; details: { prices: unknown; pricesBefore?: unknown } }>(sql`select action, details from audit_events where target_id = ${created.body.id} order by id`);
    expect(audit.map((a) => a.action)).toEqual(['market.product_created', 'market.product_changed']);
    expect(audit[1]!.details.pricesBefore).toEqual([{ currency: 'CHF', amountMinor: 5200 }, { currency: 'EUR', amountMinor: 4900 }]);
  });

  it('refuses what a product cannot be, naming the field, and stores nothing', async () => {
    const before = await site.rows<{ n: number }>(sql`select count(*)::int as n from market_products`);
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ ...valid(), slug: 'x', courseIds: ['7b1c8e1e-59a4-4f7e-9b53-4a4b1b3f2a10'] }, 422, 'MARKET_COURSE_UNKNOWN', 'courseIds.0'],
      [{ ...valid(), slug: 'x', courseIds: site.courses }, 422, 'MARKET_PRODUCT_SHAPE', 'courseIds'],
      [{ ...valid(), slug: 'x', kind: 'bundle' }, 422, 'MARKET_PRODUCT_SHAPE', 'courseIds'],
      [{ ...valid(), slug: 'x', previewCourseId: site.courses[1] }, 422, 'MARKET_PRODUCT_SHAPE', 'previewCourseId'],
      [{ ...valid(), slug: 'x', free: true }, 422, 'MARKET_PRICE_REQUIRED', 'prices'],
      [{ ...valid(), slug: 'x', prices: [] }, 422, 'MARKET_PRICE_REQUIRED', 'prices'],
      [{ ...valid() }, 409, 'MARKET_SLUG_TAKEN', 'slug'],
      [{ ...valid(), slug: 'Not A Slug' }, 400, 'VALIDATION_FAILED', 'slug'],
      [{ ...valid(), slug: 'x', prices: [{ currency: 'EUR', amountMinor: -100 }] }, 400, 'VALIDATION_FAILED', 'prices.0.amountMinor'],
      [{ ...valid(), slug: 'x', prices: [{ currency: 'EUR', amountMinor: 19.99 }] }, 400, 'VALIDATION_FAILED', 'prices.0.amountMinor'],
      [{ ...valid(), slug: 'x', prices: [{ currency: 'EUR', amountMinor: 1e12 }] }, 400, 'VALIDATION_FAILED', 'prices.0.amountMinor'],
      [{ ...valid(), slug: 'x', prices: [{ currency: 'EUR', amountMinor: 100 }, { currency: 'EUR', amountMinor: 200 }] }, 400, 'VALIDATION_FAILED', 'prices'],
      [{ ...valid(), slug: 'x', prices: [{ currency: 'BTC', amountMinor: 100 }] }, 400, 'VALIDATION_FAILED', 'prices.0.currency'],
      [{ ...valid(), slug: 'x', accessDays: 0 }, 400, 'VALIDATION_FAILED', 'accessDays'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await create(body);
      expect([res.status, res.body.error?.code, res.body.error?.fields?.[0]?.field], JSON.stringify(body)).toEqual([status, code, field]);
    }
    expect(await site.rows<{ n: number }>(sql`select count(*)::int as n from market_products`)).toEqual(before);
  });

  it('is the administrators’ only', async () => {
    for (const cookie of [site.cookies.learner, site.cookies.instructor, site.cookies.manager]) {
      expect((await create({ ...valid(), slug: 'not-mine' }, cookie)).status).toBe(403);
      expect((await site.call('GET', '/api/market/products', cookie)).status).toBe(403);
    }
  });

  it('keeps the Stripe keys sealed: shown only as a hint, and refused when they are not keys', async () => {
    const view = await site.call<{ stripe: { connected: boolean; keyHint: string; webhookUrl: string } }>('GET', '/api/market/payment-accounts', site.cookies.admin);
    expect(view.body.stripe.connected).toBe(true);
    expect(view.body.stripe.keyHint).toMatch(/^sk_test_…\w{4}$/);
    expect(view.raw).not.toContain(site.stripe.apiKey);
    expect(view.body.stripe.webhookUrl).toMatch(/\/api\/market\/webhooks\/stripe$/);
    const stored = await site.rows<{ secret_key_sealed: string }>(sql`select secret_key_sealed from market_payment_accounts`);
    expect(stored[0]!.secret_key_sealed).not.toContain(site.stripe.apiKey);
    const bad = await site.call<Refusal>('PUT', '/api/market/payment-accounts/stripe', site.cookies.admin, { secretKey: 'pk_test_123', webhookSecret: 'whsec_x' });
    expect(bad.status).toBe(400);
  });
});
