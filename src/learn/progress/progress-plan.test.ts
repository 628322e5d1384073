import { describe, expect, it } from 'vitest';
import type { ActivityResult } from './activity-result.js';
import { activity, cluster } from './activity-tree.test-support.js';
import { planAttemptProgress, type AttemptProgressPlan, type ProgressObservation } from './progress-plan.js';
import type { AttemptProgressRow, StoredActivityState } from './progress.repository.js';
import type { RollupNode } from './rollup.js';

const NOW = new Date('2026-05-04T10:00:00.000Z');
const EARLIER = new Date('2026-04-01T08:00:00.000Z');

/** A course of two activities (say a cmi5 course with two assignable units). */
const TWO = cluster('COURSE', [activity('A'), activity('B')]);
/** A course of one activity. */
const ONE = cluster('COURSE', [activity('A')]);

const result = (values: Partial<ActivityResult> = {}): ActivityResult => ({ completion: 'incomplete', success: 'unknown', scorePercent: null, progressMeasure: null, totalTimeSeconds: 0, ...values });
const observe = (activityId: string, seq: number, values: Partial<ActivityResult> = {}): ProgressObservation => ({
  activityId,
  seq,
  result: result(values),
  payload: { seq },
});
const state = (activityId: string, seq: number, values: Partial<ActivityResult> = {}): StoredActivityState => ({ activityId, seq, ...result(values) });

function stored(values: Partial<AttemptProgressRow> = {}): AttemptProgressRow {
  return {
    id: 'attempt-1',
    version: '101',
    enrolmentId: 'enrolment-1',
    enrolmentVersion: '202',
    userId: 'user-1',
    closed: false,
    status: 'in_progress',
    scorePercent: null,
    timeSpentSeconds: 0,
    completedAt: null,
    enrolmentStatus: 'in_progress',
    enrolmentScorePercent: null,
    enrolmentTimeSpentSeconds: 0,
    enrolmentCompletedAt: null,
    enrolmentEarlierStatus: null,
    enrolmentEarlierScorePercent: null,
    states: [],
    ...values,
  };
}

interface Case {
  name: string;
  tree?: RollupNode;
  stored: AttemptProgressRow | undefined;
  observations: ProgressObservation[];
  outcomes: AttemptProgressPlan['outcomes'];
  /** Activity id -> seq of each state written, in order. */
  written?: [string, number][];
  attempt?: Partial<NonNullable<AttemptProgressPlan['attempt']>> | null;
  enrolment?: Partial<NonNullable<AttemptProgressPlan['enrolment']>> | null;
  completion?: Partial<NonNullable<AttemptProgressPlan['completion']>> | null;
}

