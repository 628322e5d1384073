import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../db/client.js';
import { IDENTITY_SWEEP_SESSIONS, identityRecurringJobs } from './identity.jobs.js';
import { sessions } from './identity.schema.js';
import { forgetAllSessions } from './session-cache.js';

describe(`identity's recurring jobs (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let globex: Awaited<ReturnType<typeof createTenantWithUser>>;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
    globex = await createTenantWithUser(ctx.db, 'globex');
  });
  afterAll(() => ctx.close());

  const status = (host: string, cookie: string) => ctx.app.inject({ method: 'GET', url: '/api/auth/session/status', headers: { host, cookie } });
  const sessionCount = async () => (await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from ${sessions}`))[0]?.n;

  it('the session sweep deletes sessions past their lifetime on every site and keeps the live ones', async () => {
    const sweep = identityRecurringJobs(ctx.db).find((job) => job.kind === IDENTITY_SWEEP_SESSIONS);
    if (!sweep) throw new Error('no session sweep');
    const acmeOld = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const globexOld = await signInCookie(ctx.app, globex.host, globex.email, globex.password);
    await ctx.db.owner.execute(sql`update ${sessions} set expires_at = now() - interval '1 minute'`);
    const acmeLive = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    expect(await sessionCount()).toBe(3);

    await sweep.run();

    expect(await sessionCount()).toBe(1);
    forgetAllSessions();
    expect((await status(acme.host, acmeLive)).statusCode).toBe(200);
    expect((await status(acme.host, acmeOld)).statusCode).toBe(401);
    expect((await status(globex.host, globexOld)).statusCode).toBe(401);
  });
});
