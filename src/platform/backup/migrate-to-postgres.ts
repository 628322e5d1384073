import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Orm } from '../db/client.js';
import { migrationStatus, runMigrations } from '../db/migrate.js';
import { tableChecksum, useCanonicalText, type TableChecksum } from './table-checksum.js';

/*
 * Moves an embedded installation's database to a PostgreSQL server: the target gets the schema
 * from the migrations, then every table's rows in one transaction, and each table is verified by
 * its row count and a checksum computed by both engines the same way.
 */

/** Rows per batch read from the embedded database and written to the server. */
const BATCH_ROWS = 500;

export class TargetNotEmptyError extends Error {
  constructor(readonly tables: string[]) {
    super(
      `the target database already has tables (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}): migrate into a new, empty database (createdb lectern), so nothing there is overwritten`,
    );
    this.name = 'TargetNotEmptyError';
  }
}

export class TargetPrivilegeError extends Error {
  constructor(reason: string) {
    super(
      `the target connection may not switch off triggers for the copy (${reason}): connect as a superuser (e.g. postgres), or as a role allowed to set session_replication_role, for the migration; the server can use another role afterwards`,
    );
    this.name = 'TargetPrivilegeError';
  }
}

export interface TableResult {
  table: string;
  source: TableChecksum;
  target: TableChecksum;
  ok: boolean;
}

export interface MigrationReport {
  tables: TableResult[];
  ok: boolean;
  sequences: number;
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function publicTables(orm: Orm): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    orm,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`,
  );
  return rows.map((row) => row.name);
}

/** Tables in an order where each comes after the tables it refers to (self-references aside); cycles keep their name order. */
async function foreignKeyOrder(orm: Orm, tables: string[]): Promise<string[]> {
  const edges = await queryRows<{ child: string; parent: string }>(
    orm,
    sql`select c.relname as child, p.relname as parent from pg_constraint k
        join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
        join pg_namespace n on n.oid = c.relnamespace
        where k.contype = 'f' and n.nspname = 'public' and c.oid <> p.oid`,
  );
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const edge of edges) parents.get(edge.child)?.add(edge.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p) || !parents.has(p)));
    // A cycle: take the first remaining table; the copy runs with triggers (and so foreign-key checks) off anyway.
    const next = ready.length > 0 ? ready : [tables.find((t) => !placed.has(t))!];
    for (const table of next) {
      ordered.push(table);
      placed.add(table);
    }
  }
  return ordered;
}

/** Columns the copy writes: all but generated ones. */
export async function writableColumns(orm: Orm, table: string): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    orm,
    sql`select a.attname as name from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relname = ${table} and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' order by a.attnum`,
  );
  return rows.map((row) => row.name);
}

/** Refuses a target that has any table of its own (in any schema but the system's). */
export async function assertEmptyTarget(target: Db): Promise<void> {
  const rows = await queryRows<{ name: string }>(
    target.owner,
    sql`select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' order by 1`,
  );
  if (rows.length > 0) throw new TargetNotEmptyError(rows.map((row) => row.name));
}

/**
 * Inside the caller's transaction: when the connection's role does not bypass row-level security,
 * lifts FORCE ROW LEVEL SECURITY from the tables that have it, so the owner sees and writes every
 * row. Answers the tables, to force again before a commit (a rollback restores them by itself).
 */
