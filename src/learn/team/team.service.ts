import { userActor } from '../../platform/access/index.js';
import { insertActorEvent, type Actor } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import type { User } from '../../platform/identity/index.js';
import type { Tenant } from '../../platform/tenancy/index.js';
import type { Config } from '../../config.js';
import { enqueueRemindersNow } from '../notifications/notices.service.js';
import { assertGroupInTeam, reportScopeOf, resolveTeam } from '../reports/report-scope.js';
import { REMINDER_COOL_DOWN_HOURS, type ReminderSkip, type RemindView, type TeamQuery, type TeamView } from './team.contract.js';
import { teamPolicy } from './team.policy.js';
import { lockReminderTargets, markReminded, selectTeamGroups, selectTeamMembers, type ReminderTarget } from './team.repository.js';

/** The team view: the groups the reader leads and their members' progress (an administrator: every group and user). */
export async function teamOverview(db: Db, tenantId: string, actor: User, query: TeamQuery, now = new Date()): Promise<TeamView> {
  teamPolicy.assert(userActor(actor), 'view');
  const scope = reportScopeOf(actor);
  return db.withTenant(tenantId, async (tx) => {
    const team = await resolveTeam(tx, scope);
    assertGroupInTeam(team, query.groupId);
    const groups = await selectTeamGroups(tx, scope.kind === 'team' ? scope.managerId : undefined);
    const { rows, total } = await selectTeamMembers(
      tx,
      { team, groupId: query.groupId, search: query.q || undefined, overdueOnly: query.overdueOnly === 'true', now },
      query,
    );
    return {
      scope: scope.kind,
      groups,
      total,
      members: rows.map((m) => ({ ...m, lastAccessAt: m.lastAccessAt?.toISOString() ?? null })),
    };
  });
}

const COOL_DOWN_MS = REMINDER_COOL_DOWN_HOURS * 3_600_000;

/** Why a reminder would not go out now, if it would not. */
export function reminderSkip(target: ReminderTarget, now: Date): ReminderSkip | undefined {
  if (target.status === 'completed' || target.status === 'passed') return 'done';
  if (target.userStatus !== 'active') return 'deactivated';
  if (target.courseStatus !== 'published') return 'not_published';
  if (target.remindedAt && now.getTime() - target.remindedAt.getTime() < COOL_DOWN_MS) return 'recently_reminded';
  return undefined;
}

/**
 * "Remind now": mails each learner a reminder of their enrolment at once. All or nothing: an
 * enrolment the reader may not see (another group's, another site's, unknown) refuses the whole
 * request; those with nothing to remind (done, deactivated, unpublished, reminded within the
 * cool-down) are skipped and named.
 */
export async function remindNow(db: Db, tenant: Tenant, config: Config, actor: Actor, enrolmentIds: string[], now = new Date()): Promise<RemindView> {
  teamPolicy.assert(userActor(actor.user), 'remind');
  const scope = reportScopeOf(actor.user);
  const ids = [...new Set(enrolmentIds)];
  return db.withTenant(tenant.id, async (tx) => {
    const targets = await lockReminderTargets(tx, ids, await resolveTeam(tx, scope));
    const found = new Set(targets.map((t) => t.enrolmentId));
    const missing = enrolmentIds.flatMap((id, index) => (found.has(id) ? [] : [{ field: `enrolmentIds.${index}`, value: id }]));
    if (missing.length > 0) throw new AppError('LEARN_ENROLMENT_NOT_FOUND', missing);
    const skipped: RemindView['skipped'] = [];
    const due: ReminderTarget[] = [];
    for (const target of targets) {
      const reason = reminderSkip(target, now);
      if (reason) skipped.push({ enrolmentId: target.enrolmentId, reason });
      else due.push(target);
    }
    await enqueueRemindersNow(tx, tenant, config, due, now);
    await markReminded(
      tx,
      due.map((t) => t.enrolmentId),
      now,
    );
    for (const target of due) await insertActorEvent(tx, actor, 'enrolment.reminded', { type: 'enrolment', id: target.enrolmentId }, {});
    return { sent: due.length, skipped };
  });
}
