import type { BlobReferences } from '../storage/blob-store.js';
import { domainEventJobHandlers } from '../events/event-handlers.js';
import { jobRegistry, type JobHandlers } from '../jobs/job-registry.js';
import type { RecurringJob } from '../jobs/recurring-jobs.js';
import type { AreaDeps, AreaModule } from './area-module.js';

/** The job handlers the modules bring: each area's own, and the delivery of domain events to every area's event handlers. */
export function moduleJobHandlers(modules: readonly AreaModule[], deps: AreaDeps): JobHandlers {
  const eventHandlers = modules.flatMap((module) => module.eventHandlers ?? []);
  return jobRegistry(...modules.map((module) => module.jobHandlers?.(deps) ?? {}), domainEventJobHandlers(deps.db, eventHandlers));
}

/** The periodic jobs the modules bring. */
export function moduleRecurringJobs(modules: readonly AreaModule[], deps: AreaDeps): RecurringJob[] {
  return modules.flatMap((module) => module.recurringJobs?.(deps) ?? []);
}

/** Where the modules refer to stored blobs: the collector keeps exactly those. */
export function moduleBlobReferences(modules: readonly AreaModule[], deps: AreaDeps): BlobReferences[] {
  return modules.flatMap((module) => (module.blobReferences ? [module.blobReferences(deps)] : []));
}
