import type { Orm } from '../../platform/db/index.js';
import { enqueueJob } from '../../platform/jobs/index.js';

/** The job that writes the enrolment mails (see learn.jobs.ts). */
export const LEARN_NOTIFY_ENROLLED = 'learn.notify_enrolled';

/**
 * Queues the "you have been enrolled" e-mail for each new enrolment, in the caller's
 * transaction (the enrolment and its notice commit together). Called by learn/enrolments.
 * One job for the whole batch: enrolling a large group stays one insert here, and the mails
 * are written by the worker, never in the request. `mail: false`: the in-app notice only (the
 * area that enrolled them mails the learner itself, e.g. the store's purchase mail).
 */
export async function notifyEnrolled(tx: Orm, enrolmentIds: string[], options: { mail?: boolean } = {}): Promise<void> {
  if (enrolmentIds.length === 0) return;
  await enqueueJob(tx, { kind: LEARN_NOTIFY_ENROLLED, payload: { enrolmentIds, mail: options.mail ?? true }, maxAttempts: 10 });
}
