import { onEvent, type EventHandler } from '../../platform/events/index.js';
import { findTenantById } from '../../platform/tenancy/index.js';
import { enrolmentCompleted } from '../enrolments/enrolment-events.js';
import { issueOnCompletion } from './certificates.service.js';

/**
 * A completed enrolment earns its certificate when the course awards one. Idempotent: the
 * delivery records that it ran in the same transaction, and the certificates table holds one
 * certificate per completion, so a redelivered event issues nothing new.
 */
export const certificateEventHandlers: EventHandler[] = [
  onEvent({
    name: 'learn.issue_certificate',
    on: enrolmentCompleted,
    handle: async (event, tx) => {
      const tenant = await findTenantById(tx, event.tenantId);
      if (!tenant) return;
      const { enrolmentId, status, scorePercent, completedAt } = event.data;
      await issueOnCompletion(tx, tenant, enrolmentId, { status, scorePercent, completedAt: new Date(completedAt) });
    },
  }),
];
