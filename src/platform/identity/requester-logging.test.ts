import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.js';
import { createTenantWithUser, fakeWebDir, PASSWORD, signInCookie, testConfig } from '../../../test/app.js';
import { createTestDb, engine } from '../../../test/db.js';
import type { Db } from '../db/client.js';
import { hashSessionId } from './session-token.js';
import { createUser } from './users.service.js';

type LogLine = Record<string, unknown>;

describe(`request log lines name who made the request (${engine})`, () => {
  let db: Db;
  let app: App;
  const lines: LogLine[] = [];
  const rawLog: string[] = [];
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;

  beforeAll(async () => {
    db = await createTestDb();
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        rawLog.push(chunk.toString());
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    app = await buildApp({ config: testConfig({ LOG_LEVEL: 'info' }), db, logger: true, logStream, webDir: fakeWebDir() });
    await app.ready();
    acme = await createTenantWithUser(db, 'acme');
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  /** The log lines of one answered request (by its x-request-id). */
  const linesOf = (answer: { headers: Record<string, unknown> }) => lines.filter((line) => line.reqId === answer.headers['x-request-id']);

  it('a refusal of a signed-in user (AUTH_FORBIDDEN) names the user and the session, never its cookie', async () => {
    const learner = await createUser(db, acme.tenant.id, { email: 'lea@acme.test', firstName: 'Lea', lastName: 'L', roles: ['learner'], password: PASSWORD });
    const cookie = await signInCookie(app, acme.host, 'lea@acme.test', PASSWORD);
    const cookieValue = cookie.split('=')[1]!;
    const refused = await app.inject({ method: 'GET', url: '/api/admin/users', headers: { host: acme.host, cookie } });
    expect(refused.json().error.code).toBe('AUTH_FORBIDDEN');
    const requester = { userId: learner.id, sessionId: hashSessionId(cookieValue) };
    expect(linesOf(refused).find((line) => line.msg === 'request refused')).toMatchObject({ code: 'AUTH_FORBIDDEN', route: '/api/admin/users', ...requester });
    expect(linesOf(refused).find((line) => line.msg === 'request completed')).toMatchObject({ res: { statusCode: 403 }, ...requester });

    const answered = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie } });
    expect(linesOf(answered).find((line) => line.msg === 'request completed')).toMatchObject({ res: { statusCode: 200 }, ...requester });
    expect(rawLog.join('')).not.toContain(cookieValue);
  });

  it('a request with an API token leaves a line naming the token and its user, refused or not, never the token itself', async () => {
    const admin = await signInCookie(app, acme.host, acme.email, acme.password);
    const created = await app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: { host: acme.host, cookie: admin },
      payload: { name: 'Reports', scopes: ['reports:read'], currentPassword: acme.password },
    });
    const { id: tokenId, token } = created.json() as { id: string; token: string };
    const adminId = (await app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie: admin } })).json().user.id;
    const requester = { userId: adminId, tokenId };
    const withToken = (url: string) => app.inject({ method: 'GET', url, headers: { host: acme.host, authorization: `Bearer ${token}` } });

    const ok = await withToken('/api/learn/reports/courses');
    expect(ok.statusCode).toBe(200);
    expect(linesOf(ok).find((line) => line.msg === 'request completed')).toMatchObject({ res: { statusCode: 200 }, ...requester });

    const outOfScope = await withToken('/api/admin/users');
    expect(outOfScope.json().error.code).toBe('AUTH_TOKEN_SCOPE');
    expect(linesOf(outOfScope).find((line) => line.msg === 'request refused')).toMatchObject({ code: 'AUTH_TOKEN_SCOPE', ...requester });
    expect(linesOf(outOfScope).find((line) => line.msg === 'request refused')).not.toHaveProperty('sessionId');
    expect(rawLog.join('')).not.toContain(token);
  });

  it('a request nobody is signed in for names nobody', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/admin/users', headers: { host: acme.host } });
    expect(anonymous.json().error.code).toBe('AUTH_REQUIRED');
    for (const line of linesOf(anonymous)) {
      expect(line).not.toHaveProperty('userId');
      expect(line).not.toHaveProperty('tokenId');
    }
  });
});
