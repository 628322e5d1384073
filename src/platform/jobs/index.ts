// The public entry of platform/jobs for the areas.
export { enqueueJob, type NewJob } from './enqueue-job.js';
export type { JobContext, JobHandler, JobHandlers } from './job-registry.js';
export type { RecurringJob } from './recurring-jobs.js';
