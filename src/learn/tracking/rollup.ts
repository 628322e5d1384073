import type { ProgressStatus } from '../enrolments/enrolments.schema.js';
import type { PlayableItem } from './course-structure.js';
import { scoFinished, type ScoResult } from './progress-mapping.js';

export interface AttemptProgress {
  status: ProgressStatus;
  scorePercent: number | null;
  timeSpentSeconds: number;
}

/**
 * The attempt's progress from its SCOs (the default rollup of SCORM 2004, applied to 1.2 too):
 * - only tracked SCOs count (assets report nothing; 2004 `tracked="false"` is left out);
 * - the attempt is finished when every SCO counting for completion is finished (completed, or
 *   judged passed/failed); until then it is in progress (or not started without any commit);
 * - a finished attempt is failed when any SCO counting for satisfaction failed, passed when at
 *   least one passed (SCOs without a judgement, such as information pages, do not stop a pass),
 *   else completed;
 * - the score is the mean of the scores of the SCOs counting for satisfaction that have one;
 * - the time is the sum of all SCOs' times.
 */
export function rollupAttempt(items: PlayableItem[], states: ReadonlyMap<string, ScoResult>): AttemptProgress {
  let timeSpentSeconds = 0;
  for (const state of states.values()) timeSpentSeconds += state.totalTimeSeconds;
  const tracked = items.filter((item) => item.tracked);
  const forCompletion = tracked.filter((item) => item.rollupCompletion);
  const forSatisfaction = tracked.filter((item) => item.rollupSatisfied);

  const scores = forSatisfaction.map((item) => states.get(item.identifier)?.scorePercent).filter((score): score is number => typeof score === 'number');
  const scorePercent = scores.length ? Math.round((scores.reduce((sum, score) => sum + score, 0) / scores.length) * 100) / 100 : null;

  const finished =
    forCompletion.length > 0 &&
    forCompletion.every((item) => {
      const state = states.get(item.identifier);
      return state !== undefined && scoFinished(state);
    });
  let status: ProgressStatus;
  if (finished) {
    const successes = forSatisfaction.map((item) => states.get(item.identifier)?.success ?? 'unknown');
    status = successes.includes('failed') ? 'failed' : successes.includes('passed') ? 'passed' : 'completed';
  } else {
    status = states.size > 0 ? 'in_progress' : 'not_started';
  }
  return { status, scorePercent, timeSpentSeconds };
}

export const FINISHED_STATUSES: readonly ProgressStatus[] = ['completed', 'passed', 'failed'];

export interface EnrolmentSummary {
  status: ProgressStatus;
  scorePercent: number | null;
  timeSpentSeconds: number;
  completedAt: Date | null;
}

/**
 * The enrolment's summary after its open attempt moved from `before` to `after`. A completion
 * or pass reached once stays (a later attempt can only improve completed to passed) until an
 * administrator resets the enrolment; otherwise the summary follows the open attempt. The
 * score is the best of the attempts; the time adds what the attempt added.
 */
export function nextEnrolmentSummary(current: EnrolmentSummary, before: AttemptProgress, after: AttemptProgress, now: Date): EnrolmentSummary {
  let status: ProgressStatus;
  if (current.status === 'passed') status = 'passed';
  else if (current.status === 'completed') status = after.status === 'passed' ? 'passed' : 'completed';
  else status = after.status === 'not_started' ? 'in_progress' : after.status;

  const reached = status === 'completed' || status === 'passed';
  const completedAt = reached ? (current.completedAt ?? now) : null;
  const scorePercent =
    after.scorePercent === null ? current.scorePercent : current.scorePercent === null ? after.scorePercent : Math.max(current.scorePercent, after.scorePercent);
  const timeSpentSeconds = current.timeSpentSeconds + Math.max(0, after.timeSpentSeconds - before.timeSpentSeconds);
  return { status, scorePercent, timeSpentSeconds, completedAt };
}
