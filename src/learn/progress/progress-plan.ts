import { COMPLETED_STATUSES, type EnrolmentCompletedData } from '../enrolments/enrolment-events.js';
import { mergeActivityResult, type ActivityResult } from './activity-result.js';
import type { ActivityStateWrite, AttemptProgressRow, AttemptWrite, EnrolmentWrite } from './progress.repository.js';
import { FINISHED_STATUSES, nextEnrolmentSummary, rollupAttempt, type AttemptProgress, type RollupNode } from './rollup.js';

/**
 * What one report of a learning format says about one activity of an attempt: a SCORM commit of
 * a SCO, or (next) an xAPI/cmi5 statement about an assignable unit. Progress reads only the result;
 * the rest is kept as it came.
 */
export interface ProgressObservation {
  /** The activity in the attempt's activity tree (a leaf of the RollupNode tree). */
  activityId: string;
  /**
   * Orders the observations of one activity: one at or below the stored one is stale and changes
   * nothing, so a report that arrives late never overwrites a newer one (SCORM: the player's
   * commit sequence number).
   */
  seq: number;
  result: ActivityResult;
  /** The format's own data of the activity (SCORM: the CMI data model the next launch resumes from); stored, never read by progress. */
  payload: Record<string, unknown>;
}

/** What became of one observation: stored, older than (or equal to) what is stored, or refused because the attempt is closed or gone. */
export type ObservationOutcome = 'accepted' | 'stale' | 'closed' | 'missing';

/** The writes that record the observations of one attempt, and what follows from them. */
export interface AttemptProgressPlan {
  /** One per observation, in their order. */
  outcomes: ObservationOutcome[];
  states: ActivityStateWrite[];
  /** The attempt's new rollup, checked against the stored row version; null when nothing changed. */
  attempt: AttemptWrite | null;
  /** The enrolment's new summary, checked the same way; null when nothing changed. */
  enrolment: EnrolmentWrite | null;
  /** The enrolment reached completed or passed for the first time: to announce in the same transaction. */
  completion: EnrolmentCompletedData | null;
  /** What is stored of the attempt once the writes are durable (row versions still the read ones); null: it takes no observations. */
  next: AttemptProgressRow | null;
}

/**
 * Plans how the observations of one attempt change what is stored: each activity's newest
 * observation merged into its stored state, the attempt rolled up over its activity tree, the
 * enrolment's summary moved on, and the completion to announce. Pure: the same inputs give the
 * same writes, whichever format the observations came from.
 */
export function planAttemptProgress(stored: AttemptProgressRow | undefined, tree: RollupNode, observations: readonly ProgressObservation[], now: Date): AttemptProgressPlan {
  const outcomes: ObservationOutcome[] = observations.map(() => 'stale');
  // Among the observations only the highest sequence number of an activity can win (the first of equals).
  const winners = new Map<string, number>();
  observations.forEach((observation, index) => {
    const current = winners.get(observation.activityId);
    if (current === undefined || observation.seq > observations[current]!.seq) winners.set(observation.activityId, index);
  });
  if (!stored || stored.closed) {
    for (const index of winners.values()) outcomes[index] = stored ? 'closed' : 'missing';
    return { outcomes, states: [], attempt: null, enrolment: null, completion: null, next: null };
  }

  const states = new Map<string, ActivityResult & { seq: number }>(
    stored.states.map((state) => [
      state.activityId,
      {
        seq: Number(state.seq),
        completion: state.completion,
        success: state.success,
        scorePercent: state.scorePercent,
        progressMeasure: state.progressMeasure,
        totalTimeSeconds: state.totalTimeSeconds,
      },
    ]),
  );
  const stateWrites: ActivityStateWrite[] = [];
  for (const index of winners.values()) {
    const observation = observations[index]!;
    const previous = states.get(observation.activityId);
    if (previous && previous.seq >= observation.seq) continue;
    const merged = mergeActivityResult(previous ?? null, observation.result);
    states.set(observation.activityId, { ...merged, seq: observation.seq });
    stateWrites.push({
      attempt_id: stored.id,
      activity_id: observation.activityId,
      seq: observation.seq,
      payload: observation.payload,
      completion_status: merged.completion,
      success_status: merged.success,
      score_percent: merged.scorePercent,
      progress_measure: merged.progressMeasure,
      total_time_seconds: merged.totalTimeSeconds,
    });
    outcomes[index] = 'accepted';
  }
  if (stateWrites.length === 0) return { outcomes, states: [], attempt: null, enrolment: null, completion: null, next: stored };

  const before: AttemptProgress = { status: stored.status, scorePercent: stored.scorePercent, timeSpentSeconds: stored.timeSpentSeconds };
  const after = rollupAttempt(tree, states);
  const completedAt = FINISHED_STATUSES.includes(after.status) ? (stored.completedAt ?? now) : null;
  const summary = nextEnrolmentSummary(
    {
      status: stored.enrolmentStatus,
      scorePercent: stored.enrolmentScorePercent,
      timeSpentSeconds: stored.enrolmentTimeSpentSeconds,
      completedAt: stored.enrolmentCompletedAt,
    },
    { status: stored.enrolmentEarlierStatus, scorePercent: stored.enrolmentEarlierScorePercent },
    before,
    after,
    now,
  );
  const completion: EnrolmentCompletedData | null =
    COMPLETED_STATUSES.includes(summary.status) && !COMPLETED_STATUSES.includes(stored.enrolmentStatus)
      ? {
          enrolmentId: stored.enrolmentId,
          userId: stored.userId,
          status: summary.status as EnrolmentCompletedData['status'],
          scorePercent: summary.scorePercent,
          completedAt: (summary.completedAt ?? now).toISOString(),
        }
      : null;
  return {
    outcomes,
    states: stateWrites,
    attempt: {
      id: stored.id,
      version: stored.version,
      status: after.status,
      score_percent: after.scorePercent,
      time_spent_seconds: after.timeSpentSeconds,
      completed_at: completedAt?.toISOString() ?? null,
    },
    enrolment: {
      id: stored.enrolmentId,
      version: stored.enrolmentVersion,
      status: summary.status,
      score_percent: summary.scorePercent,
      time_spent_seconds: summary.timeSpentSeconds,
      completed_at: summary.completedAt?.toISOString() ?? null,
    },
    completion,
    next: {
      ...stored,
      status: after.status,
      scorePercent: after.scorePercent,
      timeSpentSeconds: after.timeSpentSeconds,
      completedAt,
      enrolmentStatus: summary.status,
      enrolmentScorePercent: summary.scorePercent,
      enrolmentTimeSpentSeconds: summary.timeSpentSeconds,
      enrolmentCompletedAt: summary.completedAt,
      states: [...states].map(([activityId, state]) => ({ activityId, ...state })),
    },
  };
}
