import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/client.js';

/**
 * The session settings under which a row's text is the same on PGlite and on a PostgreSQL server:
 * time stamps in UTC and ISO style, intervals in PostgreSQL style, floats in their shortest exact
 * form, bytea in hex. Set on both sides before a checksum is computed.
 */
export const CANONICAL_TEXT_SETTINGS = ["timezone = 'UTC'", "datestyle = 'ISO, YMD'", "intervalstyle = 'postgres'", 'extra_float_digits = 1', "bytea_output = 'hex'"];

/** Sets them for the session, or (`local`) for the current transaction only. */
export async function useCanonicalText(orm: Orm, options: { local?: boolean } = {}): Promise<void> {
  for (const setting of CANONICAL_TEXT_SETTINGS) await orm.execute(sql.raw(`set ${options.local ? 'local ' : ''}${setting}`));
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface TableChecksum {
  table: string;
  rows: number;
  /** md5 over the md5 of each row's text, in the order of those: independent of physical order and of any key. */
  checksum: string;
}

/**
 * Row count and checksum of a table (public schema), computed by the database itself. Each row is
 * turned into its text form (`t::text`, every column by its type's output function) and hashed;
 * the sorted row hashes are hashed again, so neither the order rows were written in nor the
 * table's keys matter, and memory stays at 32 bytes a row.
 */
export async function tableChecksum(orm: Orm, table: string): Promise<TableChecksum> {
  const name = quoted(table);
  const [row] = await queryRows<{ rows: number; checksum: string | null }>(
    orm,
    sql.raw(`select count(*)::int as rows, md5(coalesce(string_agg(h, '' order by h), '')) as checksum from (select md5(t::text) as h from public.${name} t) hashed`),
  );
  return { table, rows: row?.rows ?? 0, checksum: row?.checksum ?? '' };
}