const cases: Case[] = [
  {
    name: "a first observation is stored and puts attempt and enrolment in progress, with the activity's time",
    stored: stored({ status: 'not_started', enrolmentStatus: 'not_started' }),
    observations: [observe('A', 1, { totalTimeSeconds: 60 })],
    outcomes: ['accepted'],
    written: [['A', 1]],
    attempt: { id: 'attempt-1', version: '101', status: 'in_progress', time_spent_seconds: 60, completed_at: null },
    enrolment: { id: 'enrolment-1', version: '202', status: 'in_progress', time_spent_seconds: 60, completed_at: null },
    completion: null,
  },
  {
    name: 'an observation at or below the stored sequence number is stale and writes nothing',
    stored: stored({ states: [state('A', 5)] }),
    observations: [observe('A', 5, { completion: 'completed' }), observe('A', 4, { success: 'passed' })],
    outcomes: ['stale', 'stale'],
    written: [],
    attempt: null,
    enrolment: null,
    completion: null,
  },
  {
    name: 'among observations of one activity only the highest sequence number wins (the first of equals)',
    stored: stored(),
    observations: [observe('A', 3), observe('A', 4, { completion: 'completed' }), observe('A', 4, { success: 'failed' }), observe('B', 1)],
    outcomes: ['stale', 'accepted', 'stale', 'accepted'],
    written: [
      ['A', 4],
      ['B', 1],
    ],
    attempt: { status: 'in_progress' },
  },
  {
    name: 'the last activity completed completes the attempt and the enrolment, announced with the learner',
    tree: TWO,
    stored: stored({ states: [state('A', 2, { completion: 'completed', totalTimeSeconds: 30 })], timeSpentSeconds: 30, enrolmentTimeSpentSeconds: 30 }),
    observations: [observe('B', 1, { completion: 'completed', totalTimeSeconds: 45 })],
    outcomes: ['accepted'],
    attempt: { status: 'completed', time_spent_seconds: 75, completed_at: NOW.toISOString() },
    enrolment: { status: 'completed', time_spent_seconds: 75, completed_at: NOW.toISOString() },
    completion: { enrolmentId: 'enrolment-1', userId: 'user-1', status: 'completed', scorePercent: null, completedAt: NOW.toISOString() },
  },
  {
    name: 'an enrolment completed before is not announced again, and keeps its completion date',
    tree: ONE,
    stored: stored({ status: 'completed', completedAt: EARLIER, enrolmentStatus: 'completed', enrolmentCompletedAt: EARLIER, states: [state('A', 1, { completion: 'completed' })] }),
    observations: [observe('A', 2, { completion: 'completed', totalTimeSeconds: 10 })],
    outcomes: ['accepted'],
    attempt: { status: 'completed', completed_at: EARLIER.toISOString() },
    enrolment: { status: 'completed', completed_at: EARLIER.toISOString() },
    completion: null,
  },
  {
    name: 'a pass completes the enrolment as passed, with its score',
    tree: ONE,
    stored: stored(),
    observations: [observe('A', 1, { completion: 'completed', success: 'passed', scorePercent: 85 })],
    outcomes: ['accepted'],
    attempt: { status: 'passed', score_percent: 85 },
    enrolment: { status: 'passed', score_percent: 85, completed_at: NOW.toISOString() },
    completion: { status: 'passed', scorePercent: 85 },
  },
  {
    name: 'a completed enrolment that now passes is passed, and not announced again',
    tree: ONE,
    stored: stored({ enrolmentStatus: 'completed', enrolmentCompletedAt: EARLIER, states: [state('A', 1, { completion: 'completed' })] }),
    observations: [observe('A', 2, { completion: 'completed', success: 'passed', scorePercent: 70 })],
    outcomes: ['accepted'],
    enrolment: { status: 'passed', score_percent: 70, completed_at: EARLIER.toISOString() },
    completion: null,
  },
  {
    name: 'a fail finishes the attempt as failed; the enrolment is failed, not completed, and nothing is announced',
    tree: ONE,
    stored: stored(),
    observations: [observe('A', 1, { completion: 'completed', success: 'failed', scorePercent: 30 })],
    outcomes: ['accepted'],
    attempt: { status: 'failed', score_percent: 30, completed_at: NOW.toISOString() },
    enrolment: { status: 'failed', score_percent: 30, completed_at: null },
    completion: null,
  },
  {
    name: 'a passed activity that a later observation fails is failed, with the later score (the attempt and the enrolment follow it)',
    tree: ONE,
    stored: stored({ status: 'passed', enrolmentStatus: 'passed', enrolmentScorePercent: 90, enrolmentCompletedAt: EARLIER, states: [state('A', 1, { completion: 'completed', success: 'passed', scorePercent: 90 })] }),
    observations: [observe('A', 2, { completion: 'completed', success: 'failed', scorePercent: 10 })],
    outcomes: ['accepted'],
    attempt: { status: 'failed', score_percent: 10 },
    enrolment: { status: 'failed', score_percent: 10, completed_at: null },
    completion: null,
  },
  {
    name: 'a pass of an earlier attempt stays when the open attempt fails, and so does its better score',
    tree: ONE,
    stored: stored({ enrolmentStatus: 'passed', enrolmentScorePercent: 90, enrolmentEarlierStatus: 'passed', enrolmentEarlierScorePercent: 90, enrolmentCompletedAt: EARLIER }),
    observations: [observe('A', 1, { completion: 'completed', success: 'failed', scorePercent: 10 })],
    outcomes: ['accepted'],
    attempt: { status: 'failed', score_percent: 10 },
    enrolment: { status: 'passed', score_percent: 90, completed_at: EARLIER.toISOString() },
    completion: null,
  },
  {
    name: 'several activities roll up: one passed of two is still in progress, the score is the mean of the known ones',
    tree: TWO,
    stored: stored(),
    observations: [observe('A', 1, { completion: 'completed', success: 'passed', scorePercent: 90 })],
    outcomes: ['accepted'],
    attempt: { status: 'in_progress', score_percent: 90 },
    enrolment: { status: 'in_progress', score_percent: 90 },
    completion: null,
  },
  {
    name: 'several activities roll up: both done, one passed, is passed with the mean score',
    tree: TWO,
    stored: stored({ states: [state('A', 1, { completion: 'completed', success: 'passed', scorePercent: 90 })], scorePercent: 90, enrolmentScorePercent: 90 }),
    observations: [observe('B', 1, { completion: 'completed', scorePercent: 60 })],
    outcomes: ['accepted'],
    attempt: { status: 'passed', score_percent: 75 },
    enrolment: { status: 'passed', score_percent: 75 },
    completion: { status: 'passed', scorePercent: 75 },
  },
  {
    name: "time: an activity's time is its largest total; the attempt sums its activities, the enrolment adds what the attempt added",
    tree: TWO,
    stored: stored({ states: [state('A', 1, { totalTimeSeconds: 100 })], timeSpentSeconds: 100, enrolmentTimeSpentSeconds: 500 }),
    observations: [observe('A', 2, { totalTimeSeconds: 160 }), observe('B', 1, { totalTimeSeconds: 40 })],
    outcomes: ['accepted', 'accepted'],
    attempt: { time_spent_seconds: 200 },
    enrolment: { time_spent_seconds: 600 },
  },
  {
    name: 'time: a lower total than the stored one (a report of an earlier session) does not take time away',
    tree: ONE,
    stored: stored({ states: [state('A', 1, { totalTimeSeconds: 100 })], timeSpentSeconds: 100, enrolmentTimeSpentSeconds: 100 }),
    observations: [observe('A', 2, { totalTimeSeconds: 40 })],
    outcomes: ['accepted'],
    attempt: { time_spent_seconds: 100 },
    enrolment: { time_spent_seconds: 100 },
  },
  {
    name: 'a closed attempt takes nothing: the winners are closed, the others stale',
    stored: stored({ closed: true }),
    observations: [observe('A', 1), observe('A', 2)],
    outcomes: ['stale', 'closed'],
    written: [],
    attempt: null,
    enrolment: null,
    completion: null,
  },
  {
    name: 'an attempt that is not stored takes nothing',
    stored: undefined,
    observations: [observe('A', 1)],
    outcomes: ['missing'],
    written: [],
    attempt: null,
    enrolment: null,
    completion: null,
  },
];

