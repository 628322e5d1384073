import { z } from 'zod';
import { onEvent } from '../../platform/events/index.js';
import { enqueueJob, type JobHandlers } from '../../platform/jobs/index.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import { spaceVersionPublished } from './publishing.events.js';
import { runPublication } from './publishing.service.js';

export const SPACE_PUBLISH_JOB = 'space.publish_to_learn';

/** The event queues the import (file work is not done inside an event handler's transaction). */
export const publishingEventHandlers = [
  onEvent({
    name: 'space.publication_queued',
    on: spaceVersionPublished,
    handle: async (event, tx) => {
      await enqueueJob(tx, { kind: SPACE_PUBLISH_JOB, payload: { publicationId: event.data.publicationId }, maxAttempts: 5 });
    },
  }),
];

export function publishingJobHandlers(deps: AreaDeps): JobHandlers {
  return {
    [SPACE_PUBLISH_JOB]: async (payload, job) => {
      if (!job.tenantId) throw new Error(`${SPACE_PUBLISH_JOB} job ${job.id} has no tenant`);
      await runPublication(deps, job.tenantId, z.object({ publicationId: z.uuid() }).parse(payload).publicationId);
    },
  };
}
