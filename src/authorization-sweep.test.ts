import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../test/app.js';
import { contentOriginOf } from '../test/content-origin.js';
import { engine } from '../test/db.js';
import { createScormCourse, enrolDirectly } from '../test/learn-fixtures.js';
import { OPERATOR, staffHelpers } from './platform/access/staff/staff.test-support.js';
import { TOKEN_SCOPE_NAMES, type TokenScope } from './platform/identity/api-tokens/api-tokens.contract.js';
import { startSession } from './platform/identity/sessions.service.js';
import { createUser } from './platform/identity/users.service.js';
import type { Role } from './platform/identity/identity.schema.js';
import type { Tenant } from './platform/tenancy/tenants.repository.js';
import { EXPECTED_ACCESS, STAFF_REFUSAL_CODES, type Access } from './authorization-sweep.expected.js';

/**
 * Every route of the API (the OpenAPI document) and of the content origin, called as nobody, as
 * each role, as another site's administrator, with an API token of each scope, and as platform
 * staff under an `admin` and under a read-only grant; each answer is "let through" (anything but
 * 401/403) or "refused" (401/403), and must be what the expected-access table says. A route without
 * an entry fails the sweep: adding a route means deciding who may call it, staff included.
 */

const ROLES: Role[] = ['learner', 'instructor', 'manager', 'admin'];
const STAFF_GRANTS = ['admin', 'support_read'] as const;
type StaffGrantScope = (typeof STAFF_GRANTS)[number];
type Principal = 'nobody' | Role | 'otherSite' | `token:${TokenScope}` | `staff:${StaffGrantScope}`;
const PRINCIPALS: Principal[] = [
  'nobody',
  ...ROLES,
  'otherSite',
  ...TOKEN_SCOPE_NAMES.map((scope) => `token:${scope}` as const),
  ...STAFF_GRANTS.map((scope) => `staff:${scope}` as const),
];

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Whether the table lets `principal` through `access` on a route called with `method`. Staff act as
 * the site's administrator for the grant's time, minus what the route's `staff` mark refuses them;
 * a read-only grant only reads.
 */
function allows(access: Access, principal: Principal, method: string): boolean {
  if (access.kind === 'public') return true;
  if (principal.startsWith('staff:')) {
    if ((access.staff !== undefined && access.staff !== 'asAdmin') || !allows(access, 'admin', method)) return false;
    return principal === 'staff:admin' || SAFE_METHODS.has(method) || access.readOnlyStaff === true;
  }
  if (principal === 'nobody' || principal === 'otherSite') return false;
  if (principal.startsWith('token:')) {
    const scope = principal.slice('token:'.length) as TokenScope;
    return access.kind === 'roles' && access.tokens !== undefined && (access.tokens === 'any' || access.tokens.includes(scope));
  }
  if (access.kind === 'signedIn') return true;
  return access.roles.includes(principal as Role);
}

/** A request the sweep can make to any route: path parameters filled with fresh ids, an empty JSON body where one may go. */
function requestFor(method: string, path: string): InjectOptions {
  const url = path.replace(/\{[^}]+\}/g, () => randomUUID()).replace(/\*$/, 'index.html');
  const withBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  return { method: method as InjectOptions['method'], url, ...(withBody ? { payload: {} } : {}) };
}

const refused = (status: number) => status === 401 || status === 403;

