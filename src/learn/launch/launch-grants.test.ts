import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createScormCourse, enrolDirectly } from '../../../test/learn-fixtures.js';
import type { Db } from '../../platform/db/client.js';
import { startSession } from '../../platform/identity/sessions.service.js';
import { createUser } from '../../platform/identity/users.service.js';
import type { Tenant } from '../../platform/tenancy/tenants.repository.js';
import { hashSessionId } from '../../platform/identity/session-token.js';
import { insertAttempt } from '../tracking/tracking.repository.js';
import { issueGrant, LaunchGrants, newGrantToken, tenantOfGrantToken } from './launch-grants.service.js';

describe(`launch credentials (${engine})`, () => {
  let ctx: TestContext;
  let tenant: Tenant;
  let n = 0;

  beforeAll(async () => {
    ctx = await createTestApp();
    tenant = (await createTenantWithUser(ctx.db, 'grants')).tenant;
  });
  afterAll(() => ctx.close());

  /** A learner with a session and an open attempt, and a credential for it issued as a launch does. */
  async function attemptGrant() {
    n += 1;
    const user = await createUser(ctx.db, tenant.id, { email: `g${n}@grants.test`, firstName: 'G', lastName: `${n}`, roles: ['learner'] });
    const { sessionId, expiresAt } = await startSession(ctx.db, tenant, user, { ip: '203.0.113.1', userAgent: null });
    const course = await createScormCourse(ctx.db, tenant.id);
    const enrolmentId = await enrolDirectly(ctx.db, tenant.id, course.courseId, user.id);
    return ctx.db.withTenant(tenant.id, async (tx) => {
      const attempt = await insertAttempt(tx, enrolmentId, course.versionId);
      const issued = await issueGrant(tx, tenant.id, {
        kind: 'attempt',
        attemptId: attempt.id,
        versionId: course.versionId,
        userId: user.id,
        session: { idHash: hashSessionId(sessionId), expiresAt },
        appOrigin: 'http://grants.test',
        contentOrigin: 'http://grants.test:3001',
      });
      return { ...issued, attemptId: attempt.id, userId: user.id, sessionIdHash: hashSessionId(sessionId) };
    });
  }

  /** A LaunchGrants of a node that has seen none of these grants, counting its database transactions. */
  function freshNode(): { grants: LaunchGrants; transactions: () => number } {
    let transactions = 0;
    const counting = {
      ...ctx.db,
      withTenant: (id: string, work: Parameters<Db['withTenant']>[1]) => {
        transactions += 1;
        return ctx.db.withTenant(id, work);
      },
    } as Db;
    return { grants: new LaunchGrants(counting, async (id) => (id === tenant.id ? tenant : undefined)), transactions: () => transactions };
  }

  it('a token names its site and 256 random bits; anything else is refused without a query', () => {
    const { token, tokenHash } = newGrantToken(tenant.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(tokenHash).not.toContain(token.split('.')[1]!);
    expect(tenantOfGrantToken(token)).toBe(tenant.id);
    for (const bad of ['', 'x', `${token}x`, token.replace('.', '-'), `../${token}`]) expect(tenantOfGrantToken(bad), bad).toBeUndefined();
  });

  it('lookups on a node that has not seen the grants share one query per turn', async () => {
    const grants = await Promise.all(Array.from({ length: 12 }, () => attemptGrant()));
    const node = freshNode();
    const checks = await Promise.all(grants.map((grant) => node.grants.check(grant.token, 'commit')));
    expect(checks.every((check) => check.ok)).toBe(true);
    expect(checks.map((check) => check.ok && check.grant.attemptId)).toEqual(grants.map((grant) => grant.attemptId));
    expect(node.transactions()).toBe(1);
    // Known now: commits need no lookup at all.
    await node.grants.check(grants[0]!.token, 'commit');
    expect(node.transactions()).toBe(1);
  });

  it('files need a live grant: not for a closed attempt, an ended or idle session, an expired grant or another site', async () => {
    const node = () => freshNode().grants;
    const closed = await attemptGrant();
    await ctx.db.withTenant(tenant.id, (tx) => tx.execute(sql`update attempts set closed_at = now() where id = ${closed.attemptId}`));
    expect(await node().check(closed.token, 'files')).toEqual({ ok: false, reason: 'ended' });
    // A commit under it goes on to its write, which answers "closed".
    expect((await node().check(closed.token, 'commit')).ok).toBe(true);

    const idle = await attemptGrant();
    await ctx.db.withTenant(tenant.id, (tx) => tx.execute(sql`update sessions set last_seen_at = now() - interval '3 hours' where id_hash = ${idle.sessionIdHash}`));
    expect(await node().check(idle.token, 'files')).toEqual({ ok: false, reason: 'ended' });

    const signedOut = await attemptGrant();
    await ctx.db.withTenant(tenant.id, (tx) => tx.execute(sql`delete from sessions where id_hash = ${signedOut.sessionIdHash}`));
    // The grant went with its session.
    expect(await node().check(signedOut.token, 'commit')).toEqual({ ok: false, reason: 'invalid' });

    const expired = await attemptGrant();
    await ctx.db.withTenant(tenant.id, (tx) => tx.execute(sql`update launch_grants set expires_at = now() - interval '1 second' where id = ${expired.row.id}`));
    expect(await node().check(expired.token, 'commit')).toEqual({ ok: false, reason: 'ended' });

    const live = await attemptGrant();
    expect((await node().check(live.token, 'files')).ok).toBe(true);
    const other = await createTenantWithUser(ctx.db, 'grants-other');
    const foreign = `${newGrantToken(other.tenant.id).token.split('.')[0]}.${live.token.split('.')[1]}`;
    expect(await node().check(foreign, 'files')).toEqual({ ok: false, reason: 'invalid' });
  });
});
