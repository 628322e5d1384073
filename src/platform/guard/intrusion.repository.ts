import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/client.js';
import { qualified } from '../db/qualified.js';
import { authFailures, guardBans } from './guard.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type BanScope = 'ip' | 'account_ip' | 'account';
export const BAN_SCOPES: readonly BanScope[] = ['ip', 'account_ip', 'account'];

/** Who is trying: the client address subject (see addressSubject) and the account name tried, if any. */
export interface Subject {
  ip: string;
  account: string | null;
}

export type Ban = typeof guardBans.$inferSelect;

export interface ActiveBlock {
  id: number;
  scope: BanScope;
  until: Date;
}

/**
 * The active ban that stops this subject, if any (the one lasting longest): a ban of its
 * address, of the account from its address, or an account-wide slowdown. A slowdown stops
 * only addresses that already failed on the account since it began, so a user at a fresh
 * address still gets in while the account is under attack from many addresses.
 */
export async function findActiveBlock(tx: Orm, subject: Subject, now: Date): Promise<ActiveBlock | undefined> {
  const { ip, account } = subject;
  const rows = await tx
    .select({ id: guardBans.id, scope: guardBans.scope, until: guardBans.until })
    .from(guardBans)
    .where(
      and(
        isNull(guardBans.liftedAt),
        gt(guardBans.until, now),
        or(
          and(eq(guardBans.scope, 'ip'), eq(guardBans.ip, ip)),
          account === null ? undefined : and(eq(guardBans.scope, 'account_ip'), eq(guardBans.ip, ip), eq(guardBans.account, account)),
          account === null
            ? undefined
            : and(
                eq(guardBans.scope, 'account'),
                eq(guardBans.account, account),
                sql`exists (select 1 from ${authFailures} f where f.account = ${account} and f.ip = ${ip} and f.occurred_at >= ${qualified(guardBans.createdAt)})`,
              ),
        ),
      ),
    )
    .orderBy(desc(guardBans.until))
    .limit(1);
  return rows[0];
}

/**
 * Serialises failure accounting per address and per account across nodes until the end of the
 * transaction, so two simultaneous failures cannot both see "no ban yet" and ban twice.
 * Addresses are always locked before accounts, so two transactions never wait on each other in a circle.
 */
export async function lockSubjects(tx: Orm, keys: string[]): Promise<void> {
  const locks = keys.map((key) => sql`pg_advisory_xact_lock(hashtextextended(${key}, 0))::text`);
  await queryRows(tx, sql`select ${sql.join(locks, sql`, `)}`);
}

export interface Windows {
  accountIp: Date;
  ip: Date;
  stuffing: Date;
  account: Date;
  /** Bans that ended after this count as earlier offences (their number is the next ban's level). */
  banMemory: Date;
}

export interface FailureTally {
  /** Failures of this account from this address within the account+address window. */
  accountIpFailures: number;
  /** Failures from this address within the address window. */
  ipFailures: number;
  /** Distinct accounts that failed from this address within the stuffing window. */
  ipAccounts: number;
  /** Failures of this account from any address within the account window. */
  accountFailures: number;
  /** Per scope: whether a ban of this subject is running, and how many were remembered (running included). */
  bans: Record<BanScope, { active: boolean; remembered: number }>;
}

interface TallyRow {
  account_ip_failures: number;
  ip_failures: number;
  ip_accounts: number;
  account_failures: number;
  ip_bans: number;
  ip_banned: boolean;
  account_ip_bans: number;
  account_ip_banned: boolean;
  account_bans: number;
  account_banned: boolean;
}

const earliest = (...dates: Date[]) => new Date(Math.min(...dates.map((d) => d.getTime())));

/**
 * Records one failure and, in the same statement, counts what the ban rules look at: the
 * failures in each sliding window (this one included) and the subject's running and
 * remembered bans.
 */
