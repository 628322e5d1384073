import { userActor } from '../../platform/access/index.js';
import type { Orm } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import type { ClientInfo, User } from '../../platform/identity/index.js';
import { insertAuditEvent } from '../../platform/audit/index.js';
import type { Tenant } from '../../platform/tenancy/index.js';
import { enrolmentsPolicy } from '../enrolments/enrolments.policy.js';
import type { LearnDeps } from '../learn-deps.js';
import { cmi5Aus } from '../packages/cmi5-xml.js';
import type { TrackingContext } from '../tracking/tracking-context.js';
import { findOpenAttempt, lockEnrolment } from '../tracking/tracking.repository.js';
import { abandonSessions, registrationOf, waiveAu, type Cmi5Registration } from './cmi5-registration.js';
import type { WaiveReason } from './cmi5-vocabulary.js';

/** Who changed the enrolment's registration, and from where (the audit entry's common part). */
const auditedChange = (actor: User, client: ClientInfo, enrolmentId: string) => ({
  actorUserId: actor.id,
  actorIp: client.ip,
  userAgent: client.userAgent,
  requestId: client.requestId,
  targetType: 'enrolment',
  targetId: enrolmentId,
});

/** The enrolment's open cmi5 registration, under the enrolment's lock. */
async function openRegistration(tx: Orm, context: TrackingContext, config: LearnDeps['config'], tenant: Tenant, enrolmentId: string): Promise<{ registration: Cmi5Registration; userId: string }> {
  const enrolment = await lockEnrolment(tx, enrolmentId);
  if (!enrolment) throw new AppError('LEARN_ENROLMENT_NOT_FOUND');
  const attempt = await findOpenAttempt(tx, enrolmentId);
  if (!attempt) throw new AppError('LEARN_CMI5_NO_ATTEMPT');
  const version = await context.version(tenant.id, attempt.versionId, tx);
  if (!version?.cmi5) throw new AppError('LEARN_CMI5_NOT_CMI5');
  return { registration: await registrationOf(context, config, { tenant, attemptId: attempt.id, userId: enrolment.userId }, version, tx), userId: enrolment.userId };
}

/**
 * An administrator or manager waives an AU of a learner's cmi5 course (cmi5 9.3.7: tested out, an
 * equivalent AU or outside activity, or administratively): the LMS records it as waived and the AU
 * counts as satisfied, with the blocks and course it completes. Audited.
 */
export async function waiveAuOfEnrolment(context: TrackingContext, config: LearnDeps['config'], tenant: Tenant, actor: User, enrolmentId: string, input: { auId: string; reason: WaiveReason }, client: ClientInfo) {
  enrolmentsPolicy.assert(userActor(actor), 'manage');
  return context.db.withTenant(tenant.id, async (tx) => {
    const { registration, userId } = await openRegistration(tx, context, config, tenant, enrolmentId);
    const au = cmi5Aus(registration.course).find((candidate) => candidate.lmsId === input.auId);
    if (!au) throw new AppError('LEARN_CMI5_UNKNOWN_AU', [{ field: 'auId', message: { en: 'not an AU of this course', de: 'keine AU dieses Kurses' } }]);
    await waiveAu(tx, registration, au, input.reason);
    await insertAuditEvent(tx, { action: 'enrolment.cmi5_au_waived', ...auditedChange(actor, client, enrolmentId), details: { userId, attemptId: registration.attemptId, auId: au.lmsId, publisherId: au.publisherId, reason: input.reason } });
    const after = await lockEnrolment(tx, enrolmentId);
    return { enrolmentId, attemptId: registration.attemptId, auId: au.lmsId, status: after!.status };
  });
}

/** An administrator or manager abandons the sessions a learner left open in their cmi5 course (each gets its abandoned statement). Audited. */
export async function abandonSessionsOfEnrolment(context: TrackingContext, config: LearnDeps['config'], tenant: Tenant, actor: User, enrolmentId: string, client: ClientInfo) {
  enrolmentsPolicy.assert(userActor(actor), 'manage');
  return context.db.withTenant(tenant.id, async (tx) => {
    const { registration, userId } = await openRegistration(tx, context, config, tenant, enrolmentId);
    const abandoned = await abandonSessions(tx, registration);
    await insertAuditEvent(tx, { action: 'enrolment.cmi5_sessions_abandoned', ...auditedChange(actor, client, enrolmentId), details: { userId, attemptId: registration.attemptId, sessions: abandoned } });
    return { enrolmentId, attemptId: registration.attemptId, abandonedSessions: abandoned };
  });
}
