import { userActor } from '../../platform/access/index.js';
import { AppError } from '../../platform/http/index.js';
import type { Orm } from '../../platform/db/index.js';
import type { User } from '../../platform/identity/index.js';
import { isUserInTeam, teamOfManager, type Team } from '../team/team-members.repository.js';
import { reportsPolicy } from './reports.policy.js';

export type { Team } from '../team/team-members.repository.js';

/** Whose progress a reader sees: the whole site, or the team of the groups a manager leads. */
export type ReportScope = { kind: 'site' } | { kind: 'team'; managerId: string };

/** The scope of an actor who may read reports (asserted here, so no caller forgets). */
export function reportScopeOf(actor: Pick<User, 'id' | 'roles'>): ReportScope {
  const asActor = userActor(actor);
  reportsPolicy.assert(asActor, 'read');
  return reportsPolicy.can(asActor, 'readAll') ? { kind: 'site' } : { kind: 'team', managerId: actor.id };
}

/** The team that bounds the reader's queries, or undefined for the whole site. */
export async function resolveTeam(tx: Orm, scope: ReportScope): Promise<Team | undefined> {
  return scope.kind === 'team' ? teamOfManager(tx, scope.managerId) : undefined;
}

/** A group outside the reader's team is not found (a manager does not learn what other groups hold). */
export function assertGroupInTeam(team: Team | undefined, groupId: string | undefined): void {
  if (groupId === undefined || team === undefined) return;
  if (!team.groupIds.includes(groupId)) throw new AppError('GROUP_NOT_FOUND', [{ field: 'query.groupId', value: groupId }]);
}

/** A learner outside the reader's team is not found (nor is what the caller names by `notFound`, e.g. their enrolment or attempt). */
export async function assertUserInTeam(tx: Orm, team: Team | undefined, userId: string, notFound: 'USER_NOT_FOUND' | 'LEARN_ENROLMENT_NOT_FOUND' | 'LEARN_ATTEMPT_NOT_FOUND' = 'USER_NOT_FOUND'): Promise<void> {
  if (team === undefined) return;
  if (!(await isUserInTeam(tx, team, userId))) throw new AppError(notFound);
}
