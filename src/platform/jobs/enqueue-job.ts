import type { Orm } from '../db/client.js';
import { insertJob, type NewJob } from './jobs.repository.js';

export type { NewJob };

/**
 * Adds a job in the caller's transaction, so it commits or rolls back with the change that
 * causes it: nothing is sent for a change that did not happen, and nothing is lost after one
 * that did. Works inside withTenant (the tenant is taken from the transaction) and on db.owner.
 */
export function enqueueJob(tx: Orm, job: NewJob): Promise<void> {
  return insertJob(tx, job);
}