describe(`authorization sweep (${engine})`, () => {
  let ctx: TestContext;
  let site: { tenant: Tenant; host: string };
  let otherSite: { host: string; cookie: string };
  const users = new Map<Role, { id: string }>();
  const tokens = new Map<TokenScope, string>();
  const staff = staffHelpers(() => ctx);
  /** Per staff principal: the console cookie, the grant and the site session it opened last. */
  const staffSessions = new Map<StaffGrantScope, { consoleCookie: string; grantId: string; cookie: string }>();
  let routes: { method: string; path: string }[] = [];

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0', LECTERN_RATE_LIMIT_USER_PER_MINUTE: '0', LECTERN_OPERATOR_HOST: OPERATOR } });
    const acme = await createTenantWithUser(ctx.db, 'sweep');
    site = acme;
    for (const role of ROLES) {
      const user = await createUser(ctx.db, acme.tenant.id, { email: `${role}-user@sweep.test`, firstName: role, lastName: 'Sweep', roles: [role], password: PASSWORD });
      users.set(role, user);
    }
    // API tokens of an administrator, one per scope: what the scope allows, the owner's role does not widen.
    const adminCookie = await signInCookie(ctx.app, acme.host, 'admin-user@sweep.test', PASSWORD);
    for (const scope of TOKEN_SCOPE_NAMES) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/me/tokens', headers: { host: acme.host, cookie: adminCookie }, payload: { name: `sweep ${scope}`, scopes: [scope], currentPassword: PASSWORD } });
      expect(res.statusCode, res.body).toBe(201);
      tokens.set(scope, res.json().token);
    }
    const other = await createTenantWithUser(ctx.db, 'sweep-other');
    otherSite = { host: other.host, cookie: await signInCookie(ctx.app, other.host, other.email, PASSWORD) };
    // Staff come in the real way: console sign-in with the second factor, a grant, the handover to the site.
    for (const scope of STAFF_GRANTS) {
      const { cookie: consoleCookie } = await staff.signedInStaff(`${scope}-staff@ops.test`);
      const grantId = await staff.grantFor(consoleCookie, acme.tenant.slug, scope);
      staffSessions.set(scope, { consoleCookie, grantId, cookie: await staff.enterSite(consoleCookie, grantId, acme.host) });
    }

    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })));
  });
  afterAll(() => ctx.close());

  /** A fresh session per call: a route that ends sessions (sign-out, end others) cannot spoil the next call. */
  async function headersOf(principal: Principal): Promise<Record<string, string>> {
    if (principal === 'nobody') return { host: site.host };
    if (principal === 'otherSite') return { host: site.host, cookie: otherSite.cookie };
    if (principal.startsWith('token:')) return { host: site.host, authorization: `Bearer ${tokens.get(principal.slice(6) as TokenScope)}` };
    if (principal.startsWith('staff:')) return { host: site.host, cookie: staffSessions.get(principal.slice(6) as StaffGrantScope)!.cookie };
    const user = users.get(principal as Role)!;
    const { sessionId } = await startSession(ctx.db, site.tenant, { ...user, tenantId: site.tenant.id } as never, { ip: '198.51.100.7', userAgent: 'sweep' });
    return { host: site.host, cookie: `lectern_session=${sessionId}` };
  }

  /**
   * Calls the route as `principal`. A staff member under a running grant is never answered 401: a
   * route called before ended their session (signing out), so the site is opened again through the
   * console and the call repeated (a handover per call would double the sweep's requests).
   */
  async function callAs(principal: Principal, method: string, path: string) {
    const res = await ctx.app.inject({ ...requestFor(method, path), headers: await headersOf(principal) });
    if (!principal.startsWith('staff:') || res.statusCode !== 401) return res;
    const held = staffSessions.get(principal.slice(6) as StaffGrantScope)!;
    held.cookie = await staff.enterSite(held.consoleCookie, held.grantId, site.host);
    return ctx.app.inject({ ...requestFor(method, path), headers: await headersOf(principal) });
  }

  it('every API route has an entry in the expected-access table, and the table names no route that is gone', () => {
    const keys = routes.map((route) => `${route.method} ${route.path}`);
    const missing = keys.filter((key) => !(key in EXPECTED_ACCESS));
    expect(missing, 'routes without an expected-access entry: decide who may call them').toEqual([]);
    const gone = Object.keys(EXPECTED_ACCESS).filter((key) => !keys.includes(key));
    expect(gone, 'entries of routes that no longer exist').toEqual([]);
  });

  it('every route that changes something and that administrators may call says what staff under a grant get', () => {
    const undecided = Object.entries(EXPECTED_ACCESS)
      .filter(([route, access]) => !SAFE_METHODS.has(route.split(' ')[0]!) && access.kind !== 'public' && allows(access, 'admin', route.split(' ')[0]!) && access.staff === undefined)
      .map(([route]) => route);
    expect(undecided, "mark each staffActs(…) or notForStaff(…, 'lasting' | 'siteDecides' | 'notAUser')").toEqual([]);
  });

  it('each route lets through exactly whom the table says, for every role, another site, each token scope, staff under a grant and nobody', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const access = EXPECTED_ACCESS[`${route.method} ${route.path}`];
      if (!access) continue;
      for (const principal of PRINCIPALS) {
        const res = await callAs(principal, route.method, route.path);
        const letThrough = !refused(res.statusCode);
        if (letThrough !== allows(access, principal, route.method)) wrong.push(`${route.method} ${route.path} as ${principal}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        // A route refused to staff by its mark is refused for that reason (what a read-only grant says first aside).
        else if (principal === 'staff:admin' && access.kind !== 'public' && access.staff !== undefined && access.staff !== 'asAdmin') {
          const expected = STAFF_REFUSAL_CODES[access.staff];
          const code = (res.json() as { error?: { code?: string } }).error?.code;
          if (!expected.includes(code ?? '')) wrong.push(`${route.method} ${route.path} as ${principal}: refused with ${code}, not ${expected.join(' or ')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Every route times every principal, one request after the other: minutes on a loaded machine.
  }, 180_000);

  it('the content origin answers only launch credentials of its own host: no cookie, another site or a preview commit gets anything', async () => {
    const course = await createScormCourse(ctx.db, site.tenant.id);
    const learner = users.get('learner')!;
    const enrolment = await enrolDirectly(ctx.db, site.tenant.id, course.courseId, learner.id);
    const learnerHeaders = await headersOf('learner');
    const launched = await ctx.app.inject({ method: 'POST', url: `/api/learn/enrolments/${enrolment}/launch`, headers: learnerHeaders, payload: {} });
    const attempt = contentOriginOf(ctx.app, launched.json().launchUrl);
    const preview = contentOriginOf(
      ctx.app,
      (await ctx.app.inject({ method: 'POST', url: `/api/learn/versions/${course.versionId}/preview`, headers: await headersOf('admin') })).json().launchUrl,
    );
    const adminCookie = (await headersOf('admin')).cookie!;
    // Probes and the launch frame's built script (static, no credential needed) aside; the LRS under a
    // credential (xAPI courses) is swept by src/learn/tracking/xapi-launch.routes.test.ts with an xAPI course, and
    // a cmi5 fetch URL (which answers every refusal with cmi5's error JSON) by src/learn/cmi5/cmi5.routes.test.ts.
    const contentRoutes = ctx.app.contentApp.routeTable.filter(
      (route) =>
        route.method !== 'HEAD' && !['/healthz', '/readyz'].includes(route.url) && !route.url.startsWith('/_launch/assets/') && !route.url.startsWith('/launch/:token/xapi') && route.url !== '/launch/:token/cmi5/fetch/:fetch',
    );
    expect(contentRoutes.map((route) => `${route.method} ${route.url}`).sort()).toEqual(
      ['GET /c/:token/*', 'GET /launch/:token', 'GET /launch/:token/info', 'GET /launch/:token/cmi5/au/:index', 'POST /launch/:token/commits', 'POST /launch/:token/commits/beacon'].sort(),
    );
    const wrong: string[] = [];
    for (const route of contentRoutes) {
      const beacon = route.url.endsWith('/beacon');
      const call = async (token: string, host: string, cookie?: string) => {
        const url = route.url.replace(':token', token).replace(':index', '0').replace('*', 'SCO-1/index.html');
        const headers: Record<string, string> = { host, ...(cookie ? { cookie } : {}), ...(beacon ? { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin' } : {}) };
        const body = route.method === 'POST' ? JSON.stringify({ scoId: 'SCO-1', seq: Date.now() * 1000, cmi: {} }) : undefined;
        return ctx.app.contentApp.inject({ method: route.method as InjectOptions['method'], url, headers: beacon || !body ? headers : { ...headers, 'content-type': 'application/json' }, ...(body ? { payload: body } : {}) });
      };
      const isCommit = route.url.includes('/commits');
      const cases: [string, Promise<{ statusCode: number }>, boolean][] = [
        ['the attempt credential', call(attempt.token, attempt.host), true],
        ['the preview credential', call(preview.token, preview.host), !isCommit],
        ['an administrator cookie without a credential', call('none', attempt.host, adminCookie), false],
        ['a forged credential', call(`${attempt.token.slice(0, 23)}${'A'.repeat(43)}`, attempt.host), false],
        ["the credential on another site's content host", call(attempt.token, `${otherSite.host}:3001`), false],
      ];
      for (const [who, answer, expected] of cases) {
        const status = (await answer).statusCode;
        // Files of the fixture course are not on disk: a credential let through gets "not found".
        if (!refused(status) !== expected) wrong.push(`${route.method} ${route.url} with ${who}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
