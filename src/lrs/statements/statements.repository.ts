import { sql, type SQL } from 'drizzle-orm';
import { queryPreparedRows, queryRows, type Orm } from '../../platform/db/index.js';
import type { StatementTerm } from './statement-terms.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export interface StoredStatementRow {
  id: string;
  statement: Record<string, unknown>;
  voided: boolean;
  stored: Date;
  seq: number;
  authorityKey: string;
}

interface RawRow {
  id: string;
  statement: Record<string, unknown> | string;
  voided: boolean;
  stored: Date | string;
  seq: number | string;
  authority_key: string;
}

const rowOf = (row: RawRow): StoredStatementRow => ({
  id: row.id,
  statement: typeof row.statement === 'string' ? (JSON.parse(row.statement) as Record<string, unknown>) : row.statement,
  voided: row.voided,
  stored: row.stored instanceof Date ? row.stored : new Date(row.stored),
  seq: Number(row.seq),
  authorityKey: row.authority_key,
});

export async function findStatementsByIds(tx: Orm, ids: string[]): Promise<StoredStatementRow[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<RawRow>(tx, sql`select id, statement, voided, stored, seq, authority_key from xapi_statements where id = any(${sql.param(ids)}::uuid[])`);
  return rows.map(rowOf);
}

export interface NewStatementRow {
  id: string;
  stored: Date;
  targetId: string | null;
  authorityKey: string;
  statement: Record<string, unknown>;
  terms: StatementTerm[];
}

/** The merge of a stored definition (`a`) and a newer word on it (`b`): the newer wins per property, the languages of name and description add up. */
const mergedDefinitionSql = (a: SQL, b: SQL) =>
  sql`${a} || ${b} || jsonb_strip_nulls(jsonb_build_object(
        'name', case when ${a} ? 'name' and ${b} ? 'name' then (${a} -> 'name') || (${b} -> 'name') end,
        'description', case when ${a} ? 'description' and ${b} ? 'description' then (${a} -> 'description') || (${b} -> 'description') end))`;

/**
 * Stores statements, their terms and what they add to the definitions of activities (GET
 * /xapi/activities) in one SQL statement, one round trip whatever the batch's size:
 *
 * - the statements travel as one JSON array (parsed once by the database; no array literal of
 *   escaped JSON), the terms as three parallel arrays joined to the inserted rows for their `seq`;
 * - a definition is written only when it adds something to the stored one (most statements repeat
 *   their activity's definition word for word: those take no row lock, so concurrent batches about
 *   one course do not queue behind each other); the latest word wins per property, with the
 *   languages of name and description merged, and the database merges again on conflict, for a
 *   definition another request changed meanwhile.
 *
 * A named prepared statement: each pooled connection plans it once.
 */
export async function insertStatements(tx: Orm, rows: NewStatementRow[], definitions: ReadonlyMap<string, unknown> = new Map()): Promise<void> {
  if (rows.length === 0) return;
  const statements = JSON.stringify(rows.map((r) => ({ id: r.id, stored: r.stored.toISOString(), target_id: r.targetId, authority_key: r.authorityKey, statement: r.statement })));
  const termIds: string[] = [];
  const termKeys: string[] = [];
  const termRelated: boolean[] = [];
  for (const row of rows) {
    for (const term of row.terms) {
      termIds.push(row.id);
      termKeys.push(term.key);
      termRelated.push(term.related);
    }
  }
  const words = JSON.stringify([...definitions].map(([activity_id, definition]) => ({ activity_id, definition })));
  await queryPreparedRows(
    tx,
    'lrs_insert_statements',
    sql`with sent as (
          select * from jsonb_to_recordset(${statements}::jsonb) as r(id uuid, stored timestamptz, target_id uuid, authority_key text, statement jsonb)
        ), inserted as (
          insert into xapi_statements (id, stored, target_id, authority_key, statement)
          select id, stored, target_id, authority_key, statement from sent
          returning id, seq, stored
        ), terms as (
          insert into xapi_statement_terms (term_key, related, stored, seq)
          select t.term_key, t.related, i.stored, i.seq
          from unnest(${sql.param(termIds)}::uuid[], ${sql.param(termKeys)}::uuid[], ${sql.param(termRelated)}::boolean[]) as t(statement_id, term_key, related)
          join inserted i on i.id = t.statement_id
        ), words as (
          select w.activity_id, w.definition from jsonb_to_recordset(${words}::jsonb) as w(activity_id text, definition jsonb)
          left join xapi_activities a on a.activity_id = w.activity_id
          where a.definition is null or ${mergedDefinitionSql(sql`a.definition`, sql`w.definition`)} <> a.definition
        )
        insert into xapi_activities (activity_id, definition)
        select activity_id, definition from words
        on conflict (tenant_id, activity_id) do update
        set definition = ${mergedDefinitionSql(sql`xapi_activities.definition`, sql`excluded.definition`)}, updated_at = now()`,
  );
}

