/**
 * The stored times of statement writes still in flight on this node. A reader may not yet see a
 * statement whose transaction has not committed, so `X-Experience-API-Consistent-Through` is the
 * oldest of these (or now, when none is in flight). Several nodes each know only their own writes:
 * docs/lrs.md says what that means behind a load balancer.
 */
const inFlight = new Map<number, Date>();
let next = 0;

export async function duringIngest<T>(stored: Date, work: () => Promise<T>): Promise<T> {
  const id = next++;
  inFlight.set(id, stored);
  try {
    return await work();
  } finally {
    inFlight.delete(id);
  }
}

export function consistentThrough(now = new Date()): Date {
  let oldest = now;
  for (const stored of inFlight.values()) if (stored < oldest) oldest = new Date(stored.getTime() - 1);
  return oldest;
}
