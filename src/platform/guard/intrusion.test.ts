import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, createTestDb } from '../../../test/db.js';
import { listAuditEvents } from '../audit/audit.repository.js';
import { queryRows, type Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import type { TenantSettingsInput } from '../tenancy/tenant-settings.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { createTenant } from '../tenancy/tenants.service.js';
import {
  assertNotBlocked,
  banDurationMinutes,
  liftBan,
  listActiveBans,
  pruneGuardData,
  recordFailure,
  recordSuccess,
  type CredentialAttempt,
} from './intrusion.service.js';
import { RetryLaterError } from './retry-later.js';

const MINUTE = 60_000;
const T0 = new Date('2030-01-01T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

describe(`intrusion prevention (${engine})`, () => {
  let db: Db;
  let tenant: Tenant;
  let other: Tenant;
  let tenantCount = 0;

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await createTenant(db, { slug: 'guarded', name: 'Guarded', hostnames: ['guarded.test'] });
    other = await createTenant(db, { slug: 'other', name: 'Other', hostnames: ['other.test'] });
  });
  afterAll(() => db.close());

  /** A fresh tenant (so counts start at zero), with its own intrusion settings when given. */
  async function freshTenant(intrusion: TenantSettingsInput['intrusion'] = {}): Promise<Tenant> {
    const created = await createTenant(db, { slug: `t${++tenantCount}`, name: `T${tenantCount}`, hostnames: [`t${tenantCount}.test`] });
    return { ...created, settings: { intrusion } };
  }

  const attempt = (ip: string, account: string | null): CredentialAttempt => ({ ip, account, endpoint: 'sign-in', userAgent: 'hydra' });

  /** The seconds a check waits to be admitted again, or 0 when it is admitted now. */
  async function blockedFor(t: Tenant, ip: string, account: string | null, now: Date): Promise<number> {
    try {
      await assertNotBlocked(db, t, { ip, account }, now);
      return 0;
    } catch (error) {
      if (!(error instanceof RetryLaterError)) throw error;
      expect(error.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
      return error.retryAfterSeconds;
    }
  }

  /** Fails `times` times at `now`, checking first as a caller must; returns how many were let through. */
  async function failRepeatedly(t: Tenant, ip: string, account: string | null, times: number, now: Date): Promise<number> {
    let admitted = 0;
    for (let i = 0; i < times; i++) {
      if ((await blockedFor(t, ip, account, now)) > 0) break;
      admitted++;
      await recordFailure(db, t, attempt(ip, account), now);
    }
    return admitted;
  }

  async function bansOf(t: Tenant) {
    return db.withTenant(t.id, (tx) =>
      queryRows<{ id: string; scope: string; ip: string | null; account: string | null; reason: string; level: number; until: Date }>(
        tx,
        sql`select id::text, scope, ip, account, reason, level, until from guard_bans order by id`,
      ),
    );
  }

  it('bans an account from one address after exactly accountIpMaxFailures failures, for banMinutes', async () => {
    const t = await freshTenant();
    expect(await failRepeatedly(t, '203.0.113.1', 'ada@example.com', 50, T0)).toBe(5);
    expect(await blockedFor(t, '203.0.113.1', 'ada@example.com', at(1))).toBe(14 * 60);
    expect(await blockedFor(t, '203.0.113.1', 'ADA@example.com ', at(1))).toBeGreaterThan(0);
    // The user from elsewhere, and another account from this address, are not stopped.
    expect(await blockedFor(t, '198.51.100.7', 'ada@example.com', at(1))).toBe(0);
    expect(await blockedFor(t, '203.0.113.1', 'bob@example.com', at(1))).toBe(0);
    // Over when the ban ends.
    expect(await blockedFor(t, '203.0.113.1', 'ada@example.com', at(15))).toBe(0);
    const [ban] = await bansOf(t);
    expect(ban).toMatchObject({ scope: 'account_ip', ip: '203.0.113.1', account: 'ada@example.com', reason: 'account_ip_failures', level: 0 });
    expect(new Date(ban!.until).getTime()).toBe(at(15).getTime());
  });

  it('writes every ban to the audit log in the same transaction', async () => {
    const t = await freshTenant();
    await failRepeatedly(t, '203.0.113.2', 'ada@example.com', 5, T0);
    const events = await db.withTenant(t.id, (tx) => listAuditEvents(tx, { action: 'auth.guard.blocked', limit: 10 }));
    const [ban] = await bansOf(t);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorIp: '203.0.113.2',
      userAgent: 'hydra',
      targetType: 'guard_ban',
      targetId: ban!.id,
      details: {
        scope: 'account_ip',
        reason: 'account_ip_failures',
        ip: '203.0.113.2',
        account: 'ada@example.com',
        level: 0,
        failures: 5,
        until: at(15).toISOString(),
        endpoint: 'sign-in',
      },
    });
  });

  it('failures older than the window do not count', async () => {
    const t = await freshTenant();
    expect(await failRepeatedly(t, '203.0.113.3', 'ada@example.com', 4, T0)).toBe(4);
    // 16 minutes later the first four have left the 15-minute window: four more are let through.
    expect(await failRepeatedly(t, '203.0.113.3', 'ada@example.com', 50, at(16))).toBe(5);
  });

  it('a success ends the streak: a user who mistyped is not banned by later mistakes', async () => {
    const t = await freshTenant();
    await failRepeatedly(t, '203.0.113.4', 'ada@example.com', 4, T0);
    await recordSuccess(db, t, { ip: '203.0.113.4', account: 'Ada@Example.com' });
    expect(await failRepeatedly(t, '203.0.113.4', 'ada@example.com', 4, at(1))).toBe(4);
    expect(await bansOf(t)).toEqual([]);
  });

  it('bans the address after ipMaxFailures failures spread over accounts', async () => {
    const t = await freshTenant();
    let admitted = 0;
    for (let round = 0; round < 10; round++) {
      for (const account of ['a@x.test', 'b@x.test', 'c@x.test', 'd@x.test', 'e@x.test']) {
        admitted += await failRepeatedly(t, '203.0.113.5', account, 1, at(round * 0.1));
      }
    }
    // 4 rounds over 5 accounts = 20 failures: below every per-account limit, at the address limit.
    expect(admitted).toBe(20);
    expect(await bansOf(t)).toEqual([expect.objectContaining({ scope: 'ip', ip: '203.0.113.5', account: null, reason: 'ip_failures' })]);
    expect(await blockedFor(t, '203.0.113.5', 'new@x.test', at(2))).toBeGreaterThan(0);
    expect(await blockedFor(t, '203.0.113.5', null, at(2))).toBeGreaterThan(0);
  });

  it('bans the address that tries stuffingMaxAccounts distinct accounts (credential stuffing)', async () => {
    const t = await freshTenant();
    let admitted = 0;
    for (let i = 0; i < 100; i++) admitted += await failRepeatedly(t, '203.0.113.6', `user${i}@x.test`, 1, T0);
    expect(admitted).toBe(10);
    expect(await bansOf(t)).toEqual([expect.objectContaining({ scope: 'ip', ip: '203.0.113.6', reason: 'credential_stuffing' })]);
  });

  it('bans grow with repeats: banMinutes * growth^level up to banMaxMinutes; lifted bans do not count', async () => {
    const t = await freshTenant({ banMinutes: 10, banGrowthFactor: 3, banMaxMinutes: 60, accountIpWindowMinutes: 5 });
    const ip = '203.0.113.7';
    const account = 'ada@example.com';
    const lengths: number[] = [];
    let now = T0;
    for (let i = 0; i < 4; i++) {
      expect(await failRepeatedly(t, ip, account, 50, now)).toBe(5);
      const retry = await blockedFor(t, ip, account, now);
      lengths.push(retry / 60);
      now = new Date(now.getTime() + retry * 1000);
    }
    expect(lengths).toEqual([10, 30, 60, 60]);
    expect((await bansOf(t)).map((b) => b.level)).toEqual([0, 1, 2, 3]);

    // A day after the last ban ended the subject starts again at level 0.
    const dayLater = new Date(now.getTime() + 24 * 60 * MINUTE + MINUTE);
    expect(await failRepeatedly(t, ip, account, 50, dayLater)).toBe(5);
    expect(await blockedFor(t, ip, account, dayLater)).toBe(10 * 60);

    // Lifted by an administrator: forgotten, and it does not lengthen the next one.
    const running = (await listActiveBans(db, t, dayLater))[0]!;
    await liftBan(db, t, running.id, { userId: '00000000-0000-4000-8000-000000000001', ip: '192.0.2.1' }, dayLater);
    expect(await blockedFor(t, ip, account, dayLater)).toBe(0);
    expect(await failRepeatedly(t, ip, account, 50, dayLater)).toBe(5);
    expect((await bansOf(t)).at(-1)).toMatchObject({ level: 0 });
  });

  it('computes ban lengths from the tenant settings', () => {
    const policy = { banMinutes: 15, banGrowthFactor: 2, banMaxMinutes: 1440 } as Parameters<typeof banDurationMinutes>[0];
    expect([0, 1, 2, 3, 6, 7].map((level) => banDurationMinutes(policy, level))).toEqual([15, 30, 60, 120, 960, 1440]);
  });

  it('slows an account attacked from many addresses down only at the much higher account-wide count, without locking its user out', async () => {
    const t = await freshTenant({ accountMaxFailures: 20 });
    const account = 'ada@example.com';
    // 20 addresses, one failure each: nothing per address, the account-wide count reached.
    for (let i = 1; i <= 20; i++) expect(await failRepeatedly(t, `198.18.0.${i}`, account, 1, at(i / 60))).toBe(1);
    expect(await bansOf(t)).toEqual([expect.objectContaining({ scope: 'account', ip: null, account, reason: 'account_failures' })]);
    // The address that failed since the slowdown began is stopped; a fresh address still gets in.
    expect(await blockedFor(t, '198.18.0.20', account, at(1))).toBeGreaterThan(0);
    expect(await blockedFor(t, '192.0.2.55', account, at(1))).toBe(0);
    // Each attacking address gets one more try, then it is stopped for this account.
    expect(await failRepeatedly(t, '198.18.0.1', account, 10, at(1))).toBe(1);
    expect(await blockedFor(t, '198.18.0.1', account, at(2))).toBeGreaterThan(0);
    expect(await blockedFor(t, '198.18.0.1', 'someone-else@example.com', at(2))).toBe(0);
  });

  it('counts an IPv6 client by its /64 network', async () => {
    const t = await freshTenant();
    let admitted = 0;
    for (let i = 1; i <= 10; i++) admitted += await failRepeatedly(t, `2001:db8:1:2::${i.toString(16)}`, 'ada@example.com', 1, T0);
    expect(admitted).toBe(5);
    expect(await bansOf(t)).toEqual([expect.objectContaining({ scope: 'account_ip', ip: '2001:db8:1:2::/64' })]);
    expect(await blockedFor(t, '2001:db8:1:2:ffff::1', 'ada@example.com', T0)).toBeGreaterThan(0);
    expect(await blockedFor(t, '2001:db8:1:3::1', 'ada@example.com', T0)).toBe(0);
  });

  it("a ban on one tenant's site does not stop the same address on another's", async () => {
    await failRepeatedly(tenant, '203.0.113.9', 'ada@example.com', 5, T0);
    expect(await blockedFor(tenant, '203.0.113.9', 'ada@example.com', T0)).toBeGreaterThan(0);
    expect(await blockedFor(other, '203.0.113.9', 'ada@example.com', T0)).toBe(0);
  });

  it('lifting an unknown or ended ban is refused', async () => {
    const t = await freshTenant();
    await failRepeatedly(t, '203.0.113.10', 'ada@example.com', 5, T0);
    const [ban] = await bansOf(t);
    const admin = { userId: '00000000-0000-4000-8000-000000000001', ip: '192.0.2.1' };
    await expect(liftBan(db, t, 999_999, admin, at(1))).rejects.toThrow(AppError);
    await expect(liftBan(db, t, Number(ban!.id), admin, at(16))).rejects.toMatchObject({ code: 'GUARD_BAN_NOT_FOUND' });
    await expect(liftBan(db, other, Number(ban!.id), admin, at(1))).rejects.toMatchObject({ code: 'GUARD_BAN_NOT_FOUND' });
  });

  it('prunes failures no window needs and bans no one remembers', async () => {
    const t = await freshTenant();
    await failRepeatedly(t, '203.0.113.11', 'ada@example.com', 5, T0);
    await failRepeatedly(t, '203.0.113.12', 'bob@example.com', 2, at(100));
    const count = () =>
      db.withTenant(t.id, (tx) =>
        queryRows<{ failures: number; bans: number }>(
          tx,
          sql`select (select count(*) from auth_failures)::int as failures, (select count(*) from guard_bans)::int as bans`,
        ),
      );
    await pruneGuardData(db, t, at(101));
    expect(await count()).toEqual([{ failures: 2, bans: 1 }]);
    await pruneGuardData(db, t, at(24 * 60 + 20));
    expect(await count()).toEqual([{ failures: 0, bans: 0 }]);
  });
});
