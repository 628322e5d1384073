import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { errorMessage, withTimeout, type CheckResult } from '../check.js';

export const DATABASE_COMPONENT = 'database';

/** Whether the database answers a query, and how fast. `up` 0 when it does not answer within `timeoutMs`. */
export async function checkDatabase(db: Db, timeoutMs = 5000): Promise<CheckResult> {
  const started = performance.now();
  try {
    await withTimeout(db.owner.execute(sql`select 1`), timeoutMs, 'the database');
    const latency = Math.round(performance.now() - started);
    return { component: DATABASE_COMPONENT, status: 'ok', values: { up: 1, latency_ms: latency }, message: `answered in ${latency} ms (${db.kind})` };
  } catch (error) {
    return { component: DATABASE_COMPONENT, status: 'critical', values: { up: 0 }, message: `no answer: ${errorMessage(error)}` };
  }
}
