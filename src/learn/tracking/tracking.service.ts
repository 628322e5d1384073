import { insertAuditEvent } from '../../platform/audit/index.js';
import { AppError } from '../../platform/http/index.js';
import type { ClientInfo, User } from '../../platform/identity/index.js';
import type { CommitSession } from './commit-session.js';
import { mapCmi } from './progress-mapping.js';
import type { CompiledVersion, TrackingContext } from './tracking-context.js';
import type { PlayableItem } from './course-structure.js';
import type { ActivityResult } from '../progress/activity-result.js';
import { MAX_SUSPEND_DATA_CHARS, type CommitInput, type CommitResponse } from './tracking.contract.js';
import { closeAttempts, lockEnrolment, resetEnrolmentSummary } from './tracking.repository.js';
import { userActor } from '../../platform/access/index.js';
import { enrolmentsPolicy } from '../enrolments/enrolments.policy.js';

function suspendDataLength(cmi: Record<string, unknown>): number {
  const value = cmi.suspend_data;
  return typeof value === 'string' ? value.length : 0;
}

/**
 * What a commit of `input` to a SCO of `version` records: refused for an item the version does not
 * have, for an xAPI course (it reports by statements) and for oversized suspend data.
 */
export function checkedScoCommit(version: CompiledVersion | undefined, input: CommitInput): { version: CompiledVersion; item: PlayableItem; result: ActivityResult } {
  const item = version?.playableById.get(input.scoId);
  // An xAPI course reports by statements to its LRS endpoint, never by SCORM commits.
  if (!version || !item || version.xapi) throw new AppError('LEARN_COMMIT_UNKNOWN_SCO', [{ field: 'scoId', message: { en: 'not an item of this package', de: 'kein Element dieses Pakets' } }]);
  if (suspendDataLength(input.cmi) > MAX_SUSPEND_DATA_CHARS) {
    throw new AppError('LEARN_COMMIT_TOO_LARGE', [
      {
        field: 'cmi.suspend_data',
        message: { en: `at most ${MAX_SUSPEND_DATA_CHARS} characters`, de: `höchstens ${MAX_SUSPEND_DATA_CHARS} Zeichen` },
      },
    ]);
  }
  const mapped = mapCmi(version.scormVersion, input.cmi, item.rules);
  // An asset reports nothing itself: the player commits once it opened one, and that completes it (SCORM lets the LMS do so).
  return { version, item, result: item.scormType === 'asset' ? { ...mapped, completion: 'completed' } : mapped };
}

/**
 * A commit of the player: only the learner of the attempt, only SCOs of the attempt's version.
 * Answers after the data is durable; a stale or repeated sequence number changes nothing.
 */
export async function commitScoData(context: TrackingContext, tenantId: string, session: CommitSession, attemptId: string, input: CommitInput): Promise<CommitResponse> {
  const attempt = await context.attempt(tenantId, attemptId);
  // A session the cache vouches for is checked here; any other in the commit's batch.
  if (!attempt || (session.userId !== null && attempt.userId !== session.userId)) throw new AppError('LEARN_ATTEMPT_NOT_FOUND');
  const { version, result } = checkedScoCommit(await context.version(tenantId, attempt.versionId), input);
  const outcome = await context.writer.submit(tenantId, {
    attemptId,
    enrolmentId: attempt.enrolmentId,
    userId: attempt.userId,
    session,
    scoId: input.scoId,
    seq: input.seq,
    cmi: input.cmi,
    result,
    rollup: version.structure.rollup,
  });
  if (outcome === 'missing') {
    context.forgetAttempt(attemptId);
    throw new AppError('LEARN_ATTEMPT_NOT_FOUND');
  }
  if (outcome === 'closed') throw new AppError('LEARN_ATTEMPT_CLOSED');
  if (outcome === 'signed-out') throw new AppError('AUTH_SESSION_EXPIRED');
  return { seq: input.seq, accepted: outcome === 'accepted' };
}

/**
 * An administrator or manager resets a learner's progress: the open attempt is closed (it takes
 * no more commits), the enrolment's status, score and completion date start over; the next
 * launch starts a new attempt on the current version. Time spent and the attempt count stay:
 * they are history. Audited.
 */
export async function resetProgress(
  context: TrackingContext,
  tenantId: string,
  actor: User,
  enrolmentId: string,
  client: ClientInfo,
): Promise<{ enrolmentId: string; status: 'not_started'; closedAttemptId: string | null }> {
  enrolmentsPolicy.assert(userActor(actor), 'manage');
  return context.db.withTenant(tenantId, async (tx) => {
    const enrolment = await lockEnrolment(tx, enrolmentId);
    if (!enrolment) throw new AppError('LEARN_ENROLMENT_NOT_FOUND');
    const closed = await closeAttempts(tx, enrolmentId);
    await resetEnrolmentSummary(tx, enrolmentId);
    await insertAuditEvent(tx, {
      action: 'enrolment.progress_reset',
      actorUserId: actor.id,
      actorIp: client.ip,
      userAgent: client.userAgent,
      requestId: client.requestId,
      targetType: 'enrolment',
      targetId: enrolmentId,
      details: { userId: enrolment.userId, courseId: enrolment.courseId, previousStatus: enrolment.status, closedAttemptIds: closed },
    });
    return { enrolmentId, status: 'not_started' as const, closedAttemptId: closed[0] ?? null };
  });
}
