import type { sql } from 'drizzle-orm';
import { testConfig } from '../../test/app.js';
import { buildScormPackage } from '../../test/scorm-packages.js';
import { eventually } from '../../test/eventually.js';
import { startStripeStandIn, type StripeStandIn } from '../../test/stripe-stand-in.js';
import { createLearnTestSite, uploadPublishedCourse, type LearnTestSite } from '../learn/courses/courses.test-support.js';
import { modules } from '../modules.js';
import { queryRows } from '../platform/db/index.js';
import { startJobWorker, type JobWorker } from '../platform/jobs/job-worker.js';
import { moduleJobHandlers } from '../platform/modules/module-jobs.js';
import type { ProductInput, ProductView } from './catalogue/catalogue.contract.js';

/**
 * A site with an open store: a Learn site (admin, learner…) with published SCORM courses, a
 * local Stripe stand-in the app reaches over a real socket (connected with its keys), and the job
 * worker running (paid orders grant their access through a domain event).
 */
export interface MarketTestSite extends LearnTestSite {
  stripe: StripeStandIn;
  courses: string[];
  call<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, cookie: string | undefined, body?: unknown): Promise<{ status: number; body: T; raw: string }>;
  product(input: Partial<ProductInput> & { slug: string }): Promise<ProductView>;
  /** Delivers a Stripe event to the site's webhook, signed by the stand-in (or as the options say). */
  webhook(event: Parameters<StripeStandIn['signed']>[0], options?: Parameters<StripeStandIn['signed']>[1]): Promise<{ status: number; body: { received?: boolean; outcome?: string; error?: { code: string } } }>;
  /** Rows of a query in the site's tenant. */
  rows<T>(query: ReturnType<typeof sql>): Promise<T[]>;
}

export async function createMarketTestSite(slug: string, settings: Record<string, unknown> = {}, extraEnv: Record<string, string> = {}): Promise<MarketTestSite> {
  const stripe = await startStripeStandIn();
  // Tests place many orders from one address: the per-address checkout budgets are raised unless a test sets them.
  const env = { LECTERN_STRIPE_API_URL: stripe.url, LECTERN_VIES_URL: 'off', LECTERN_RATE_LIMIT_MAIL_PER_MINUTE: '10000', LECTERN_RATE_LIMIT_CODE_CHECKS_PER_MINUTE: '10000', ...extraEnv };
  const site = await createLearnTestSite(slug, env);
  const courses: string[] = [];
  for (const title of ['Fire safety', 'First aid']) {
    const zip = await buildScormPackage('1.2', title, [{ id: 'intro', title: `${title}: introduction` }, { id: 'test', title: `${title}: final test` }]);
    courses.push((await uploadPublishedCourse(site, zip)).courseId);
  }
  const worker: JobWorker = startJobWorker(site.ctx.db, moduleJobHandlers(modules, { db: site.ctx.db, config: testConfig(env), storage: site.ctx.storage }), { pollMs: 20 });
  const call: MarketTestSite['call'] = async (method, url, cookie, body) => {
    const res = await site.ctx.app.inject({ method, url, headers: { host: site.host, ...(cookie ? { cookie } : {}) }, ...(body !== undefined ? { payload: body as object } : {}) });
    return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : undefined) as never, raw: res.body };
  };
  const opened = await call('PATCH', '/api/admin/settings', site.cookies.admin, { market: { open: true, sellerName: 'Acme Academy GmbH', sellerAddress: 'Hauptstraße 1\n10115 Berlin', sellerCountry: 'DE', sellerVatId: 'DE123456789', ...settings } });
  if (opened.status !== 200) throw new Error(`market settings: ${opened.raw}`);
  const connected = await call('PUT', '/api/market/payment-accounts/stripe', site.cookies.admin, { secretKey: stripe.apiKey, webhookSecret: stripe.webhookSecret });
  if (connected.status !== 204) throw new Error(`stripe: ${connected.raw}`);
  return {
    ...site,
    stripe,
    courses,
    call,
    async product(input) {
      const res = await call<ProductView>('POST', '/api/market/products', site.cookies.admin, { kind: 'course', status: 'published', title: input.slug, courseIds: [courses[0]], prices: [{ currency: 'EUR', amountMinor: 11900 }], ...input });
      if (res.status !== 201) throw new Error(`product: ${res.raw}`);
      return res.body;
    },
    async webhook(event, options) {
      const { payload, headers } = stripe.signed(event, options);
      const res = await site.ctx.app.inject({ method: 'POST', url: '/api/market/webhooks/stripe', headers: { host: site.host, ...headers }, payload });
      return { status: res.statusCode, body: JSON.parse(res.body) as never };
    },
    rows<T>(query: ReturnType<typeof sql>) {
      return site.ctx.db.withTenant(site.tenantId, (tx) => queryRows<T>(tx, query as never));
    },
    async close() {
      await worker.stop();
      await site.close();
      await stripe.close();
    },
  };
}

/**
 * Waits for what the job worker does after a request (grants, mails, the card's country, PDFs). It
 * works one job after another, and a loaded machine runs the suite's files side by side: 30 s.
 */
export function afterJobs<T>(check: () => Promise<T | undefined | null | false>): Promise<T> {
  return eventually(check, 30_000);
}
