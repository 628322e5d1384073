import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import type { Db } from '../db/client.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { cachedSession, forgetAllSessions, rememberSession, sessionCacheTicket } from './session-cache.js';
import { hashSessionId } from './session-token.js';
import { deleteSessionsOfUser, findLiveSession } from './sessions.repository.js';
import { authenticate, startSession } from './sessions.service.js';
import { updateUserRoles, updateUserStatus, type User } from './users.repository.js';
import { createUser } from './users.service.js';

/**
 * The session cache against changes of a user or session: the steps of a concurrent session
 * check (its read, then its caching) are placed by hand around the change's commit.
 */
describe(`session cache and committed changes (${engine})`, () => {
  let db: Db;
  let tenant: Tenant;
  let user: User;
  const client = { ip: '192.0.2.1', userAgent: null };

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await createTenant(db, { slug: 'cache', name: 'Cache', hostnames: ['cache.test'] });
  });
  afterAll(() => db.close());

  beforeEach(async () => {
    forgetAllSessions();
    user = await createUser(db, tenant.id, { email: `ada-${Math.random().toString(36).slice(2)}@cache.test`, firstName: 'Ada', lastName: 'Admin', roles: ['admin'], password: 'Quiet-Meadow-42' });
  });

  /** A session check's read: what a request saw of the session at that moment. */
  async function readSession(idHash: string) {
    const session = await db.withTenant(tenant.id, (tx) => findLiveSession(tx, idHash));
    if (!session) throw new Error('session not found');
    return { user: session.user, mfaEnabled: session.mfaEnabled, lastSeenAt: Date.now(), expiresAt: session.expiresAt, checkedAt: Date.now() };
  }

  it('a check that read the old roles before the change committed cannot cache them afterwards', async () => {
    const { sessionId } = await startSession(db, tenant, user, client);
    const idHash = hashSessionId(sessionId);

    const ticket = sessionCacheTicket(); // the concurrent check starts ...
    const seen = await readSession(idHash); // ... and reads the session while the user is still an administrator
    expect(seen.user.roles).toEqual(['admin']);

    await db.withTenant(tenant.id, (tx) => updateUserRoles(tx, user.id, ['learner'])); // the change commits
    rememberSession(idHash, seen, ticket); // ... and only then does the check cache what it read

    expect(cachedSession(idHash, Date.now())).toBeUndefined();
    const check = await authenticate(db, tenant, sessionId);
    expect(check.ok && check.user.roles).toEqual(['learner']);
  });

  it('a check cached while the change was still open is forgotten when the change commits', async () => {
    const { sessionId } = await startSession(db, tenant, user, client);
    const idHash = hashSessionId(sessionId);
    const ticket = sessionCacheTicket();
    const seen = await readSession(idHash);

    await db.withTenant(tenant.id, async (tx) => {
      await updateUserRoles(tx, user.id, ['learner']);
      // Not committed yet: another connection still reads the administrator and caches that.
      rememberSession(idHash, seen, ticket);
    });

    const check = await authenticate(db, tenant, sessionId);
    expect(check.ok && check.user.roles).toEqual(['learner']);
  });

  it('a deactivated user and ended sessions are not served from a cache filled during the change', async () => {
    const first = await startSession(db, tenant, user, client);
    const second = await startSession(db, tenant, user, client);
    const ticket = sessionCacheTicket();
    const seenFirst = await readSession(hashSessionId(first.sessionId));
    const seenSecond = await readSession(hashSessionId(second.sessionId));

    await db.withTenant(tenant.id, async (tx) => {
      await updateUserStatus(tx, user.id, 'deactivated');
      rememberSession(hashSessionId(first.sessionId), seenFirst, ticket);
    });
    await db.withTenant(tenant.id, async (tx) => {
      await deleteSessionsOfUser(tx, user.id);
      rememberSession(hashSessionId(second.sessionId), seenSecond, ticket);
    });

    expect(await authenticate(db, tenant, first.sessionId)).toEqual({ ok: false, reason: 'expired' });
    expect(await authenticate(db, tenant, second.sessionId)).toEqual({ ok: false, reason: 'expired' });
  });

  it('a request checked on another connection while a role change is open keeps no stale roles once the change commits', async () => {
    const { sessionId } = await startSession(db, tenant, user, client);
    let updated!: () => void;
    let release!: () => void;
    const isUpdated = new Promise<void>((resolve) => (updated = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const change = db.withTenant(tenant.id, async (tx) => {
      await updateUserRoles(tx, user.id, ['learner']);
      updated();
      await released; // the change stays open until the concurrent request is done
    });
    await isUpdated;
    const during = authenticate(db, tenant, sessionId);
    if (db.kind === 'postgres') {
      // PostgreSQL: the request reads the committed state, the administrator, before the change commits.
      const seen = await during;
      expect(seen.ok && seen.user.roles).toEqual(['admin']);
      release();
      await change;
    } else {
      // PGlite's one connection runs the request after the change.
      release();
      await change;
      await during;
    }

    const after = await authenticate(db, tenant, sessionId);
    expect(after.ok && after.user.roles).toEqual(['learner']);
  });

  it('a change that rolls back leaves the cache alone, and a check after a commit caches again', async () => {
    const { sessionId } = await startSession(db, tenant, user, client);
    const idHash = hashSessionId(sessionId);
    await db.withTenant(tenant.id, (tx) => updateUserRoles(tx, user.id, ['learner']));

    // A check that starts after the commit reads the new roles and may cache them.
    const check = await authenticate(db, tenant, sessionId);
    expect(check.ok && check.user.roles).toEqual(['learner']);
    expect(cachedSession(idHash, Date.now())?.user.roles).toEqual(['learner']);

    await expect(
      db.withTenant(tenant.id, async (tx) => {
        await updateUserRoles(tx, user.id, ['admin']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(cachedSession(idHash, Date.now())?.user.roles).toEqual(['learner']);
  });
});
