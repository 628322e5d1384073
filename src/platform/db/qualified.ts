import { getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * A column written as "table"."column" in whatever query it ends up in. Drizzle leaves columns
 * unqualified in the select list of a one-table query, so inside a correlated subquery
 * (`(select … from other o where o.x = ${table.id})`) the name binds to the subquery's own table
 * when that has a column of the same name — a check that is then always true.
 */
export function qualified(column: PgColumn): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}
