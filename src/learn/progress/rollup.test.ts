import { describe, expect, it } from 'vitest';
import type { ActivityResult } from './activity-result.js';
import { activity as sco, cluster } from './activity-tree.test-support.js';
import { nextEnrolmentSummary, rollupAttempt, type RollupNode } from './rollup.js';

type Rule = RollupNode['rules'][number];
const rule = (childActivitySet: string, conditions: Rule['conditions'], action: string, values: Partial<Rule> = {}): Rule => ({
  childActivitySet,
  minimumCount: 0,
  minimumPercent: 0,
  conditionCombination: 'any',
  conditions,
  action,
  ...values,
});

describe('rollup of an attempt', () => {
  const state = (values: Partial<ActivityResult>): ActivityResult => ({ completion: 'incomplete', success: 'unknown', scorePercent: null, progressMeasure: null, totalTimeSeconds: 0, ...values });
  const root = cluster('ORG', [sco('A'), sco('B'), sco('C')]);

  it('is not started without states, in progress until every SCO is done', () => {
    expect(rollupAttempt(root, new Map())).toEqual({ status: 'not_started', scorePercent: null, timeSpentSeconds: 0 });
    const partial = new Map([
      ['A', state({ completion: 'completed', totalTimeSeconds: 60 })],
      ['B', state({ success: 'passed', scorePercent: 80, totalTimeSeconds: 30 })],
    ]);
    expect(rollupAttempt(root, partial)).toEqual({ status: 'in_progress', scorePercent: 80, timeSpentSeconds: 90 });
  });

  it('is passed when all are done and one passed, failed when any failed, completed without any judgement', () => {
    const all = (c: Partial<ActivityResult>) =>
      new Map([
        ['A', state({ completion: 'completed' })],
        ['B', state({ completion: 'completed', success: 'passed', scorePercent: 90 })],
        ['C', state({ completion: 'completed', ...c })],
      ]);
    expect(rollupAttempt(root, all({})).status).toBe('passed');
    expect(rollupAttempt(root, all({ success: 'failed', scorePercent: 40 }))).toMatchObject({ status: 'failed', scorePercent: 65 });
    expect(rollupAttempt(cluster('ORG', [sco('A'), sco('C')]), all({})).status).toBe('completed');
  });

  it('leaves out assets, untracked SCOs and SCOs excluded from completion or satisfaction rollup', () => {
    const mixed = cluster('ORG', [sco('A'), sco('ASSET', { tracked: false }), sco('NOCOMPLETE', { rollupCompletion: false }), sco('NOSATISFY', { rollupSatisfied: false })]);
    const states = new Map([
      ['A', state({ completion: 'completed', success: 'passed', scorePercent: 100 })],
      ['NOSATISFY', state({ completion: 'completed', success: 'failed', scorePercent: 0 })],
    ]);
    expect(rollupAttempt(mixed, states)).toMatchObject({ status: 'passed', scorePercent: 100 });
  });

  it('rolls nested clusters up one level at a time, the score weighted by objectiveMeasureWeight', () => {
    const tree = cluster('ORG', [cluster('M1', [sco('A'), sco('B')]), cluster('M2', [sco('C')], { measureWeight: 3 })]);
    const states = new Map([
      ['A', state({ completion: 'completed', success: 'passed', scorePercent: 100 })],
      ['B', state({ completion: 'completed', success: 'passed', scorePercent: 60 })],
      ['C', state({ completion: 'incomplete', scorePercent: 40 })],
    ]);
    // M1 scores 80, M2 40 with three times the weight: (80 + 3 * 40) / 4 = 50.
    expect(rollupAttempt(tree, states)).toMatchObject({ status: 'in_progress', scorePercent: 50 });
    states.set('C', state({ completion: 'completed', scorePercent: 40 }));
    expect(rollupAttempt(tree, states).status).toBe('passed');
  });

  it("applies a cluster's own rollup rules: any child satisfied, at least a count completed, not satisfied when none is", () => {
    const quizzes = cluster('ORG', [sco('Q1'), sco('Q2'), sco('Q3')], {
      rules: [
        rule('any', [{ condition: 'satisfied', operator: 'noOp' }], 'satisfied'),
        rule('atLeastCount', [{ condition: 'completed', operator: 'noOp' }], 'completed', { minimumCount: 2 }),
        rule('all', [{ condition: 'satisfied', operator: 'not' }], 'notSatisfied'),
      ],
    });
    const one = new Map([['Q1', state({ completion: 'completed', success: 'passed', scorePercent: 90 })]]);
    // One passed quiz satisfies the cluster at once, unfinished as it is.
    expect(rollupAttempt(quizzes, one).status).toBe('passed');
    const twoFailed = new Map([
      ['Q1', state({ completion: 'completed', success: 'failed' })],
      ['Q2', state({ completion: 'completed', success: 'failed' })],
    ]);
    // Q3 is unknown, so "all not satisfied" does not hold yet; two of three completed is enough for completion.
    expect(rollupAttempt(quizzes, twoFailed).status).toBe('completed');
    twoFailed.set('Q3', state({ completion: 'completed', success: 'failed' }));
    expect(rollupAttempt(quizzes, twoFailed).status).toBe('failed');
  });

  it('takes a share of the children (atLeastPercent) and combines conditions with all', () => {
    const tree = cluster('ORG', [sco('A'), sco('B'), sco('C'), sco('D')], {
      rules: [
        rule('atLeastPercent', [{ condition: 'completed', operator: 'noOp' }, { condition: 'satisfied', operator: 'noOp' }], 'satisfied', {
          minimumPercent: 0.5,
          conditionCombination: 'all',
        }),
      ],
    });
    const states = new Map([
      ['A', state({ completion: 'completed', success: 'passed' })],
      ['B', state({ completion: 'completed' })],
    ]);
    expect(rollupAttempt(tree, states).status).toBe('in_progress');
    states.set('B', state({ completion: 'completed', success: 'passed' }));
    expect(rollupAttempt(tree, states).status).toBe('passed');
  });

  it('judges a cluster satisfied by measure by its rolled-up score', () => {
    const tree = cluster('ORG', [sco('A'), sco('B')], { satisfiedByMeasure: 0.7 });
    const states = new Map([['A', state({ completion: 'completed', success: 'passed', scorePercent: 90 })]]);
    expect(rollupAttempt(tree, states)).toMatchObject({ status: 'passed', scorePercent: 90 });
    states.set('B', state({ completion: 'completed', success: 'passed', scorePercent: 40 }));
    expect(rollupAttempt(tree, states)).toMatchObject({ status: 'failed', scorePercent: 65 });
  });
});

