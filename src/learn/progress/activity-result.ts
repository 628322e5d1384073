/**
 * What Lectern records of one activity of an attempt, whatever the format that reported it: a
 * SCORM SCO's commit (tracking/progress-mapping.ts) or, next, an xAPI/cmi5 statement about an
 * assignable unit.
 */

export type Completion = 'completed' | 'incomplete' | 'not_attempted' | 'unknown';
export type Success = 'passed' | 'failed' | 'unknown';

export interface ActivityResult {
  completion: Completion;
  success: Success;
  /** 0..100, or null when the activity reported no score. */
  scorePercent: number | null;
  /** The activity's time so far in this attempt (a total, not an increment). */
  totalTimeSeconds: number;
}

/**
 * The activity's result after a new report, given what was recorded before in this attempt: a
 * pass stays a pass (a SCO re-entered after passing often sets "incomplete" again), a
 * completion stays a completion, and a later report without a score keeps the last score.
 */
export function mergeActivityResult(previous: ActivityResult | null, next: ActivityResult): ActivityResult {
  if (!previous) return next;
  const success: Success = previous.success === 'passed' ? 'passed' : next.success !== 'unknown' ? next.success : previous.success;
  const completion: Completion =
    previous.completion === 'completed' || next.completion === 'completed'
      ? 'completed'
      : next.completion === 'not_attempted' || next.completion === 'unknown'
        ? previous.completion === 'not_attempted'
          ? next.completion
          : previous.completion
        : next.completion;
  const keepPassingScore = previous.success === 'passed' && next.success !== 'passed';
  const scorePercent = keepPassingScore ? (previous.scorePercent ?? next.scorePercent) : (next.scorePercent ?? previous.scorePercent);
  return { completion, success, scorePercent, totalTimeSeconds: Math.max(previous.totalTimeSeconds, next.totalTimeSeconds) };
}

/** Whether the activity is done: completed, or judged passed or failed. */
export function activityFinished(result: ActivityResult): boolean {
  return result.completion === 'completed' || result.success !== 'unknown';
}
