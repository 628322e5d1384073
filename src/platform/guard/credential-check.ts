import type { Db } from '../db/client.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { addressSubject } from './client-address.js';
import { assertNotBlocked, recordFailure, recordSuccess, type CredentialAttempt } from './intrusion.service.js';
import { RetryLaterError } from './retry-later.js';

/** Attempts from one address beyond this many waiting are refused at once (a client holding dozens of requests open). */
const MAX_WAITING_PER_ADDRESS = 64;

/**
 * Attempts from one address run one after the other (per tenant, on this node). Two effects:
 * a client sending many attempts in parallel, as password-guessing tools do, is stopped after
 * exactly the configured number of failures, not that number plus its parallelism; and one
 * address cannot occupy every password-hashing thread while other users wait.
 */
const queues = new Map<string, { tail: Promise<void>; waiting: number }>();

async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const queue = queues.get(key) ?? { tail: Promise.resolve(), waiting: 0 };
  if (queue.waiting >= MAX_WAITING_PER_ADDRESS) throw new RetryLaterError('AUTH_TOO_MANY_ATTEMPTS', 1);
  queues.set(key, queue);
  const previous = queue.tail;
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  queue.tail = mine;
  queue.waiting += 1;
  try {
    await previous;
    return await work();
  } finally {
    queue.waiting -= 1;
    if (queue.waiting === 0) queues.delete(key);
    release();
  }
}

/** The audit event of a refused credential; the address and user agent come from the attempt. */
export type FailureAudit = NonNullable<CredentialAttempt['audit']>;

/**
 * What a verification found: the credential's value (a user, a token), or a refusal.
 * `endsStreak`: whether the success ends the failure streak of the account from this address
 * (a user who mistyped is not penalised later). Only a complete credential may: a right password
 * must not wipe out the count of wrong second factors before it.
 */
export type CredentialVerdict<T> = { accepted: true; value: T; endsStreak: boolean } | { accepted: false; refusal: CredentialRefusal };

export interface CredentialRefusal {
  /** What the caller is answered (an AppError, or an area's own refusal such as the LRS's). */
  error: Error;
  /** Which check failed, when not the attempt's endpoint (a wrong second factor after a right password). */
  endpoint?: string;
  /** Written in the transaction that counts the failure. */
  audit?: FailureAudit;
}

export const accept = <T>(value: T, options: { endsStreak: boolean } = { endsStreak: true }): CredentialVerdict<T> => ({
  accepted: true,
  value,
  endsStreak: options.endsStreak,
});
export const refuse = (refusal: CredentialRefusal): CredentialVerdict<never> => ({ accepted: false, refusal });

/**
 * The one way a credential is checked (passwords, second factors, API tokens, e-mailed links):
 * refuses while a ban applies (AUTH_TOO_MANY_ATTEMPTS, 429 with Retry-After), otherwise runs
 * `verify`, and records its outcome: a refusal is counted (bans follow), audited, and thrown as
 * its error; an acceptance resolves to its value (and ends the failure streak if it says so).
 *
 * `verify` must take the same time for an unknown account as for a wrong secret (verify against
 * a dummy hash). An error thrown by `verify` is passed on and counted as neither success nor
 * failure: a right password with the second factor still missing, for instance, must neither
 * add to the failures nor wipe them out.
 */
export async function guardedCredentialCheck<T>(
  db: Db,
  tenant: Tenant,
  attempt: Omit<CredentialAttempt, 'audit'>,
  verify: () => Promise<CredentialVerdict<T>>,
): Promise<T> {
  return oneAtATime(`${tenant.id}\n${addressSubject(attempt.ip)}`, async () => {
    await assertNotBlocked(db, tenant, attempt);
    const verdict = await verify();
    if (verdict.accepted) {
      if (verdict.endsStreak) await recordSuccess(db, tenant, attempt);
      return verdict.value;
    }
    const { error, endpoint, audit } = verdict.refusal;
    await recordFailure(db, tenant, { ...attempt, endpoint: endpoint ?? attempt.endpoint, ...(audit ? { audit } : {}) });
    throw error;
  });
}
