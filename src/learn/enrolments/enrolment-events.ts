import { z } from 'zod';
import { insertAuditEvent } from '../../platform/audit/index.js';
import { defineEvent, onEvent, type EventHandler } from '../../platform/events/index.js';
import type { ProgressStatus } from './enrolments.schema.js';

/**
 * A learner finished a course: the enrolment reached completed or passed for the first time (a
 * later attempt that finishes again does not repeat it). Published in the transaction that
 * records the progress; other areas (certificates, the store's access rules) react to it.
 */
export const enrolmentCompleted = defineEvent(
  'learn.enrolment.completed',
  z.object({
    enrolmentId: z.uuid(),
    userId: z.uuid(),
    status: z.enum(['completed', 'passed']),
    scorePercent: z.number().nullable(),
    completedAt: z.string(),
  }),
);

export type EnrolmentCompletedData = z.infer<typeof enrolmentCompleted.data>;

/** The statuses that finish a course (failed does not: the learner may try again). */
export const COMPLETED_STATUSES: readonly ProgressStatus[] = ['completed', 'passed'];

/** Learn's own reactions to its events: a completion enters the site's audit trail (who finished what, when, with which score). */
export const learnEventHandlers: EventHandler[] = [
  onEvent({
    name: 'learn.audit_enrolment_completed',
    on: enrolmentCompleted,
    handle: async (event, tx) => {
      const { enrolmentId, userId, status, scorePercent, completedAt } = event.data;
      await insertAuditEvent(tx, {
        action: 'enrolment.completed',
        actorUserId: userId,
        targetType: 'enrolment',
        targetId: enrolmentId,
        details: { status, scorePercent, completedAt, eventId: event.id },
      });
    },
  }),
];
