import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/client.js';
import { AppError } from '../http/errors.js';

/**
 * A site keeps at least one active administrator: whatever would take `userId` out of that role
 * (erasure, an access review's revocation) asks here first, in its own transaction.
 */
export async function assertAnotherActiveAdmin(tx: Orm, userId: string): Promise<void> {
  const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from users where id <> ${userId} and status = 'active' and 'admin' = any(roles)`);
  if ((row?.n ?? 0) === 0) throw new AppError('USER_LAST_ADMIN', [{ field: 'id', value: userId }]);
}
