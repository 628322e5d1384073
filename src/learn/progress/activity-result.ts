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
  /** How far through the activity the learner is, 0..1, or null when it did not say (SCORM 2004 `cmi.progress_measure`). */
  progressMeasure: number | null;
  /** The activity's time so far in this attempt (a total, not an increment). */
  totalTimeSeconds: number;
}

/**
 * The activity's result after a new report, given what was recorded before in this attempt.
 * The judgement and the score follow the latest report that has one: a quiz that fails after a
 * pass is failed, with its new score, and a report without a judgement (a SCORM 1.2 SCO that
 * sets "incomplete" again when re-entered) keeps the last one. A completion stays within the
 * attempt: SCOs re-entered for review often set "incomplete" again, and a learner reviewing a
 * finished course must not undo it.
 */
export function mergeActivityResult(previous: ActivityResult | null, next: ActivityResult): ActivityResult {
  if (!previous) return next;
  const success: Success = next.success !== 'unknown' ? next.success : previous.success;
  const completion: Completion =
    previous.completion === 'completed' || next.completion === 'completed'
      ? 'completed'
      : next.completion === 'incomplete'
        ? 'incomplete'
        : previous.completion;
  const scorePercent = next.scorePercent ?? previous.scorePercent;
  const progressMeasure = next.progressMeasure ?? previous.progressMeasure;
  return { completion, success, scorePercent, progressMeasure, totalTimeSeconds: Math.max(previous.totalTimeSeconds, next.totalTimeSeconds) };
}

/** Whether the activity is done: completed, or judged passed or failed. */
export function activityFinished(result: ActivityResult): boolean {
  return result.completion === 'completed' || result.success !== 'unknown';
}
