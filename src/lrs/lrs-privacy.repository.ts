import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../platform/db/index.js';

/** The xAPI statements whose actor is the person (the account named by their user id, as launches record it). */
export async function statementsAboutUser(tx: Orm, userId: string): Promise<Record<string, unknown>[]> {
  return queryRows(tx, sql`select statement from xapi_statements where statement->'actor'->'account'->>'name' = ${userId} order by stored, seq`);
}
