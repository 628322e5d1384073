import { insertAuditEvent, type AuditEvent } from '../audit/audit.repository.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { settingsOf, type ResolvedTenantSettings } from '../tenancy/tenant-settings.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { addressSubject } from './client-address.js';
import { authFailuresTotal, guardBansTotal } from './guard.metrics.js';
import {
  deleteExpired,
  deleteFailures,
  findActiveBlock,
  insertBan,
  insertFailureAndTally,
  listActiveBans as selectActiveBans,
  lockSubjects,
  markBanLifted,
  type Ban,
  type BanScope,
  type FailureTally,
  type Subject,
} from './intrusion.repository.js';
import { RetryLaterError } from './retry-later.js';

/*
 * Intrusion prevention for every credential check (sign-in, password confirmations, second
 * factors, API tokens, e-mailed links). guardedCredentialCheck() in credential-check.ts is the
 * only caller outside tests (lint enforces it): it asks, verifies, then reports:
 *
 *   await assertNotBlocked(db, tenant, attempt)   // throws AUTH_TOO_MANY_ATTEMPTS (429) while banned
 *   valid ? await recordSuccess(db, tenant, attempt) : await recordFailure(db, tenant, attempt)
 *
 * Rules (thresholds from settingsOf(tenant).intrusion; failures counted over sliding windows):
 * - account from one address: accountIpMaxFailures within accountIpWindowMinutes bans that
 *   account from that address;
 * - one address: ipMaxFailures within ipWindowMinutes, or failures on stuffingMaxAccounts
 *   distinct accounts within stuffingWindowMinutes (credential stuffing), ban the address;
 * - one account from anywhere: accountMaxFailures within accountWindowMinutes (much higher)
 *   slow the account down: while it lasts, each address that fails on the account is stopped
 *   for it. An address with no failure still gets in, so an attacker cannot lock a user out.
 * A ban lasts banMinutes * banGrowthFactor^level, at most banMaxMinutes, where level counts the
 * subject's earlier bans that ended less than 24 hours ago (lifted bans do not count).
 *
 * Nothing here looks at whether an account exists: an unknown account is counted, banned and
 * answered exactly like a real one. Equal timing of the verification itself is the caller's
 * part (verify against a dummy hash for an unknown account).
 *
 * Every ban writes the audit event auth.guard.blocked in the transaction that creates it.
 * Bans apply to credential checks only; the address may still use the rest of the API.
 */

export interface CredentialAttempt {
  /** The client address (request.ip). IPv6 addresses are counted per /64 network. */
  ip: string;
  /** The account name tried (e-mail, user name, token prefix), compared without case; null when the credential names none. */
  account?: string | null;
  /** Which check failed: 'sign-in', 'mfa', 'password-confirmation', 'api-token', 'link-invitation', ... (audit and metrics). */
  endpoint: string;
  userAgent?: string | null;
  /** The request that presented it, for the audit log. */
  requestId?: string | undefined;
  /** The audit event of this failure (address, user agent and request are the attempt's), written with the failure. */
  audit?: Omit<AuditEvent, 'actorIp' | 'userAgent' | 'requestId'>;
}

export interface CreatedBan {
  id: number;
  scope: BanScope;
  reason: BanReason;
  level: number;
  until: Date;
}

export type BanReason = 'account_ip_failures' | 'ip_failures' | 'credential_stuffing' | 'account_failures';

type IntrusionPolicy = ResolvedTenantSettings['intrusion'];

/** How long an ended ban still counts as an earlier offence, raising the next ban's level. */
export const BAN_MEMORY_MS = 24 * 60 * 60_000;
/** A node trusts a ban it has seen for this long before asking the database again (an admin's lift reaches other nodes within it). */
const BLOCK_CACHE_MS = 5_000;
const BLOCK_CACHE_MAX = 10_000;
/** Old failures and forgotten bans are deleted at most this often per tenant and node. */
const PRUNE_INTERVAL_MS = 10 * 60_000;

const minutes = (n: number) => n * 60_000;

export function normaliseAccount(account: string | null | undefined): string | null {
  const name = account?.trim().toLowerCase().slice(0, 254);
  return name ? name : null;
}

function subjectOf(attempt: Pick<CredentialAttempt, 'ip' | 'account'>): Subject {
  return { ip: addressSubject(attempt.ip), account: normaliseAccount(attempt.account) };
}

/** Length of a ban of the given level: banMinutes * growth^level, capped at banMaxMinutes. */
export function banDurationMinutes(policy: IntrusionPolicy, level: number): number {
  return Math.min(policy.banMaxMinutes, policy.banMinutes * policy.banGrowthFactor ** level);
}

/**
 * Bans this node saw recently: a flood of attempts from a banned address is refused from
 * memory instead of one transaction each. Keys: tenant, address, and account ('' for address bans).
 */
const seenBlocks = new Map<string, { until: number; trustUntil: number }>();

const blockKey = (tenantId: string, ip: string, account: string | null) => `${tenantId}\n${ip}\n${account ?? ''}`;

