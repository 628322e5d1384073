import { z } from 'zod';
import { insertAuditEvent } from '../../platform/audit/index.js';
import { defineEvent, onEvent, type EventHandler } from '../../platform/events/index.js';
import { findTenantById } from '../../platform/tenancy/index.js';
import { issuePathCertificate } from '../certificates/certificates.service.js';
import { enrolmentCompleted } from '../enrolments/enrolment-events.js';
import { findEnrolment } from '../enrolments/enrolments.repository.js';
import { openThroughPaths } from './path-sync.js';
import { findPath } from './paths.repository.js';

/** A learner finished the last course of a learning path (once per path enrolment). */
export const learningPathCompleted = defineEvent(
  'learn.path.completed',
  z.object({ pathEnrolmentId: z.uuid(), pathId: z.uuid(), userId: z.uuid(), completedAt: z.string() }),
);

/**
 * Paths react to completions: a finished course opens the courses that waited for it in the
 * learner's paths; a finished path enters the audit trail and earns its certificate when the path
 * awards one. Both are idempotent (opening enrols no one twice; a path enrolment has one
 * certificate per completion).
 */
export const pathEventHandlers: EventHandler[] = [
  onEvent({
    name: 'learn.open_path_courses',
    on: enrolmentCompleted,
    handle: async (event, tx) => {
      const { userId, enrolmentId } = event.data;
      const enrolment = await findEnrolment(tx, enrolmentId);
      if (!enrolment) return;
      await openThroughPaths(tx, enrolment.courseId, [userId]);
    },
  }),
  onEvent({
    name: 'learn.path_completed',
    on: learningPathCompleted,
    handle: async (event, tx) => {
      const { pathEnrolmentId, pathId, userId, completedAt } = event.data;
      const path = await findPath(tx, pathId);
      if (!path) return;
      await insertAuditEvent(tx, {
        action: 'learning_path.completed',
        actorUserId: userId,
        targetType: 'learning_path',
        targetId: pathId,
        details: { pathEnrolmentId, completedAt, eventId: event.id },
      });
      const tenant = await findTenantById(tx, event.tenantId);
      if (tenant && path.certificateEnabled) {
        await issuePathCertificate(tx, tenant, { pathId, pathEnrolmentId, pathTitle: path.title, userId, completedAt: new Date(completedAt) });
      }
    },
  }),
];