export async function markVoided(tx: Orm, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`update xapi_statements set voided = true where id = any(${sql.param(ids)}::uuid[])`);
}

export interface StatementFilter {
  /** Terms a statement must have (each: key and whether the broad form counts). The first drives the query. */
  terms: StatementTerm[];
  since?: Date | undefined;
  until?: Date | undefined;
  /** Only statements stored with this authority (`statements/read/mine`). */
  authorityKey?: string | undefined;
  ascending: boolean;
  /** The position after which the page starts (`more`). */
  after?: { stored: Date; seq: number } | undefined;
  limit: number;
}

/**
 * A page of statements (voided ones left out) in `stored` order, newest first unless ascending.
 * With terms, the first term's rows drive the query in index order (an index-only scan) and the
 * others are probed by their primary key, the statements found by their `stored` index; without
 * terms, the statements' own index does.
 */
export async function queryStatements(tx: Orm, filter: StatementFilter): Promise<StoredStatementRow[]> {
  const [first, ...rest] = filter.terms;
  const order = (stored: SQL, seq: SQL) => (filter.ascending ? sql`${stored} asc, ${seq} asc` : sql`${stored} desc, ${seq} desc`);
  const columns = sql`s.id, s.statement, s.voided, s.stored, s.seq, s.authority_key`;
  const conditions: SQL[] = [sql`not s.voided`];
  if (filter.authorityKey !== undefined) conditions.push(sql`s.authority_key = ${filter.authorityKey}`);
  const at = first ? sql`d` : sql`s`;
  for (const { key, related } of rest) {
    // A broad term is probed for both of its rows (two probes of the primary key).
    const kinds = related ? sql`t.related = any(array[false, true])` : sql`not t.related`;
    conditions.push(sql`exists (select 1 from xapi_statement_terms t where t.tenant_id = ${at}.tenant_id and t.term_key = ${key}::uuid and ${kinds} and t.stored = ${at}.stored and t.seq = ${at}.seq)`);
  }
  let source: SQL;
  if (!first) {
    source = sql`xapi_statements s`;
    conditions.push(...placeConditions(filter, sql`s.stored`, sql`s.seq`));
  } else if (!first.related) {
    // Joined by (stored, seq), which the terms' primary key holds: the terms are read from their index alone, not from their table.
    source = sql`xapi_statement_terms d join xapi_statements s on s.tenant_id = d.tenant_id and s.stored = d.stored and s.seq = d.seq`;
    conditions.push(sql`d.term_key = ${first.key}::uuid and not d.related`, ...placeConditions(filter, sql`d.stored`, sql`d.seq`));
  } else {
    // The broad form reads the key's plain and broad rows (a statement has one row per key): two
    // ordered index scans, merged. Each statement is looked up per row (offset 0 keeps the lookup
    // from being flattened into a join, which PostgreSQL would plan as a hash of the whole table).
    const kind = (related: boolean) =>
      sql`(select tenant_id, stored, seq from xapi_statement_terms where ${sql.join([sql`term_key = ${first.key}::uuid`, sql`related = ${related}`, ...placeConditions(filter, sql`stored`, sql`seq`)], sql` and `)} order by ${order(sql`stored`, sql`seq`)})`;
    source = sql`(${kind(false)} union all ${kind(true)}) d
      cross join lateral (select ${columns} from xapi_statements s where s.tenant_id = d.tenant_id and s.stored = d.stored and s.seq = d.seq offset 0) s`;
  }
  const rows = await queryRows<RawRow>(tx, sql`select ${columns} from ${source} where ${sql.join(conditions, sql` and `)} order by ${order(sql`${at}.stored`, sql`${at}.seq`)} limit ${filter.limit}`);
  return rows.map(rowOf);
}

/** Conditions on a row's place in `stored` order: since, until, and where the page starts. */
function placeConditions(filter: StatementFilter, stored: SQL, seq: SQL): SQL[] {
  const conditions: SQL[] = [];
  if (filter.since) conditions.push(sql`${stored} > ${filter.since.toISOString()}::timestamptz`);
  if (filter.until) conditions.push(sql`${stored} <= ${filter.until.toISOString()}::timestamptz`);
  if (filter.after) {
    const position = sql`(${filter.after.stored.toISOString()}::timestamptz, ${filter.after.seq}::bigint)`;
    conditions.push(filter.ascending ? sql`(${stored}, ${seq}) > ${position}` : sql`(${stored}, ${seq}) < ${position}`);
  }
  return conditions;
}
