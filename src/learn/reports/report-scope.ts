import { userActor } from '../../platform/access/index.js';
import { AppError } from '../../platform/http/index.js';
import type { Orm } from '../../platform/db/index.js';
import type { User } from '../../platform/identity/index.js';
import { isGroupInTeam, isUserInTeam } from '../team/team-members.repository.js';
import { reportsPolicy } from './reports.policy.js';

/** Whose progress a reader sees: the whole site, or the team of the groups a manager leads. */
export type ReportScope = { kind: 'site' } | { kind: 'team'; managerId: string };

/** The scope of an actor who may read reports (asserted here, so no caller forgets). */
export function reportScopeOf(actor: Pick<User, 'id' | 'roles'>): ReportScope {
  const asActor = userActor(actor);
  reportsPolicy.assert(asActor, 'read');
  return reportsPolicy.can(asActor, 'readAll') ? { kind: 'site' } : { kind: 'team', managerId: actor.id };
}

/** The manager whose team bounds a query, or undefined for the whole site. */
export function teamOf(scope: ReportScope): string | undefined {
  return scope.kind === 'team' ? scope.managerId : undefined;
}

/** A group outside the reader's team is not found (a manager does not learn what other groups hold). */
export async function assertGroupInScope(tx: Orm, scope: ReportScope, groupId: string | undefined): Promise<void> {
  if (groupId === undefined || scope.kind === 'site') return;
  if (!(await isGroupInTeam(tx, scope.managerId, groupId))) throw new AppError('GROUP_NOT_FOUND', [{ field: 'query.groupId', value: groupId }]);
}

/** A learner outside the reader's team is not found. */
export async function assertUserInScope(tx: Orm, scope: ReportScope, userId: string): Promise<void> {
  if (scope.kind === 'site') return;
  if (!(await isUserInTeam(tx, scope.managerId, userId))) throw new AppError('USER_NOT_FOUND');
}