export async function insertFailureAndTally(
  tx: Orm,
  failure: Subject & { endpoint: string; at: Date },
  since: Windows,
): Promise<FailureTally> {
  const { ip, account, endpoint } = failure;
  const at = failure.at.toISOString();
  const ipOldest = earliest(since.accountIp, since.ip, since.stuffing).toISOString();
  const accountOldest = earliest(since.accountIp, since.account).toISOString();
  const [row] = await queryRows<TallyRow>(
    tx,
    sql`with inserted as (
          insert into ${authFailures} (ip, account, endpoint, occurred_at)
          values (${ip}, ${account}, ${endpoint}, ${at}::timestamptz)
          returning ip, account, occurred_at
        ), recent as (
          select ip, account, occurred_at from ${authFailures}
          where (ip = ${ip} and occurred_at > ${ipOldest}::timestamptz)
             or (account = ${account} and occurred_at > ${accountOldest}::timestamptz)
          union all
          select ip, account, occurred_at from inserted
        ), bans as (
          select scope, until from ${guardBans}
          where lifted_at is null and until > ${since.banMemory.toISOString()}::timestamptz
            and ((scope = 'ip' and ip = ${ip})
              or (scope = 'account_ip' and ip = ${ip} and account = ${account})
              or (scope = 'account' and account = ${account}))
        )
        select
          (select count(*) from recent where ip = ${ip} and account = ${account} and occurred_at > ${since.accountIp.toISOString()}::timestamptz)::int as account_ip_failures,
          (select count(*) from recent where ip = ${ip} and occurred_at > ${since.ip.toISOString()}::timestamptz)::int as ip_failures,
          (select count(distinct account) from recent where ip = ${ip} and occurred_at > ${since.stuffing.toISOString()}::timestamptz)::int as ip_accounts,
          (select count(*) from recent where account = ${account} and occurred_at > ${since.account.toISOString()}::timestamptz)::int as account_failures,
          (select count(*) from bans where scope = 'ip')::int as ip_bans,
          (select coalesce(bool_or(until > ${at}::timestamptz), false) from bans where scope = 'ip') as ip_banned,
          (select count(*) from bans where scope = 'account_ip')::int as account_ip_bans,
          (select coalesce(bool_or(until > ${at}::timestamptz), false) from bans where scope = 'account_ip') as account_ip_banned,
          (select count(*) from bans where scope = 'account')::int as account_bans,
          (select coalesce(bool_or(until > ${at}::timestamptz), false) from bans where scope = 'account') as account_banned`,
  );
  if (!row) throw new Error('failure tally returned no row');
  return {
    accountIpFailures: row.account_ip_failures,
    ipFailures: row.ip_failures,
    ipAccounts: row.ip_accounts,
    accountFailures: row.account_failures,
    bans: {
      ip: { active: row.ip_banned, remembered: row.ip_bans },
      account_ip: { active: row.account_ip_banned, remembered: row.account_ip_bans },
      account: { active: row.account_banned, remembered: row.account_bans },
    },
  };
}

export async function insertBan(
  tx: Orm,
  ban: { scope: BanScope; ip: string | null; account: string | null; reason: string; level: number; createdAt: Date; until: Date },
): Promise<Ban> {
  const [row] = await tx.insert(guardBans).values(ban).returning();
  if (!row) throw new Error('insert into guard_bans returned no row');
  return row;
}

/** Forgets failures: of an account from an address, of an address, or of an account (whichever are given). */
export async function deleteFailures(tx: Orm, subject: { ip?: string | null; account?: string | null }): Promise<void> {
  const conditions = [
    ...(subject.ip ? [eq(authFailures.ip, subject.ip)] : []),
    ...(subject.account ? [eq(authFailures.account, subject.account)] : []),
  ];
  if (conditions.length === 0) return;
  await tx.delete(authFailures).where(and(...conditions));
}

export async function listActiveBans(tx: Orm, now: Date, limit: number): Promise<Ban[]> {
  return tx
    .select()
    .from(guardBans)
    .where(and(isNull(guardBans.liftedAt), gt(guardBans.until, now)))
    .orderBy(desc(guardBans.createdAt), desc(guardBans.id))
    .limit(limit);
}

/** Ends an active ban early; undefined when there is no such active ban. */
export async function markBanLifted(tx: Orm, id: number, liftedBy: string, now: Date): Promise<Ban | undefined> {
  const [row] = await tx
    .update(guardBans)
    .set({ liftedAt: now, liftedBy })
    .where(and(eq(guardBans.id, id), isNull(guardBans.liftedAt), gt(guardBans.until, now)))
    .returning();
  return row;
}

/** Deletes failures no window looks at any more and bans no one remembers. */
export async function deleteExpired(tx: Orm, failuresBefore: Date, bansBefore: Date): Promise<void> {
  await tx.delete(authFailures).where(lt(authFailures.occurredAt, failuresBefore));
  await tx.delete(guardBans).where(lt(guardBans.until, bansBefore));
}