async function liftForcedRowSecurity(conn: Orm): Promise<string[]> {
  const [role] = await queryRows<{ bypass: boolean }>(conn, sql`select rolsuper or rolbypassrls as bypass from pg_roles where rolname = current_user`);
  if (role?.bypass) return [];
  const forced = (
    await queryRows<{ name: string }>(conn, sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relforcerowsecurity`)
  ).map((row) => row.name);
  for (const table of forced) await conn.execute(sql.raw(`alter table public.${quoted(table)} no force row level security`));
  return forced;
}

/** Before anything is written: the copy needs session_replication_role (superuser, or GRANT SET ON PARAMETER). */
async function assertMaySwitchOffTriggers(target: Db): Promise<void> {
  await target.withConnection(async (conn) => {
    await conn.execute(sql`begin`);
    try {
      await conn.execute(sql`set local session_replication_role = replica`);
    } catch (error) {
      throw new TargetPrivilegeError((error as Error).message);
    } finally {
      await conn.execute(sql`rollback`);
    }
  });
}

/**
 * Copies every row of the embedded database `source` into the empty PostgreSQL database `target`
 * and verifies each table. The target is migrated first (same migrations as the source), then,
 * in one transaction on one connection: triggers and foreign-key checks off
 * (session_replication_role = replica, so append-only guards do not refuse the copy and rows
 * may arrive in any order), forced row-level security lifted for the owner when it does not bypass
 * it anyway, the rows the migrations seeded removed, every table copied in batches as JSON (every
 * type goes through its own text form, so nothing is rounded), the sequences set to the source's.
 * Then, committed, each table's count and checksum is compared.
 */
export async function migrateToPostgres(source: Db, target: Db, options: { onTable?: (table: string, rows: number) => void } = {}): Promise<MigrationReport> {
  if (source.kind !== 'pglite') throw new Error('the source must be the embedded database');
  if (target.kind !== 'postgres') throw new Error('the target must be a PostgreSQL server');
  await assertEmptyTarget(target);
  await assertMaySwitchOffTriggers(target);
  await runMigrations(target);
  const [from, to] = [await migrationStatus(source), await migrationStatus(target)];
  if (from.applied !== to.applied) throw new Error(`the embedded database has ${from.applied} migrations applied, the target ${to.applied}: run this version of lectern against both`);

  const tables = await foreignKeyOrder(target.owner, await publicTables(source.owner));
  const targetTables = new Set(await publicTables(target.owner));
  const missing = tables.filter((table) => !targetTables.has(table));
  if (missing.length > 0) throw new Error(`the target lacks tables the embedded database has: ${missing.join(', ')}`);

  let sequences = 0;
  await target.withConnection(async (conn) => {
    await conn.execute(sql`begin`);
    try {
      try {
        await conn.execute(sql`set local session_replication_role = replica`);
      } catch (error) {
        throw new TargetPrivilegeError((error as Error).message);
      }
      const forced = await liftForcedRowSecurity(conn);

      for (const table of [...tables].reverse()) await conn.execute(sql.raw(`delete from public.${quoted(table)}`));
      for (const table of tables) {
        const copied = await copyTable(source, conn, table, (await writableColumns(conn, table)).map(quoted).join(', '));
        options.onTable?.(table, copied);
      }
      for (const table of forced) await conn.execute(sql.raw(`alter table public.${quoted(table)} force row level security`));

      const owned = await queryRows<{ name: string }>(
        source.owner,
        sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'S' order by 1`,
      );
      for (const { name } of owned) {
        const [state] = await queryRows<{ last_value: string; is_called: boolean }>(source.owner, sql.raw(`select last_value::text, is_called from public.${quoted(name)}`));
        if (!state) continue;
        await conn.execute(sql`select setval(${`public.${quoted(name)}`}::regclass, ${state.last_value}::bigint, ${state.is_called})`);
        sequences++;
      }
      await conn.execute(sql`commit`);
    } catch (error) {
      await conn.execute(sql`rollback`).catch(() => undefined);
      throw error;
    }
  });

  await useCanonicalText(source.owner);
  const results = await target.withConnection(async (conn) => {
    // In a transaction that is rolled back: forced row-level security is lifted only for the reading.
    await conn.execute(sql`begin`);
    try {
      await liftForcedRowSecurity(conn);
      await useCanonicalText(conn, { local: true });
      const out: TableResult[] = [];
      for (const table of [...tables].sort()) {
        const [s, t] = [await tableChecksum(source.owner, table), await tableChecksum(conn, table)];
        out.push({ table, source: s, target: t, ok: s.rows === t.rows && s.checksum === t.checksum });
      }
      return out;
    } finally {
      await conn.execute(sql`rollback`);
    }
  });
  return { tables: results, ok: results.every((result) => result.ok), sequences };
}

/** Copies one table in batches: read as JSON text from the embedded database (through a cursor), written with json_populate_recordset. */
export async function copyTable(source: Db, conn: Orm, table: string, columns: string): Promise<number> {
  let copied = 0;
  await source.owner.transaction(async (tx) => {
    await tx.execute(sql.raw(`declare lectern_copy no scroll cursor for select row_to_json(t)::text as row from public.${quoted(table)} t`));
    for (;;) {
      const rows = await queryRows<{ row: string }>(tx, sql.raw(`fetch ${BATCH_ROWS} from lectern_copy`));
      if (rows.length === 0) break;
      const batch = `[${rows.map((r) => r.row).join(',')}]`;
      const name = sql.raw(`public.${quoted(table)}`);
      const list = sql.raw(columns);
      await conn.execute(sql`insert into ${name} (${list}) overriding system value select ${list} from json_populate_recordset(null::${name}, ${batch}::json)`);
      copied += rows.length;
    }
    await tx.execute(sql`close lectern_copy`);
  });
  return copied;
}