describe('enrolment summary', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  const progress = (status: 'in_progress' | 'completed' | 'passed' | 'failed' | 'not_started', timeSpentSeconds = 0, scorePercent: number | null = null) => ({ status, timeSpentSeconds, scorePercent });

  const none = { status: null, scorePercent: null };
  const start = { status: 'in_progress' as const, scorePercent: null, timeSpentSeconds: 0, completedAt: null };

  it('follows the open attempt both ways: a pass that turns into a failure is a failure, and the score is the attempt’s latest', () => {
    expect(nextEnrolmentSummary(start, none, progress('in_progress'), progress('failed', 30, 40), now)).toEqual({ status: 'failed', scorePercent: 40, timeSpentSeconds: 30, completedAt: null });
    const passed = nextEnrolmentSummary(start, none, progress('in_progress'), progress('passed', 60, 85), now);
    expect(passed).toEqual({ status: 'passed', scorePercent: 85, timeSpentSeconds: 60, completedAt: now });
    // The second SCO scores 50: the attempt's mean is 67.5 and it failed.
    expect(nextEnrolmentSummary(passed, none, progress('passed', 60, 85), progress('failed', 90, 67.5), now)).toEqual({ status: 'failed', scorePercent: 67.5, timeSpentSeconds: 90, completedAt: null });
  });

  it('keeps what an earlier attempt reached: a pass stays, a completion can only become a pass, the better score stays', () => {
    const later = new Date('2026-03-02T10:00:00Z');
    const completed = { status: 'completed' as const, scorePercent: null, timeSpentSeconds: 60, completedAt: now };
    const earlierCompleted = { status: 'completed' as const, scorePercent: null };
    expect(nextEnrolmentSummary(completed, earlierCompleted, progress('not_started'), progress('in_progress', 10), later)).toMatchObject({ status: 'completed', completedAt: now, timeSpentSeconds: 70 });
    expect(nextEnrolmentSummary(completed, earlierCompleted, progress('in_progress', 10), progress('passed', 20, 70), later)).toMatchObject({ status: 'passed', completedAt: now, scorePercent: 70 });
    const passed = { status: 'passed' as const, scorePercent: 90, timeSpentSeconds: 0, completedAt: now };
    expect(nextEnrolmentSummary(passed, { status: 'passed', scorePercent: 90 }, progress('in_progress'), progress('failed', 0, 20), later)).toMatchObject({ status: 'passed', scorePercent: 90 });
    expect(nextEnrolmentSummary(passed, { status: 'passed', scorePercent: 90 }, progress('in_progress'), progress('passed', 0, 95), later)).toMatchObject({ status: 'passed', scorePercent: 95 });
  });
});
