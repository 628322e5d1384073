import type { JobHandlers } from '../platform/jobs/job-registry.js';
import type { LearnDeps } from './learn-deps.js';

/** The Learn area's background jobs (notifications), by job kind. */
export function learnJobHandlers(_deps: LearnDeps): JobHandlers {
  return {};
}
