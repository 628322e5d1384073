import { sql } from 'drizzle-orm';
import type { Orm } from './client.js';

/**
 * Takes the right to make temporary tables from every role but the database's owner: requests
 * need none (Lectern makes none), and one made on a pooled connection would outlive its request
 * and shadow a table of the same name for the next requests, of any site, on that connection. A
 * database-wide right, not part of the schema (a copy or a restored dump of the database does not
 * keep it), so it is taken at every start, after the migrations. A migrating user that does not
 * own the database leaves the default.
 */
export async function refuseTemporaryTables(orm: Orm): Promise<void> {
  await orm.execute(sql`DO $$
BEGIN
  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'temporary tables stay allowed to every role: the migrating user does not own the database';
END
$$`);
}
