import { sql } from 'drizzle-orm';
import { type Orm, queryRows } from '../../platform/db/index.js';
import type { LaunchGrantKind } from './launch-grants.schema.js';

/** The only place with SQL for launch grants. */

export interface GrantRow {
  id: string;
  kind: LaunchGrantKind;
  attemptId: string | null;
  versionId: string;
  userId: string | null;
  sessionIdHash: string | null;
  /** An `area` grant's reference in its area; null for Learn's own. */
  areaRef: string | null;
  appOrigin: string;
  contentOrigin: string;
  expiresAt: Date;
  /** The attempt was closed (reset or replaced): the grant is dead. */
  attemptClosed: boolean;
  /** When its session was last active, or null when the session is gone or past its lifetime. */
  sessionLastSeenAt: Date | null;
}

/** What a new grant is made of: its fixed facts and the hash of its token. */
export type NewGrant = Omit<GrantRow, 'id' | 'attemptClosed' | 'sessionLastSeenAt'> & { tokenHash: string };

export async function insertGrant(tx: Orm, values: NewGrant): Promise<string> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`insert into launch_grants (token_hash, kind, attempt_id, version_id, user_id, session_id_hash, area_ref, app_origin, content_origin, expires_at)
        values (${values.tokenHash}, ${values.kind}, ${values.attemptId}, ${values.versionId}, ${values.userId}, ${values.sessionIdHash}, ${values.areaRef},
                ${values.appOrigin}, ${values.contentOrigin}, ${values.expiresAt.toISOString()})
        returning id`,
  );
  return rows[0]!.id;
}

/** Grants by token digest, with what decides whether each is still alive: its attempt and its session. */
export async function findGrants(tx: Orm, tokenHashes: string[]): Promise<Map<string, GrantRow>> {
  const rows = await queryRows<GrantRow & { tokenHash: string; expiresAt: Date | string; sessionLastSeenAt: Date | string | null }>(
    tx,
    sql`select g.token_hash as "tokenHash", g.id, g.kind, g.attempt_id as "attemptId", g.version_id as "versionId", g.user_id as "userId",
               g.session_id_hash as "sessionIdHash", g.area_ref as "areaRef", g.app_origin as "appOrigin", g.content_origin as "contentOrigin",
               g.expires_at as "expiresAt", coalesce(a.closed_at is not null, false) as "attemptClosed",
               s.last_seen_at as "sessionLastSeenAt"
          from launch_grants g
          left join attempts a on a.id = g.attempt_id
          left join sessions s on s.id_hash = g.session_id_hash and s.expires_at > now()
         where g.token_hash in (${sql.join(
           tokenHashes.map((hash) => sql`${hash}`),
           sql`, `,
         )})`,
  );
  return new Map(
    rows.map(({ tokenHash, ...row }) => [
      tokenHash,
      { ...row, expiresAt: new Date(row.expiresAt), sessionLastSeenAt: row.sessionLastSeenAt === null ? null : new Date(row.sessionLastSeenAt) },
    ]),
  );
}

/** An area's grants of exactly these references. */
export async function deleteAreaGrantsOf(tx: Orm, refs: readonly string[]): Promise<number> {
  if (refs.length === 0) return 0;
  const rows = await queryRows<{ id: string }>(tx, sql`delete from launch_grants where kind = 'area' and area_ref = any(${sql.param([...refs])}::text[]) returning id`);
  return rows.length;
}

/** Grants past their end (the periodic sweep). */
export async function deleteExpiredGrants(tx: Orm): Promise<number> {
  const rows = await queryRows<{ id: string }>(tx, sql`delete from launch_grants where expires_at < now() returning id`);
  return rows.length;
}

/**
 * An area's grants whose reference starts with `prefix` (the area ended what they were for).
 * References are made of names and ids, never of `%` or `_` (checked), so the prefix is a plain LIKE prefix.
 */
export async function deleteAreaGrants(tx: Orm, prefix: string): Promise<number> {
  if (!/^[a-z0-9:-]+$/.test(prefix)) throw new Error(`not an area reference prefix: ${prefix}`);
  const rows = await queryRows<{ id: string }>(tx, sql`delete from launch_grants where kind = 'area' and area_ref like ${`${prefix}%`} returning id`);
  return rows.length;
}