function rememberBlock(key: string, until: Date, now: number): void {
  if (seenBlocks.size >= BLOCK_CACHE_MAX) seenBlocks.clear();
  seenBlocks.set(key, { until: until.getTime(), trustUntil: Math.min(until.getTime(), now + BLOCK_CACHE_MS) });
}

function seenBlock(key: string, now: number): number | undefined {
  const seen = seenBlocks.get(key);
  if (!seen) return undefined;
  if (now < seen.trustUntil) return seen.until;
  seenBlocks.delete(key);
  return undefined;
}

function refuse(until: number, now: number): never {
  throw new RetryLaterError('AUTH_TOO_MANY_ATTEMPTS', (until - now) / 1000);
}

/**
 * Throws AUTH_TOO_MANY_ATTEMPTS (429, with retryAfterSeconds) while a ban stops this attempt.
 * One query, or none when this node saw the ban in the last few seconds. The answer is the
 * same whether or not the account exists.
 */
export async function assertNotBlocked(
  db: Db,
  tenant: Tenant,
  attempt: Pick<CredentialAttempt, 'ip' | 'account'>,
  now: Date = new Date(),
): Promise<void> {
  const subject = subjectOf(attempt);
  const at = now.getTime();
  const ipKey = blockKey(tenant.id, subject.ip, null);
  const fullKey = blockKey(tenant.id, subject.ip, subject.account);
  const seen = seenBlock(ipKey, at) ?? (subject.account === null ? undefined : seenBlock(fullKey, at));
  if (seen !== undefined) refuse(seen, at);

  const block = await db.withTenant(tenant.id, (tx) => findActiveBlock(tx, subject, now));
  if (!block) return;
  rememberBlock(block.scope === 'ip' ? ipKey : fullKey, block.until, at);
  refuse(block.until.getTime(), at);
}

interface PlannedBan {
  scope: BanScope;
  reason: BanReason;
  failures: number;
  windowMinutes: number;
}

/** Which bans a tally calls for: the address first; the account from this address only when the address is not banned. */
function plannedBans(policy: IntrusionPolicy, subject: Subject, tally: FailureTally): PlannedBan[] {
  const planned: PlannedBan[] = [];
  if (!tally.bans.ip.active) {
    if (tally.ipAccounts >= policy.stuffingMaxAccounts) {
      planned.push({ scope: 'ip', reason: 'credential_stuffing', failures: tally.ipAccounts, windowMinutes: policy.stuffingWindowMinutes });
    } else if (tally.ipFailures >= policy.ipMaxFailures) {
      planned.push({ scope: 'ip', reason: 'ip_failures', failures: tally.ipFailures, windowMinutes: policy.ipWindowMinutes });
    }
  }
  if (subject.account === null) return planned;
  const addressBanned = tally.bans.ip.active || planned.length > 0;
  if (!addressBanned && !tally.bans.account_ip.active && tally.accountIpFailures >= policy.accountIpMaxFailures) {
    planned.push({
      scope: 'account_ip',
      reason: 'account_ip_failures',
      failures: tally.accountIpFailures,
      windowMinutes: policy.accountIpWindowMinutes,
    });
  }
  if (!tally.bans.account.active && tally.accountFailures >= policy.accountMaxFailures) {
    planned.push({ scope: 'account', reason: 'account_failures', failures: tally.accountFailures, windowMinutes: policy.accountWindowMinutes });
  }
  return planned;
}

const lastPruned = new Map<string, number>();

function largestWindowMinutes(policy: IntrusionPolicy): number {
  return Math.max(policy.accountIpWindowMinutes, policy.ipWindowMinutes, policy.stuffingWindowMinutes, policy.accountWindowMinutes);
}

/**
 * Records a failed credential check and bans the subject when a threshold is reached (one
 * transaction: lock, insert-and-count, and for a new ban its row and audit event). Returns the
 * bans it created.
 */
