import { randomBytes, randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../db/client.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { createTenant } from '../tenancy/tenants.service.js';
import type { Role } from './identity.contract.js';
import { codeAt } from './mfa/totp.js';
import { issueUserToken } from './user-tokens.service.js';
import type { UserTokenPurpose } from './user-tokens.js';
import { createUser } from './users.service.js';
import { EXPECTED_ACCESS } from '../../authorization-sweep.expected.js';

/**
 * Every route that takes a credential is found in the route table (the OpenAPI document the
 * routes generate): a body field named like a secret, or a pre-handler that admits bearer
 * tokens. Each must have an entry below, and each entry shows the route refusing the sixth
 * attempt after five wrong credentials, even with the right one, and the ban in the audit log.
 * A new credential route without an entry fails the first test.
 */
const CREDENTIAL_FIELDS = ['password', 'currentPassword', 'code', 'recoveryCode', 'token'];

/** Five wrong attempts (answered `wrongCode`), then a right one. */
interface Attempts {
  wrong(): Promise<LightMyRequestResponse>;
  wrongCode: string;
  right(): Promise<LightMyRequestResponse>;
}
type Entry = { attempts: (ip: string) => Promise<Attempts> } | { notACredential: string };

const STEP_MS = 30_000;
const wrongCode = (secret: string) => String((Number(codeAt(secret, Date.now())) + 1) % 1_000_000).padStart(6, '0');

describe(`every route that takes a credential is guarded (${engine})`, { timeout: 300_000 }, () => {
  let ctx: TestContext;
  let tenant: Tenant;
  const host = 'routes.test';

  beforeAll(async () => {
    // Rate limits off: what must stop the attempts is the intrusion guard.
    ctx = await createTestApp({ env: { LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0', LECTERN_RATE_LIMIT_USER_PER_MINUTE: '0' } });
    tenant = await createTenant(ctx.db, { slug: 'routes', name: 'Routes', hostnames: [host] });
    vi.setSystemTime(Math.floor(Date.now() / STEP_MS) * STEP_MS + STEP_MS + STEP_MS / 2);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await ctx.close();
  });

  const inject = (ip: string, options: InjectOptions) =>
    ctx.app.inject({ ...options, remoteAddress: ip, headers: { host, ...(options.headers ?? {}) } } as InjectOptions);

  let users = 0;
  async function newUser(roles: Role[] = ['admin'], password: string | undefined = PASSWORD) {
    const email = `user${++users}@routes.test`;
    const user = await createUser(ctx.db, tenant.id, { email, firstName: 'Ada', lastName: 'Lovelace', roles, ...(password ? { password } : {}) });
    return { id: user.id, email };
  }
  async function signedIn(roles: Role[] = ['admin']) {
    const user = await newUser(roles);
    return { ...user, cookie: await signInCookie(ctx.app, host, user.email, PASSWORD) };
  }
  async function withApp() {
    const user = await signedIn();
    const post = (url: string, payload: object) => inject('192.0.2.1', { method: 'POST', url, headers: { cookie: user.cookie }, payload });
    const secret: string = (await post('/api/me/mfa/setup', { password: PASSWORD })).json().secret;
    expect((await post('/api/me/mfa/enable', { code: codeAt(secret, Date.now()) })).statusCode).toBe(200);
    vi.setSystemTime(Date.now() + STEP_MS);
    return { ...user, secret };
  }
  async function linkToken(purpose: UserTokenPurpose) {
    const user = await newUser(['learner'], purpose === 'invitation' ? undefined : PASSWORD);
    return ctx.db.withTenant(tenant.id, (tx) => issueUserToken(tx, user.id, purpose, purpose === 'email_change' ? `new-${user.email}` : undefined));
  }
  const forgedLink = () => randomBytes(32).toString('base64url');

  /** A token with `scope` of a new administrator, and forgeries carrying its name (prefix) with a wrong secret. */
  async function apiToken(scope: string) {
    const user = await signedIn();
    const created = await inject('192.0.2.1', { method: 'POST', url: '/api/me/tokens', headers: { cookie: user.cookie }, payload: { name: 'app', scopes: [scope], currentPassword: PASSWORD } });
    const token: string = created.json().token;
    return { token, forged: () => `${created.json().prefix}_${randomBytes(32).toString('base64url')}` };
  }

  /** A signed-in user's form: the same request with a wrong and the right secret. */
  function form(url: string, user: { cookie: string }, ip: string, wrong: object, right: object, code: string): Attempts {
    const post = (payload: object) => inject(ip, { method: 'POST', url, headers: { cookie: user.cookie }, payload });
    return { wrong: () => post(wrong), wrongCode: code, right: () => post(right) };
  }
  function link(url: string, ip: string, token: string, extra: object = {}): Attempts {
    const post = (t: string) => inject(ip, { method: 'POST', url, payload: { token: t, ...extra } });
    return { wrong: () => post(forgedLink()), wrongCode: 'AUTH_TOKEN_EXPIRED_OR_USED', right: () => post(token) };
  }
  /** A route that admits bearer tokens: `request` is a valid request apart from the token. */
  function bearer(scope: string, request: Omit<InjectOptions, 'headers'> & { headers?: Record<string, string> }): Entry {
    return {
      attempts: async (ip) => {
        const { token, forged } = await apiToken(scope);
        const send = (t: string) => inject(ip, { ...request, headers: { ...request.headers, authorization: `Bearer ${t}` } } as InjectOptions);
        return { wrong: () => send(forged()), wrongCode: 'AUTH_TOKEN_INVALID', right: () => send(token) };
      },
    };
  }
  const zip = { headers: { 'content-type': 'application/zip' }, payload: Buffer.from('PK\u0005\u0006') };
  const someId = randomUUID();

  const ENTRIES: Record<string, Entry> = {
    'POST /api/auth/sign-in': {
      attempts: async (ip) => {
        const { email } = await newUser();
        const signIn = (password: string) => inject(ip, { method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });
        return { wrong: () => signIn('Wrong-Horse-1'), wrongCode: 'AUTH_INVALID_CREDENTIALS', right: () => signIn(PASSWORD) };
      },
    },
    'POST /api/me/password': {
      attempts: async (ip) =>
        form('/api/me/password', await signedIn(), ip, { currentPassword: 'Wrong-Horse-1', newPassword: 'Other-Horse-72' }, { currentPassword: PASSWORD, newPassword: 'Other-Horse-72' }, 'AUTH_CURRENT_PASSWORD_WRONG'),
    },
    'POST /api/me/email': {
      attempts: async (ip) => {
        const user = await signedIn();
        return form('/api/me/email', user, ip, { currentPassword: 'Wrong-Horse-1', newEmail: `x-${user.email}` }, { currentPassword: PASSWORD, newEmail: `x-${user.email}` }, 'AUTH_CURRENT_PASSWORD_WRONG');
      },
    },
    'POST /api/me/mfa/setup': {
      attempts: async (ip) => form('/api/me/mfa/setup', await signedIn(), ip, { password: 'Wrong-Horse-1' }, { password: PASSWORD }, 'MFA_PASSWORD_INCORRECT'),
    },
    'POST /api/me/mfa/enable': {
      attempts: async (ip) => {
        const user = await signedIn();
        const setup = await inject('192.0.2.1', { method: 'POST', url: '/api/me/mfa/setup', headers: { cookie: user.cookie }, payload: { password: PASSWORD } });
        const secret: string = setup.json().secret;
        return form('/api/me/mfa/enable', user, ip, { code: wrongCode(secret) }, { code: codeAt(secret, Date.now()) }, 'MFA_CODE_INVALID');
      },
    },
    'POST /api/me/mfa/disable': {
      attempts: async (ip) => {
        const user = await withApp();
        return form('/api/me/mfa/disable', user, ip, { password: PASSWORD, code: wrongCode(user.secret) }, { password: PASSWORD, code: codeAt(user.secret, Date.now()) }, 'MFA_CODE_INVALID');
      },
    },
    'POST /api/me/mfa/recovery-codes': {
      attempts: async (ip) => {
        const user = await withApp();
        const right = { password: PASSWORD, code: codeAt(user.secret, Date.now()) };
        return form('/api/me/mfa/recovery-codes', user, ip, { ...right, password: 'Wrong-Horse-1' }, right, 'MFA_PASSWORD_INCORRECT');
      },
    },
    'POST /api/me/tokens': {
      attempts: async (ip) => {
        const token = { name: 'app', scopes: ['reports:read'] };
        return form('/api/me/tokens', await signedIn(), ip, { ...token, currentPassword: 'Wrong-Horse-1' }, { ...token, currentPassword: PASSWORD }, 'AUTH_CURRENT_PASSWORD_WRONG');
      },
    },
    'POST /api/me/sessions/end-others': {
      attempts: async (ip) => form('/api/me/sessions/end-others', await signedIn(), ip, { currentPassword: 'Wrong-Horse-1' }, { currentPassword: PASSWORD }, 'AUTH_CURRENT_PASSWORD_WRONG'),
    },
    'DELETE /api/me/sessions/{sessionId}': {
      attempts: async (ip) => {
        const user = await signedIn();
        await signInCookie(ctx.app, host, user.email, PASSWORD);
        const list = await inject('192.0.2.1', { method: 'GET', url: '/api/me/sessions', headers: { cookie: user.cookie } });
        const other: string = list.json().find((s: { current: boolean }) => !s.current).id;
        const end = (currentPassword: string) =>
          inject(ip, { method: 'DELETE', url: `/api/me/sessions/${other}`, headers: { cookie: user.cookie }, payload: { currentPassword } });
        return { wrong: () => end('Wrong-Horse-1'), wrongCode: 'AUTH_CURRENT_PASSWORD_WRONG', right: () => end(PASSWORD) };
      },
    },
    'POST /api/auth/password-reset/complete': {
      attempts: async (ip) => link('/api/auth/password-reset/complete', ip, await linkToken('password_reset'), { password: 'Other-Horse-72' }),
    },
    'POST /api/auth/invitation/accept': {
      attempts: async (ip) => link('/api/auth/invitation/accept', ip, await linkToken('invitation'), { password: 'Other-Horse-72' }),
    },
    'POST /api/auth/email-change/confirm': {
      attempts: async (ip) => link('/api/auth/email-change/confirm', ip, await linkToken('email_change')),
    },
    'POST /api/tenant/password-policy/check': { notACredential: 'a password being chosen, checked against the policy, not against a secret' },
    // The link's page takes its password on /s/{token}/unlock and a recipient's code on /s/{token}/verify (not in the API reference), guarded and banned: src/space/sharing/sharing.test.ts.
    'POST /api/space/items/{id}/shares': { notACredential: "a share link's password being chosen by its maker, not checked against a secret" },
    'POST /api/market/coupons': { notACredential: "a coupon's code being chosen by the seller, not checked against a secret (checkout's couponCode counts against the code-check budget)" },
    'PUT /api/market/coupons/{id}': { notACredential: "a coupon's code being changed by the seller, not checked against a secret" },

    'GET /api/me': bearer('reports:read', { method: 'GET', url: '/api/me' }),
    'GET /api/me/permissions': bearer('reports:read', { method: 'GET', url: '/api/me/permissions' }),
    'GET /api/users/{id}': bearer('users:read', { method: 'GET', url: `/api/users/${someId}` }),
    'GET /api/admin/users': bearer('users:read', { method: 'GET', url: '/api/admin/users' }),
    'POST /api/learn/courses/{id}/packages': bearer('content:publish', { method: 'POST', url: `/api/learn/courses/${someId}/packages`, ...zip }),
    'POST /api/learn/packages': bearer('content:publish', { method: 'POST', url: '/api/learn/packages', ...zip }),
    'POST /api/learn/package-uploads': bearer('content:publish', { method: 'POST', url: '/api/learn/package-uploads', payload: { fileName: 'a.zip', totalBytes: 10 } }),
    'GET /api/learn/package-uploads/{id}': bearer('content:publish', { method: 'GET', url: `/api/learn/package-uploads/${someId}` }),
    'PUT /api/learn/package-uploads/{id}': bearer('content:publish', {
      method: 'PUT',
      url: `/api/learn/package-uploads/${someId}`,
      headers: { 'content-type': 'application/octet-stream', 'content-range': 'bytes 0-3/10' },
      payload: Buffer.from('PK\u0003\u0004'),
    }),
    'DELETE /api/learn/package-uploads/{id}': bearer('content:publish', { method: 'DELETE', url: `/api/learn/package-uploads/${someId}` }),
    'POST /api/learn/package-uploads/{id}/complete': bearer('content:publish', { method: 'POST', url: `/api/learn/package-uploads/${someId}/complete` }),
    'GET /api/learn/reports/courses': bearer('reports:read', { method: 'GET', url: '/api/learn/reports/courses' }),
    'GET /api/learn/reports/courses/{courseId}': bearer('reports:read', { method: 'GET', url: `/api/learn/reports/courses/${someId}` }),
    'GET /api/learn/reports/courses/{courseId}/export': bearer('reports:read', { method: 'GET', url: `/api/learn/reports/courses/${someId}/export?format=csv` }),
    'GET /api/learn/reports/enrolments/{enrolmentId}/attempts': bearer('reports:read', { method: 'GET', url: `/api/learn/reports/enrolments/${someId}/attempts` }),
    'GET /api/learn/reports/attempts/{attemptId}/statements': bearer('reports:read', { method: 'GET', url: `/api/learn/reports/attempts/${someId}/statements` }),
    'GET /api/learn/reports/learners/{userId}': bearer('reports:read', { method: 'GET', url: `/api/learn/reports/learners/${someId}` }),
    'GET /api/learn/reports/learners/{userId}/export': bearer('reports:read', { method: 'GET', url: `/api/learn/reports/learners/${someId}/export?format=csv` }),
    'GET /api/learn/reports/overdue': bearer('reports:read', { method: 'GET', url: '/api/learn/reports/overdue' }),
    'GET /api/learn/reports/overview': bearer('reports:read', { method: 'GET', url: '/api/learn/reports/overview' }),
    'GET /api/learn/reports/overdue/export': bearer('reports:read', { method: 'GET', url: '/api/learn/reports/overdue/export?format=csv' }),
  };
  // Space's routes admit tokens by method (space:read for GET, space:write for the rest) through one
  // guard, which checks the token before the route's input: each is tried with ids of nothing.
  const spaceTokenRoutes = Object.entries(EXPECTED_ACCESS).filter(([route, access]) => route.includes(' /api/space/') && access.kind === 'roles' && access.tokens !== undefined);
  for (const [route] of spaceTokenRoutes) {
    const [method, path] = route.split(' ') as [string, string];
    ENTRIES[route] = bearer(method === 'GET' ? 'space:read' : 'space:write', { method: method as 'GET', url: path.replace(/\{[^}]+\}/g, someId), ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) });
  }

  /** The routes the route table says take a credential. */
  function credentialRoutes(): string[] {
    const doc = ctx.app.swagger() as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: object } }> }; security?: object[] }>>;
    };
    const found: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const fields = Object.keys(operation.requestBody?.content?.['application/json']?.schema?.properties ?? {});
        const takesSecret = fields.some((field) => CREDENTIAL_FIELDS.includes(field));
        const takesToken = (operation.security ?? []).some((requirement) => 'bearerToken' in requirement);
        if (takesSecret || takesToken) found.push(`${method.toUpperCase()} ${path}`);
      }
    }
    return found.sort();
  }

  it('every route that takes a credential has an entry here (and every entry is such a route)', () => {
    expect(credentialRoutes()).toEqual(Object.keys(ENTRIES).sort());
  });

  const guarded = Object.entries(ENTRIES).filter((entry): entry is [string, Extract<Entry, { attempts: unknown }>] => 'attempts' in entry[1]);

  it.each(guarded.map(([route, entry], i) => [route, entry, `203.0.113.${100 + i}`] as const))(
    '%s: five wrong credentials, each audited, then even the right one is refused, and the ban is audited',
    async (_route, entry, ip) => {
      const attempts = await entry.attempts(ip);
      for (let i = 0; i < 5; i++) {
        const res = await attempts.wrong();
        expect(res.json().error?.code, `attempt ${i + 1}`).toBe(attempts.wrongCode);
      }
      // Each failure is in the audit log, also those below the threshold.
      const [failures] = await ctx.db.withTenant(tenant.id, (tx) =>
        queryRows<{ n: number }>(tx, sql`select count(*)::int as n from audit_events where action like 'auth.%.failed' and actor_ip = ${ip}`),
      );
      expect(failures?.n).toBe(5);
      const sixth = await attempts.right();
      expect(sixth.statusCode).toBe(429);
      expect(sixth.json().error.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
      expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
      const [bans] = await ctx.db.withTenant(tenant.id, (tx) =>
        queryRows<{ n: number }>(tx, sql`select count(*)::int as n from audit_events where action = 'auth.guard.blocked' and actor_ip = ${ip}`),
      );
      expect(bans?.n).toBe(1);
    },
  );
});
