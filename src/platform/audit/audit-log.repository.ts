import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/client.js';
import { containsPattern } from '../db/like-pattern.js';
import type { SecurityEventKind } from './audit-log.contract.js';

/** The filters as the repository takes them: instants resolved, an action prefix told apart. */
export interface AuditLogSelection {
  action?: { exact: string } | { prefix: string };
  actorId?: string;
  actorText?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  /** Exclusive. */
  until?: Date;
  detailsText?: string;
  /** Entries made under an operator staff grant: any (true) or this one (the access transparency log). */
  staffGrant?: true | string;
}

export interface AuditLogRow {
  id: number;
  seq: number | null;
  occurredAt: Date;
  action: string;
  actorUserId: string | null;
  actorStaffId: string | null;
  staffGrantId: string | null;
  actorIp: string | null;
  userAgent: string | null;
  requestId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  userEmail: string | null;
  userName: string | null;
  staffEmail: string | null;
  staffName: string | null;
}

function conditions(s: AuditLogSelection): SQL[] {
  const where: SQL[] = [];
  if (s.action && 'exact' in s.action) where.push(sql`e.action = ${s.action.exact}`);
  if (s.action && 'prefix' in s.action) where.push(sql`starts_with(e.action, ${s.action.prefix})`);
  if (s.actorId) where.push(sql`(e.actor_user_id = ${s.actorId} or e.actor_staff_id = ${s.actorId})`);
  if (s.actorText) {
    const p = containsPattern(s.actorText);
    where.push(sql`(u.email ilike ${p} or (u.first_name || ' ' || u.last_name) ilike ${p} or st.email ilike ${p} or st.name ilike ${p})`);
  }
  if (s.targetType) where.push(sql`e.target_type = ${s.targetType}`);
  if (s.targetId) where.push(sql`e.target_id = ${s.targetId}`);
  if (s.from) where.push(sql`e.occurred_at >= ${s.from.toISOString()}::timestamptz`);
  if (s.until) where.push(sql`e.occurred_at < ${s.until.toISOString()}::timestamptz`);
  if (s.detailsText) where.push(sql`e.details::text ilike ${containsPattern(s.detailsText)}`);
  if (s.staffGrant === true) where.push(sql`e.staff_grant_id is not null`);
  else if (s.staffGrant) where.push(sql`e.staff_grant_id = ${s.staffGrant}`);
  return where;
}

/**
 * One page of the tenant's audit log, newest first, with the actor's name and e-mail (a user of
 * the tenant, or a staff member: only the staff columns the application role may read).
 */
export async function selectAuditLog(tx: Orm, selection: AuditLogSelection, page: { beforeId?: number; limit: number }): Promise<AuditLogRow[]> {
  const where = conditions(selection);
  if (page.beforeId) where.push(sql`e.id < ${page.beforeId}`);
  const rows = await queryRows<{
    id: string | number;
    seq: string | number | null;
    occurred_at: string | Date;
    action: string;
    actor_user_id: string | null;
    actor_staff_id: string | null;
    staff_grant_id: string | null;
    actor_ip: string | null;
    user_agent: string | null;
    request_id: string | null;
    target_type: string | null;
    target_id: string | null;
    details: Record<string, unknown> | string;
    user_email: string | null;
    user_name: string | null;
    staff_email: string | null;
    staff_name: string | null;
  }>(
    tx,
    sql`select e.id, e.chain_seq as seq, e.occurred_at, e.action, e.actor_user_id, e.actor_staff_id, e.staff_grant_id, e.actor_ip,
               e.user_agent, e.request_id, e.target_type, e.target_id, e.details,
               u.email as user_email, nullif(trim(u.first_name || ' ' || u.last_name), '') as user_name,
               st.email as staff_email, st.name as staff_name
          from audit_events e
          left join users u on u.id = e.actor_user_id
          left join lateral (select s.id, s.name, s.email from staff_members s where s.id = e.actor_staff_id) st on true
         ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
         order by e.id desc
         limit ${page.limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    seq: r.seq === null ? null : Number(r.seq),
    occurredAt: new Date(r.occurred_at),
    action: r.action,
    actorUserId: r.actor_user_id,
    actorStaffId: r.actor_staff_id,
    staffGrantId: r.staff_grant_id,
    actorIp: r.actor_ip,
    userAgent: r.user_agent,
    requestId: r.request_id,
    targetType: r.target_type,
    targetId: r.target_id,
    details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
    userEmail: r.user_email,
    userName: r.user_name,
    staffEmail: r.staff_email,
    staffName: r.staff_name,
  }));
}

/** Which security event each audited action counts as. */
export const SECURITY_ACTIONS: Record<string, SecurityEventKind> = {
  'auth.sign_in.failed': 'sign_in_failed',
  'auth.password_confirmation.failed': 'sign_in_failed',
  'auth.shared_password.failed': 'sign_in_failed',
  'auth.sign_in.succeeded': 'sign_in_succeeded',
  'auth.mfa.failed': 'mfa_failed',
  'auth.api_token.failed': 'token_failed',
  'auth.link_token.failed': 'token_failed',
  'auth.lrs_key.failed': 'token_failed',
  'auth.guard.blocked': 'blocked',
  'auth.guard.ban_lifted': 'block_lifted',
  'guard.rate_limited': 'rate_limited',
  'http.cross_origin_refused': 'cross_origin_refused',
};

/**
 * Security events per bucket (UTC day or hour) and action. A refusal summary counts the refusals
 * it stands for (details.count), every other entry one.
 */
export async function countSecurityEvents(tx: Orm, range: { from: Date; until: Date; bucket: 'day' | 'hour' }): Promise<{ start: Date; action: string; n: number }[]> {
  const rows = await queryRows<{ start: string; action: string; n: string | number }>(
    tx,
    sql`select to_char(date_trunc(${range.bucket}, e.occurred_at at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as start, e.action,
               sum(case when e.details ? 'count' and jsonb_typeof(e.details->'count') = 'number' then (e.details->>'count')::numeric else 1 end) as n
          from audit_events e
         where e.action in (${sql.join(Object.keys(SECURITY_ACTIONS).map((a) => sql`${a}`), sql`, `)})
           and e.occurred_at >= ${range.from.toISOString()}::timestamptz and e.occurred_at < ${range.until.toISOString()}::timestamptz
         group by 1, 2
         order by 1`,
  );
  return rows.map((r) => ({ start: new Date(r.start), action: r.action, n: Number(r.n) }));
}
