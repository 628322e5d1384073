import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../test/app.js';
import { engine } from '../test/db.js';
import { modules } from './modules.js';
import { PDFJS_BASE } from './space/pdf-viewer/pdf-viewer-assets.js';
import { allow, publicRoute } from './platform/access/index.js';
import { accountPolicy } from './platform/identity/account.policy.js';
import type { AreaModule } from './platform/modules/index.js';

/**
 * No route without a guard: every route of the app and of the content origin asks a policy
 * (`allow()`, or an area's own guard marked with the policy it asks) or declares why anybody may
 * call it; an app with a route that does neither does not start. The public routes are listed
 * here, so making a route public is a decision this test shows.
 */
const PUBLIC_ROUTES = [
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/operator/monitor',
  'GET /operator/status',
  'GET /operator/status.css',
  'GET /api/openapi.json',
  'GET /api/tenant',
  'GET /api/branding',
  'GET /api/branding/logo',
  'GET /api/tenant/password-policy',
  'POST /api/tenant/password-policy/check',
  'POST /api/auth/sign-in',
  'POST /api/auth/sign-out',
  'POST /api/auth/password-reset/request',
  'POST /api/auth/register',
  'POST /api/auth/password-reset/complete',
  'POST /api/auth/invitation/accept',
  'POST /api/auth/email-change/confirm',
  'GET /api/learn/certificates/verify/:code',
  // The operator console on its own host (its own staff sessions with a second factor; src/platform/access/staff/console/), and a site's door for a staff member's sealed one-time handover token.
  'GET /operator',
  'GET /operator/console.css',
  'GET /operator/mfa',
  'GET /operator/sign-in',
  'POST /operator/grants',
  'POST /operator/grants/:id/open',
  'POST /operator/grants/:id/revoke',
  'POST /operator/mfa',
  'POST /operator/sign-in',
  'POST /operator/sign-out',
  'POST /staff-access/enter',
  // The links of consent and update e-mails: a one-time confirmation link, a signed unsubscribe link (src/platform/privacy/consent/).
  'GET /mail-consent/confirm',
  'POST /mail-consent/confirm',
  'GET /api/mail/unsubscribe',
  'POST /api/mail/unsubscribe',
  // Space's share links: the token in the address is the credential (src/space/sharing/).
  'GET /s/:token',
  'POST /s/:token/unlock',
  'POST /s/:token/code',
  'POST /s/:token/verify',
  'GET /s/:token/content',
  'POST /s/:token/player',
  'GET /s/view.js',
  'POST /s/:token/views/:viewId',
  // The PDF viewer of those pages and of guest reviews: its script, styles and PDF.js's files (src/space/pdf-viewer/).
  'GET /s/pdf-viewer.js',
  'GET /s/pdf-viewer.css',
  `GET ${PDFJS_BASE}*`,
  // Space's guest reviewers: the token of their personal link is the credential (src/space/review/guest-review.routes.ts).
  'GET /r/:token',
  'GET /r/:token/content',
  'GET /r/:token/attachments/:attachmentId',
  'POST /r/:token/comments',
  'POST /r/:token/replies/:threadId',
  'POST /r/:token/done',
  // The store: checkout needs no account (the server prices it; access follows only the verified payment), and Stripe's webhook is verified by its signature (src/market/checkout/).
  'POST /api/market/checkout',
  'POST /api/market/webhooks/stripe',
  // The storefront: public pages for buyers and search engines; its form is checked like the checkout API, and a cross-site post is refused (src/market/storefront/).
  'GET /store',
  'GET /store/assets/store.css',
  'GET /store/p/:slug',
  'POST /store/p/:slug/preview/:courseId',
  'GET /store/sitemap.xml',
  'GET /store/checkout/:slug',
  'POST /store/checkout/:slug',
  'GET /store/orders/:id',
  'GET /store/orders/:id/confirm',
  'POST /store/orders/:id/confirm',
];
/**
 * Routes public by their scope's declaration: the API reference's pages and the web app's page and
 * files (registered by libraries), and the LRS (`/xapi`, with its CORS preflight `/xapi*`), whose
 * scope authenticates every request itself and asks the lrs.xapi policy (src/lrs/xapi/xapi-scope.ts).
 */
const PUBLIC_PREFIXES = ['/api/docs', '/*', '/index.html', '/xapi'];

describe(`every route asks a policy (${engine})`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('every route of the app asks a policy or is one of the declared public routes', () => {
    const routes = ctx.app.routeTable.filter((route) => route.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(60);
    const undeclared = routes.filter((route) => route.access.length !== 1).map((route) => `${route.method} ${route.url}`);
    expect(undeclared).toEqual([]);
    const publicOnes = routes
      .filter((route) => route.access[0]!.kind === 'public' && !PUBLIC_PREFIXES.some((prefix) => route.url === prefix || route.url === `${prefix}*` || route.url.startsWith(`${prefix}/`)))
      .map((route) => `${route.method} ${route.url}`);
    expect(publicOnes.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('every route of the content origin asks the content policy, but for the probes, the launch frame\'s files and the LRS, which authenticates each request itself', () => {
    const routes = ctx.app.contentApp.routeTable.filter((route) => route.method !== 'HEAD');
    for (const route of routes) {
      const [access] = route.access;
      const probeOrAsset = ['/healthz', '/readyz'].includes(route.url) || route.url.startsWith('/_launch/assets/');
      // The xAPI scope checks the launch credential in its path (GrantGuard.admit) and asks the lrs.xapi policy in every request (tracking/xapi-content.routes.ts).
      const launchLrs = route.url.startsWith('/launch/:token/xapi');
      // A cmi5 fetch URL checks the launch credential and its one-time token in the handler: every refusal is cmi5's error JSON (learn/cmi5/cmi5.routes.ts).
      const cmi5Fetch = route.url === '/launch/:token/cmi5/fetch/:fetch';
      expect(access, `${route.method} ${route.url}`).toEqual(
        probeOrAsset || launchLrs || cmi5Fetch ? expect.objectContaining({ kind: 'public' }) : { kind: 'policy', permission: expect.stringMatching(/^learn\.content\./) },
      );
    }
    expect(routes.some((route) => route.url === '/launch/:token/xapi/statements')).toBe(true);
  });

  it('an area route without a guard stops the app from starting, naming the route', async () => {
    const careless: AreaModule = {
      name: 'careless',
      errors: {},
      schema: {},
      routes: () => ({ app: async (app) => void app.get('/api/careless/everything', async () => ({ secrets: true })) }),
    };
    await expect(createTestApp({ modules: [...modules, careless] })).rejects.toThrow(/routes without a guard.*GET[^;]* \/api\/careless\/everything/);
  });

  it('a route with two declarations (public and a policy) is refused too: which one holds would be a guess', async () => {
    const confused: AreaModule = {
      name: 'confused',
      errors: {},
      schema: {},
      routes: ({ db }) => ({ app: async (app) => void app.get('/api/confused', { onRequest: [publicRoute('why not'), allow(db, accountPolicy, 'read')] }, async () => ({})) }),
    };
    await expect(createTestApp({ modules: [...modules, confused] })).rejects.toThrow(/more than one declaration/);
  });
});
