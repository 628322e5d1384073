import type { Orm } from '../../platform/db/client.js';

/**
 * Queues the "you have been enrolled" e-mail for each new enrolment, in the caller's
 * transaction (the enrolment and its notice commit together). Called by learn/enrolments.
 */
export async function notifyEnrolled(_tx: Orm, _enrolmentIds: string[]): Promise<void> {
  // Filled in by the notifications feature.
}
