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

/**
 * The one call a credential endpoint makes: refuses while a ban applies (AUTH_TOO_MANY_ATTEMPTS,
 * 429 with Retry-After), otherwise runs `verify` and records its outcome. Resolves to what
 * `verify` said. `verify` must take the same time for an unknown account as for a wrong
 * secret (verify against a dummy hash); everything here treats both alike. An error thrown by
 * `verify` is passed on and counted as neither success nor failure.
 */
export async function guardedCredentialCheck(
  db: Db,
  tenant: Tenant,
  attempt: CredentialAttempt,
  verify: () => Promise<boolean>,
): Promise<boolean> {
  return oneAtATime(`${tenant.id}\n${addressSubject(attempt.ip)}`, async () => {
    await assertNotBlocked(db, tenant, attempt);
    const valid = await verify();
    if (valid) await recordSuccess(db, tenant, attempt);
    else await recordFailure(db, tenant, attempt);
    return valid;
  });
}
