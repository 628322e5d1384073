import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The staff grant a request runs under (access/staff), for every tenant transaction the request
 * opens: withTenant() puts it in the transaction-local setting `lectern.staff_grant_id`, and the
 * audit trigger books what the staff member changes under exactly that grant (not under another
 * grant of theirs that runs at the same time, and still when the grant ends mid-request).
 */
const scope = new AsyncLocalStorage<string>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs `work` (and everything it starts) under the staff grant `grantId`. */
export function runUnderStaffGrant<T>(grantId: string, work: () => T): T {
  if (!UUID.test(grantId)) throw new Error('runUnderStaffGrant: the grant id is not a UUID');
  return scope.run(grantId, work);
}

/** The staff grant the current request runs under, if any (always a UUID). */
export function currentStaffGrantId(): string | undefined {
  return scope.getStore();
}