export async function recordFailure(db: Db, tenant: Tenant, attempt: CredentialAttempt, now: Date = new Date()): Promise<CreatedBan[]> {
  const policy = settingsOf(tenant).intrusion;
  const subject = subjectOf(attempt);
  const at = now.getTime();
  const prune = at - (lastPruned.get(tenant.id) ?? 0) > PRUNE_INTERVAL_MS;
  if (prune) lastPruned.set(tenant.id, at);

  const created = await db.withTenant(tenant.id, async (tx) => {
    await lockSubjects(tx, [
      `guard\n${tenant.id}\nip\n${subject.ip}`,
      ...(subject.account === null ? [] : [`guard\n${tenant.id}\naccount\n${subject.account}`]),
    ]);
    const tally = await insertFailureAndTally(
      tx,
      { ...subject, endpoint: attempt.endpoint.slice(0, 64), at: now },
      {
        accountIp: new Date(at - minutes(policy.accountIpWindowMinutes)),
        ip: new Date(at - minutes(policy.ipWindowMinutes)),
        stuffing: new Date(at - minutes(policy.stuffingWindowMinutes)),
        account: new Date(at - minutes(policy.accountWindowMinutes)),
        banMemory: new Date(at - BAN_MEMORY_MS),
      },
    );
    if (attempt.audit) await insertAuditEvent(tx, { ...attempt.audit, actorIp: attempt.ip, userAgent: attempt.userAgent ?? null, requestId: attempt.requestId ?? null });
    const bans: CreatedBan[] = [];
    for (const plan of plannedBans(policy, subject, tally)) {
      const level = tally.bans[plan.scope].remembered;
      const until = new Date(at + minutes(banDurationMinutes(policy, level)));
      const ban = await insertBan(tx, {
        scope: plan.scope,
        ip: plan.scope === 'account' ? null : subject.ip,
        account: plan.scope === 'ip' ? null : subject.account,
        reason: plan.reason,
        level,
        createdAt: now,
        until,
      });
      await insertAuditEvent(tx, {
        action: 'auth.guard.blocked',
        actorIp: attempt.ip,
        userAgent: attempt.userAgent ?? null,
        requestId: attempt.requestId ?? null,
        targetType: 'guard_ban',
        targetId: String(ban.id),
        details: {
          scope: ban.scope,
          reason: plan.reason,
          ip: ban.ip,
          account: ban.account,
          level,
          until: until.toISOString(),
          failures: plan.failures,
          windowMinutes: plan.windowMinutes,
          endpoint: attempt.endpoint,
        },
      });
      bans.push({ id: ban.id, scope: plan.scope, reason: plan.reason, level, until });
    }
    if (prune) await deleteExpired(tx, new Date(at - minutes(largestWindowMinutes(policy))), new Date(at - BAN_MEMORY_MS));
    return bans;
  });

  authFailuresTotal.inc({ endpoint: attempt.endpoint });
  for (const ban of created) {
    guardBansTotal.inc({ scope: ban.scope, reason: ban.reason });
    rememberBlock(blockKey(tenant.id, subject.ip, ban.scope === 'ip' ? null : subject.account), ban.until, at);
  }
  return created;
}

/** A successful check ends the account's failure streak from this address (a user who mistyped is not penalised later). */
export async function recordSuccess(db: Db, tenant: Tenant, attempt: Pick<CredentialAttempt, 'ip' | 'account'>): Promise<void> {
  const subject = subjectOf(attempt);
  if (subject.account === null) return;
  await db.withTenant(tenant.id, (tx) => deleteFailures(tx, subject));
}

/** Deletes failures older than the largest window and bans that ended over a day ago; for a periodic job. */
export async function pruneGuardData(db: Db, tenant: Tenant, now: Date = new Date()): Promise<void> {
  const policy = settingsOf(tenant).intrusion;
  await db.withTenant(tenant.id, (tx) =>
    deleteExpired(tx, new Date(now.getTime() - minutes(largestWindowMinutes(policy))), new Date(now.getTime() - BAN_MEMORY_MS)),
  );
}

export interface BanView {
  id: number;
  scope: BanScope;
  ip: string | null;
  account: string | null;
  reason: string;
  level: number;
  createdAt: Date;
  until: Date;
}

const ACTIVE_BANS_SHOWN = 500;

/** The tenant's running bans, newest first (at most 500). */
export async function listActiveBans(db: Db, tenant: Tenant, now: Date = new Date()): Promise<BanView[]> {
  const bans = await db.withTenant(tenant.id, (tx) => selectActiveBans(tx, now, ACTIVE_BANS_SHOWN));
  return bans.map(banView);
}

function banView(ban: Ban): BanView {
  const { id, scope, ip, account, reason, level, createdAt, until } = ban;
  return { id, scope, ip, account, reason, level, createdAt, until };
}

/**
 * Ends a running ban (an administrator's decision) and forgets the failures behind it, so the
 * next mistake does not ban again at once. Lifted bans do not raise the level of later ones.
 */
export async function liftBan(
  db: Db,
  tenant: Tenant,
  banId: number,
  actor: { userId: string; ip: string; userAgent?: string | null },
  now: Date = new Date(),
): Promise<BanView> {
  const ban = await db.withTenant(tenant.id, async (tx) => {
    const lifted = await markBanLifted(tx, banId, actor.userId, now);
    if (!lifted) throw new AppError('GUARD_BAN_NOT_FOUND');
    await deleteFailures(tx, { ip: lifted.scope === 'account' ? null : lifted.ip, account: lifted.scope === 'ip' ? null : lifted.account });
    await insertAuditEvent(tx, {
      action: 'auth.guard.ban_lifted',
      actorUserId: actor.userId,
      actorIp: actor.ip,
      userAgent: actor.userAgent ?? null,
      targetType: 'guard_ban',
      targetId: String(lifted.id),
      details: { scope: lifted.scope, reason: lifted.reason, ip: lifted.ip, account: lifted.account, until: lifted.until.toISOString() },
    });
    return lifted;
  });
  // This node forgets what it saw at once; other nodes within BLOCK_CACHE_MS.
  seenBlocks.clear();
  return banView(ban);
}