describe('planning the progress of an attempt', () => {
  it.each(cases)('$name', (example) => {
    const plan = planAttemptProgress(example.stored, example.tree ?? TWO, example.observations, NOW);
    expect(plan.outcomes).toEqual(example.outcomes);
    if (example.written) expect(plan.states.map((write) => [write.activity_id, write.seq])).toEqual(example.written);
    for (const key of ['attempt', 'enrolment', 'completion'] as const) {
      const expected = example[key];
      if (expected === null) expect(plan[key]).toBeNull();
      else if (expected) expect(plan[key]).toMatchObject(expected);
    }
  });

  it("writes each accepted observation's merged result and its payload as it came", () => {
    const before = stored({ states: [state('A', 1, { completion: 'completed', success: 'passed', scorePercent: 90, totalTimeSeconds: 50 })] });
    const plan = planAttemptProgress(before, TWO, [{ ...observe('A', 2, { completion: 'incomplete', totalTimeSeconds: 70 }), payload: { verb: 'progressed' } }], NOW);
    expect(plan.states).toEqual([
      {
        attempt_id: 'attempt-1',
        activity_id: 'A',
        seq: 2,
        payload: { verb: 'progressed' },
        completion_status: 'completed',
        success_status: 'passed',
        score_percent: 90,
        progress_measure: null,
        total_time_seconds: 70,
      },
    ]);
  });

  it('returns what is stored afterwards, so a second plan on it sees the first: a completion is announced once', () => {
    const first = planAttemptProgress(stored(), ONE, [observe('A', 1, { completion: 'completed' })], NOW);
    expect(first.completion).toMatchObject({ status: 'completed' });
    expect(first.next).toMatchObject({ status: 'completed', enrolmentStatus: 'completed', enrolmentCompletedAt: NOW, states: [{ activityId: 'A', seq: 1, completion: 'completed' }] });
    const second = planAttemptProgress(first.next!, ONE, [observe('A', 2, { completion: 'completed', totalTimeSeconds: 5 })], new Date(NOW.getTime() + 60_000));
    expect(second.outcomes).toEqual(['accepted']);
    expect(second.completion).toBeNull();
    expect(second.enrolment).toMatchObject({ status: 'completed', completed_at: NOW.toISOString(), time_spent_seconds: 5 });
  });

  it('returns the stored row unchanged when every observation was stale', () => {
    const before = stored({ states: [state('A', 9)] });
    expect(planAttemptProgress(before, TWO, [observe('A', 9)], NOW).next).toBe(before);
  });
});
