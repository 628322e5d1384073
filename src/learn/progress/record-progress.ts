import type { UseCase } from '../../platform/access/index.js';
import { publishEvent } from '../../platform/events/index.js';
import { AppError, type FieldProblem } from '../../platform/http/index.js';
import { enrolmentCompleted } from '../enrolments/enrolment-events.js';
import type { Completion, Success } from './activity-result.js';
import { planAttemptProgress, type ObservationOutcome, type ProgressObservation } from './progress-plan.js';
import { lockEnrolmentsOfAttempts, readAttemptProgress, writeAttemptProgress } from './progress.repository.js';
import type { AttemptProgress, EnrolmentSummary, RollupNode } from './rollup.js';

export interface AttemptObservations {
  attemptId: string;
  /** The activity tree of the attempt's content version; every observation names one of its leaves. */
  tree: RollupNode;
  observations: ProgressObservation[];
}

export interface RecordedProgress {
  /** One per observation, in their order. */
  outcomes: ObservationOutcome[];
  /** The attempt's and the enrolment's progress as now stored; null when the attempt is closed or gone. */
  attempt: AttemptProgress | null;
  enrolment: EnrolmentSummary | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMPLETIONS: readonly Completion[] = ['completed', 'incomplete', 'not_attempted', 'unknown'];
const SUCCESSES: readonly Success[] = ['passed', 'failed', 'unknown'];
/** The largest time the attempt tables hold (a PostgreSQL integer). */
const MAX_SECONDS = 2_147_483_647;

function leavesOf(node: RollupNode, into = new Set<string>()): Set<string> {
  if (node.leaf) into.add(node.identifier);
  for (const child of node.children) leavesOf(child, into);
  return into;
}

const problem = (field: string, en: string, de: string): FieldProblem => ({ field, message: { en, de } });

/** Refuses, before anything is read or written, observations that no stored progress could hold. */
function checkObservations(input: AttemptObservations): void {
  if (!UUID.test(input.attemptId)) throw new AppError('LEARN_ATTEMPT_NOT_FOUND');
  if (input.observations.length === 0) throw new AppError('LEARN_PROGRESS_INVALID', [problem('observations', 'at least one', 'mindestens eine')]);
  const leaves = leavesOf(input.tree);
  const unknown: FieldProblem[] = [];
  const invalid: FieldProblem[] = [];
  input.observations.forEach((observation, index) => {
    const at = `observations[${index}]`;
    const { result, payload } = observation;
    if (!leaves.has(observation.activityId)) unknown.push(problem(`${at}.activityId`, 'not an activity of this content', 'keine Aktivität dieses Inhalts'));
    if (!Number.isSafeInteger(observation.seq) || observation.seq < 0) invalid.push(problem(`${at}.seq`, 'a whole number >= 0', 'eine ganze Zahl >= 0'));
    if (!COMPLETIONS.includes(result.completion)) invalid.push(problem(`${at}.result.completion`, COMPLETIONS.join(', '), COMPLETIONS.join(', ')));
    if (!SUCCESSES.includes(result.success)) invalid.push(problem(`${at}.result.success`, SUCCESSES.join(', '), SUCCESSES.join(', ')));
    const score = result.scorePercent;
    if (score !== null && !(Number.isFinite(score) && score >= 0 && score <= 100)) invalid.push(problem(`${at}.result.scorePercent`, 'null or 0..100', 'null oder 0..100'));
    const measure = result.progressMeasure;
    if (measure !== null && !(Number.isFinite(measure) && measure >= 0 && measure <= 1)) invalid.push(problem(`${at}.result.progressMeasure`, 'null or 0..1', 'null oder 0..1'));
    const time = result.totalTimeSeconds;
    if (!Number.isSafeInteger(time) || time < 0 || time > MAX_SECONDS) invalid.push(problem(`${at}.result.totalTimeSeconds`, 'whole seconds >= 0', 'ganze Sekunden >= 0'));
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) invalid.push(problem(`${at}.payload`, 'a JSON object', 'ein JSON-Objekt'));
  });
  if (unknown.length > 0) throw new AppError('LEARN_PROGRESS_UNKNOWN_ACTIVITY', unknown);
  if (invalid.length > 0) throw new AppError('LEARN_PROGRESS_INVALID', invalid);
}

/**
 * Records what the observations of one attempt say, inside the caller's use case (its
 * transaction carries the tenant; whether the caller may report for the attempt, a launch
 * credential of it for instance, is the caller's to check): the attempt's enrolment is locked (as every change of an attempt does
 * first), its stored progress read, the writes planned and made, and a first completion of the
 * enrolment announced (`learn.enrolment.completed`) in the same transaction. Whatever the format
 * of the observations, the enrolment's summary, and so the reports, move the same way.
 * A closed or unknown attempt stores nothing; its observations come back `closed` or `missing`.
 */
export async function recordProgress({ tx }: Pick<UseCase, 'tx'>, input: AttemptObservations, now = new Date()): Promise<RecordedProgress> {
  checkObservations(input);
  await lockEnrolmentsOfAttempts(tx, [input.attemptId]);
  const { attempts } = await readAttemptProgress(tx, [input.attemptId], []);
  const plan = planAttemptProgress(attempts[0], input.tree, input.observations, now);
  if (plan.attempt && plan.enrolment) {
    const written = await writeAttemptProgress(tx, { states: plan.states, attempts: [plan.attempt], enrolments: [plan.enrolment], verifySessions: [], touchSessions: [] });
    // Nothing else changes the attempt or the enrolment while their lock is held.
    if (!written) throw new Error(`attempt ${input.attemptId} changed while its enrolment was locked`);
    if (plan.completion) await publishEvent(tx, enrolmentCompleted, plan.completion);
  }
  const next = plan.next;
  return {
    outcomes: plan.outcomes,
    attempt: next && { status: next.status, scorePercent: next.scorePercent, timeSpentSeconds: next.timeSpentSeconds },
    enrolment: next && {
      status: next.enrolmentStatus,
      scorePercent: next.enrolmentScorePercent,
      timeSpentSeconds: next.enrolmentTimeSpentSeconds,
      completedAt: next.enrolmentCompletedAt,
    },
  };
}
