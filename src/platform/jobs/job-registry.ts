/** What a handler learns about the job it runs. */
export interface JobContext {
  id: number;
  kind: string;
  tenantId: string | null;
  /** This attempt's number, from 1. */
  attempts: number;
  maxAttempts: number;
}

export interface JobOutcome {
  /** Replaces the stored payload once the job is done, e.g. to drop secrets such as one-time links. */
  keepPayload?: Record<string, unknown>;
}

/** Runs one job; throwing schedules a retry (or ends the job as failed after its last attempt). */
export type JobHandler = (payload: Record<string, unknown>, job: JobContext) => Promise<JobOutcome | void>;

/** Handlers by job kind. A worker claims only the kinds it has a handler for; other jobs wait. */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/** Merges the handlers of several features, refusing a kind registered twice. */
export function jobRegistry(...parts: JobHandlers[]): JobHandlers {
  const merged: Record<string, JobHandler> = {};
  for (const part of parts) {
    for (const [kind, handler] of Object.entries(part)) {
      if (merged[kind]) throw new Error(`job kind ${kind} has two handlers`);
      merged[kind] = handler;
    }
  }
  return merged;
}
