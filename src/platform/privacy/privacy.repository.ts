import { and, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/client.js';
import { erasedAddressOf } from '../identity/erased-account.js';
import { MAIL_SEND } from '../mail/mail.queue.js';
import { privacyRequests } from './privacy.schema.js';

export type PrivacyRequest = typeof privacyRequests.$inferSelect;

export async function insertPrivacyRequest(
  tx: Orm,
  values: { subjectUserId: string; kind: 'export' | 'erasure'; status: 'requested' | 'completed' | 'rejected'; requestedByUserId: string | null; handledByUserId?: string | null },
): Promise<PrivacyRequest> {
  const handled = values.status === 'requested' ? {} : { handledByUserId: values.handledByUserId ?? null, handledAt: new Date() };
  const [row] = await tx
    .insert(privacyRequests)
    .values({ subjectUserId: values.subjectUserId, kind: values.kind, status: values.status, requestedByUserId: values.requestedByUserId, ...handled })
    .returning();
  return row!;
}

/** The open erasure request of a person, if any (one is enough: asking twice changes nothing). */
export async function findOpenErasureRequest(tx: Orm, subjectUserId: string): Promise<PrivacyRequest | undefined> {
  const [row] = await tx
    .select()
    .from(privacyRequests)
    .where(and(eq(privacyRequests.subjectUserId, subjectUserId), eq(privacyRequests.kind, 'erasure'), eq(privacyRequests.status, 'requested')))
    .limit(1);
  return row;
}

export async function findPrivacyRequest(tx: Orm, id: string): Promise<PrivacyRequest | undefined> {
  const [row] = await tx.select().from(privacyRequests).where(eq(privacyRequests.id, id)).limit(1);
  return row;
}

/** Closes every open request of the person of that kind (an erasure carried out answers all of them). */
export async function closeOpenRequests(tx: Orm, subjectUserId: string, kind: 'export' | 'erasure', status: 'completed' | 'rejected', handledByUserId: string): Promise<number> {
  const rows = await tx
    .update(privacyRequests)
    .set({ status, handledByUserId, handledAt: new Date() })
    .where(and(eq(privacyRequests.subjectUserId, subjectUserId), eq(privacyRequests.kind, kind), eq(privacyRequests.status, 'requested')))
    .returning({ id: privacyRequests.id });
  return rows.length;
}

export async function setRequestStatus(tx: Orm, id: string, status: 'completed' | 'rejected', handledByUserId: string): Promise<void> {
  await tx.update(privacyRequests).set({ status, handledByUserId, handledAt: new Date() }).where(eq(privacyRequests.id, id));
}

export async function listRequestsOfUser(tx: Orm, subjectUserId: string): Promise<PrivacyRequest[]> {
  return tx.select().from(privacyRequests).where(eq(privacyRequests.subjectUserId, subjectUserId)).orderBy(desc(privacyRequests.requestedAt)).limit(100);
}

/** The site's requests, newest first, with the names of the people they are about (the anonymised name after erasure). */
export async function listRequestsOfSite(tx: Orm, filter: { status?: 'requested' | 'completed' | 'rejected'; limit: number }): Promise<Array<PrivacyRequest & { subjectName: string; subjectEmail: string }>> {
  return queryRows(
    tx,
    sql`select r.id, r.subject_user_id as "subjectUserId", r.kind, r.status, r.requested_by_user_id as "requestedByUserId", r.requested_at as "requestedAt",
               r.handled_by_user_id as "handledByUserId", r.handled_at as "handledAt",
               r.tenant_id as "tenantId", coalesce(trim(u.first_name || ' ' || u.last_name), '') as "subjectName", coalesce(u.email, '') as "subjectEmail"
          from privacy_requests r left join users u on u.id = r.subject_user_id
         where ${filter.status ? sql`r.status = ${filter.status}` : sql`true`}
         order by r.requested_at desc limit ${filter.limit}`,
  );
}

type Rows = Record<string, unknown>[];
export type PlatformRows = Record<'profile' | 'sessions' | 'api_tokens' | 'groups' | 'notifications' | 'consents' | 'privacy_requests' | 'sign_in_failures' | 'audit_entries', Rows>;

/** The platform's own rows about a person, for the export. */
export async function platformRowsOfUser(tx: Orm, userId: string, email: string): Promise<PlatformRows> {
  const rows = async (query: ReturnType<typeof sql>) => queryRows<Record<string, unknown>>(tx, query);
  return {
    profile: await rows(
      sql`select id, email, first_name, last_name, roles, status, language, created_at, password_changed_at, mfa_enabled_at is not null as two_factor_enabled from users where id = ${userId}`,
    ),
    sessions: await rows(sql`select created_at, last_seen_at, expires_at, ip, user_agent from sessions where user_id = ${userId} order by created_at`),
    api_tokens: await rows(sql`select name, prefix, scopes, created_at, expires_at, last_used_at, last_used_ip, revoked_at from api_tokens where user_id = ${userId} order by created_at`),
    groups: await rows(
      sql`select g.name as group_name, 'member' as relation, m.added_at from group_members m join groups g on g.id = m.group_id where m.user_id = ${userId}
          union all
          select g.name, 'manager', m.added_at from group_managers m join groups g on g.id = m.group_id where m.user_id = ${userId} order by 3`,
    ),
    notifications: await rows(sql`select kind, params, link, created_at, read_at from in_app_notifications where user_id = ${userId} order by created_at`),
    consents: await rows(
      sql`select topic, status, email, consent_text, requested_at, request_ip, confirmed_at, confirm_ip, withdrawn_at, withdrawn_via from mail_consents where user_id = ${userId} order by requested_at`,
    ),
    privacy_requests: await rows(sql`select kind, status, requested_at, handled_at from privacy_requests where subject_user_id = ${userId} order by requested_at`),
    sign_in_failures: await rows(sql`select occurred_at, ip, endpoint from auth_failures where lower(account) = lower(${email}) order by occurred_at`),
    audit_entries: await rows(
      // Another person's address and browser (the administrator who changed this account) are theirs, not this
      // person's; so are the details of what this person did to someone else's account.
      sql`select occurred_at, action, case when actor_user_id = ${userId} then 'by' else 'about' end as relation,
                 case when actor_user_id = ${userId} then actor_ip end as actor_ip,
                 case when actor_user_id = ${userId} then user_agent end as user_agent,
                 target_type, target_id,
                 case when target_type = 'user' and target_id is distinct from ${userId} then '{}'::jsonb else details end as details
            from audit_events where actor_user_id = ${userId} or (target_type = 'user' and target_id = ${userId}) order by id`,
    ),
  };
}

/**
 * Removes what the platform keeps about a person apart from the account row: sign-in, links,
 * second factor, API tokens, groups, notices, consents, intrusion-prevention records naming their
 * address, who lifted a ban (the ban stays lifted), and the holder names in access reviews.
 * Counts by kind, for the audit entry.
 */
export async function erasePlatformRowsOfUser(tx: Orm, userId: string, email: string, displayName: string): Promise<Record<string, number>> {
  const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(tx, sql`with gone as (${query} returning 1) select count(*)::int as n from gone`))[0]?.n ?? 0;
  return {
    userTokens: await count(sql`delete from user_tokens where user_id = ${userId}`),
    recoveryCodes: await count(sql`delete from mfa_recovery_codes where user_id = ${userId}`),
    apiTokens: await count(sql`delete from api_tokens where user_id = ${userId}`),
    groupMemberships: await count(sql`delete from group_members where user_id = ${userId}`),
    groupManagements: await count(sql`delete from group_managers where user_id = ${userId}`),
    notifications: await count(sql`delete from in_app_notifications where user_id = ${userId}`),
    consents: await count(sql`delete from mail_consents where user_id = ${userId}`),
    signInFailures: await count(sql`delete from auth_failures where lower(account) = lower(${email})`),
    bans: await count(sql`delete from guard_bans where lower(account) = lower(${email})`),
    bansLifted: await count(sql`update guard_bans set lifted_by = null where lifted_by = ${userId}`),
    accessReviewEntries: await count(sql`update access_review_items set holder = ${displayName} where subject_id = ${userId}`),
  };
}

