import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Orm } from '../../platform/db/index.js';
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

/** Stores statements and their terms in two statements, whatever the batch's size. */
export async function insertStatements(tx: Orm, rows: NewStatementRow[]): Promise<void> {
  if (rows.length === 0) return;
  const inserted = await queryRows<{ id: string; seq: number | string }>(
    tx,
    sql`insert into xapi_statements (id, stored, target_id, authority_key, statement)
        select * from unnest(${sql.param(rows.map((r) => r.id))}::uuid[], ${sql.param(rows.map((r) => r.stored.toISOString()))}::timestamptz[],
                             ${sql.param(rows.map((r) => r.targetId))}::uuid[], ${sql.param(rows.map((r) => r.authorityKey))}::text[],
                             ${sql.param(rows.map((r) => JSON.stringify(r.statement)))}::jsonb[])
        returning id, seq`,
  );
  const seqOf = new Map(inserted.map((row) => [row.id, Number(row.seq)]));
  const terms = rows.flatMap((row) => row.terms.map((term) => ({ ...term, row })));
  if (terms.length === 0) return;
  await tx.execute(
    sql`insert into xapi_statement_terms (term_key, related, stored, seq, statement_id)
        select * from unnest(${sql.param(terms.map((t) => t.key))}::uuid[], ${sql.param(terms.map((t) => t.related))}::boolean[],
                             ${sql.param(terms.map((t) => t.row.stored.toISOString()))}::timestamptz[], ${sql.param(terms.map((t) => seqOf.get(t.row.id)!))}::bigint[],
                             ${sql.param(terms.map((t) => t.row.id))}::uuid[])
        on conflict do nothing`,
  );
}

export async function markVoided(tx: Orm, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`update xapi_statements set voided = true where id = any(${sql.param(ids)}::uuid[])`);
}

/** The stored definitions of these activities. */
export async function findActivityDefinitions(tx: Orm, ids: string[]): Promise<Map<string, unknown>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ activity_id: string; definition: unknown }>(tx, sql`select activity_id, definition from xapi_activities where activity_id = any(${sql.param(ids)}::text[])`);
  return new Map(rows.map((row) => [row.activity_id, typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition]));
}

/**
 * Stores the canonical definitions of activities (GET /xapi/activities): everything statements
 * said of each, the latest word winning per property, with the languages of name and description
 * merged (the database merges again, for a definition another request changed meanwhile).
 */
export async function upsertActivityDefinitions(tx: Orm, definitions: Map<string, unknown>): Promise<void> {
  if (definitions.size === 0) return;
  const ids = [...definitions.keys()];
  await tx.execute(
    sql`insert into xapi_activities (activity_id, definition)
        select * from unnest(${sql.param(ids)}::text[], ${sql.param(ids.map((id) => JSON.stringify(definitions.get(id))))}::jsonb[])
        on conflict (tenant_id, activity_id) do update
        set definition = xapi_activities.definition || excluded.definition || jsonb_strip_nulls(jsonb_build_object(
              'name', case when xapi_activities.definition ? 'name' and excluded.definition ? 'name' then (xapi_activities.definition -> 'name') || (excluded.definition -> 'name') end,
              'description', case when xapi_activities.definition ? 'description' and excluded.definition ? 'description' then (xapi_activities.definition -> 'description') || (excluded.definition -> 'description') end)),
            updated_at = now()`,
  );
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
 * With terms, the first term's rows drive the query in index order and the others are probed by
 * their primary key; without, the statements' own index does.
 */
export async function queryStatements(tx: Orm, filter: StatementFilter): Promise<StoredStatementRow[]> {
  const [first, ...rest] = filter.terms;
  const source = first ? sql`xapi_statement_terms d join xapi_statements s on s.id = d.statement_id and s.tenant_id = d.tenant_id` : sql`xapi_statements s`;
  const at = first ? sql`d` : sql`s`;
  const conditions: SQL[] = [sql`not s.voided`];
  if (first) conditions.push(sql`d.term_key = ${first.key}::uuid and d.related = ${first.related}`);
  for (const { key, related } of rest) {
    conditions.push(sql`exists (select 1 from xapi_statement_terms t where t.tenant_id = ${at}.tenant_id and t.term_key = ${key}::uuid and t.related = ${related} and t.stored = ${at}.stored and t.seq = ${at}.seq)`);
  }
  if (filter.since) conditions.push(sql`${at}.stored > ${filter.since.toISOString()}::timestamptz`);
  if (filter.until) conditions.push(sql`${at}.stored <= ${filter.until.toISOString()}::timestamptz`);
  if (filter.authorityKey !== undefined) conditions.push(sql`s.authority_key = ${filter.authorityKey}`);
  if (filter.after) {
    const position = sql`(${filter.after.stored.toISOString()}::timestamptz, ${filter.after.seq}::bigint)`;
    conditions.push(filter.ascending ? sql`(${at}.stored, ${at}.seq) > ${position}` : sql`(${at}.stored, ${at}.seq) < ${position}`);
  }
  const order = filter.ascending ? sql`${at}.stored asc, ${at}.seq asc` : sql`${at}.stored desc, ${at}.seq desc`;
  const rows = await queryRows<RawRow>(
    tx,
    sql`select s.id, s.statement, s.voided, s.stored, s.seq, s.authority_key from ${source} where ${sql.join(conditions, sql` and `)} order by ${order} limit ${filter.limit}`,
  );
  return rows.map(rowOf);
}