/**
 * Other people's notices that name the person (NewNotification.params: `person`, with their id as
 * `personId`) name them by `label` from then on. A notice of `legacyKind` written before notices
 * carried the id is found by the erasure request it told of: written in that request's
 * transaction, it has the request's time (both are `now()` of it).
 */
export async function renamePersonInNotices(tx: Orm, personId: string, label: string, legacyKind: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`with renamed as (
          update in_app_notifications set params = params || jsonb_build_object('person', ${label}::text, 'personId', ${personId}::text)
           where params->>'personId' = ${personId}
              or (kind = ${legacyKind} and params->>'personId' is null
                  and created_at in (select requested_at from privacy_requests where subject_user_id = ${personId} and kind = 'erasure'))
          returning 1)
        select count(*)::int as n from renamed`,
  );
  return row?.n ?? 0;
}

/**
 * Removes, in the erasure's transaction, the jobs that would mail the person or hold their
 * address: the site's mails to the address (queued ones are not sent; sent or failed ones no
 * longer hold the address, subject and text), the mails of the account (each names it as
 * `userId`: to an address it had before, or to the new one it asked for, with their name), and
 * the account's jobs that would send one (a change of address, a password reset). The
 * application role may only add jobs: migration 0081's function deletes them, in this site only.
 */
export async function deleteJobsOfPerson(tx: Orm, email: string, userId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(tx, sql`select erase_jobs_of_person(${email}, ${userId}) as n`);
  return row?.n ?? 0;
}

/**
 * Removes the mails queued for the account (each names it: enqueueMail, enqueueRenderedMail's
 * `userId`) that have not gone out yet (queued, or waiting for a retry), as the connection's
 * owner; sent and failed ones stay in the job log as they were. Mail to the same address in
 * another capacity (a buyer's order mails, a guest's review link) names no account and is still
 * sent. Only this site's.
 */
export async function deleteQueuedMailsOfAccount(owner: Orm, tenantId: string, userId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    owner,
    sql`with gone as (
          delete from jobs
           where tenant_id = ${tenantId} and kind = ${MAIL_SEND} and done_at is null and failed_at is null and payload->>'userId' = ${userId}
          returning 1)
        select count(*)::int as n from gone`,
  );
  return row?.n ?? 0;
}

/** The account row becomes a tombstone: no name, no address that reaches anyone, no password or second factor, never active again. */
export async function anonymiseUserRow(tx: Orm, userId: string, names: { firstName: string; lastName: string }): Promise<void> {
  await tx.execute(
    sql`update users set email = ${erasedAddressOf(userId)}, first_name = ${names.firstName}, last_name = ${names.lastName}, password_hash = null,
               roles = '{learner}'::text[], status = 'deactivated', language = null, password_changed_at = null, password_change_required = false,
               mfa_secret = null, mfa_enabled_at = null, mfa_last_step = null
         where id = ${userId}`,
  );
}


