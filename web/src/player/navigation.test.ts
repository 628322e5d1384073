import { describe, expect, it } from 'vitest';
import { objectivesFromCmi } from './cmi-progress';
import { canChoose, nextItem, previousItem, resolveNavigationRequest, resolvePostCondition, shownInContents } from './navigation';
import type { ItemStates, Playable } from './player-types';

type Rule = Playable['sequencingRules'][number];
const free = { choice: true, flow: true, forwardOnly: false };
const item = (id: string, sequencingRules: Rule[] = [], navigation = free, objectives: Playable['objectives'] = [], clusters: Playable['clusters'] = []): Playable => ({
  identifier: id,
  title: id,
  launchHref: `${id}.html`,
  scormType: 'sco',
  ownWindow: false,
  sequencingRules,
  navigation,
  objectives,
  clusters,
});
const map = (target: string, values: Partial<Playable['objectives'][number]['maps'][number]>) => ({
  target,
  readSatisfied: false,
  readMeasure: false,
  writeSatisfied: false,
  writeMeasure: false,
  ...values,
});
const playable: Playable[] = ['A', 'B', 'C'].map((id) => item(id));
const rule = (kind: Rule['kind'], conditions: [string, ('noOp' | 'not')?, number?][], action: string, conditionCombination: Rule['conditionCombination'] = 'all'): Rule => ({
  kind,
  conditionCombination,
  conditions: conditions.map(([condition, operator = 'noOp', measureThreshold]) => ({ condition, operator, measureThreshold: measureThreshold ?? null, otherObjective: null })),
  action,
});

describe('player navigation', () => {
  it('follows the flow order with next and previous', () => {
    expect(nextItem(playable, free, 'A')).toBe('B');
    expect(nextItem(playable, free, 'C')).toBeNull();
    expect(previousItem(playable, free, 'B')).toBe('A');
    expect(previousItem(playable, free, 'A')).toBeNull();
  });

  it('offers no previous when forward-only, no next/previous without flow, no choosing without choice', () => {
    const withMode = (mode: typeof free) => ['A', 'B', 'C'].map((id) => item(id, [], mode));
    expect(previousItem(withMode({ ...free, forwardOnly: true }), { ...free, forwardOnly: true }, 'B')).toBeNull();
    expect(nextItem(withMode({ ...free, flow: false }), { ...free, flow: false }, 'A')).toBeNull();
    expect(canChoose(withMode({ ...free, choice: false }), { ...free, choice: false }, 'C')).toBe(false);
    expect(canChoose(playable, free, 'C')).toBe(true);
    expect(canChoose(playable, free, 'Z')).toBe(false);
  });

  it('resolves the navigation requests a SCO makes', () => {
    expect(resolveNavigationRequest('continue', undefined, playable, free, 'A')).toEqual({ kind: 'item', identifier: 'B' });
    expect(resolveNavigationRequest('previous', undefined, playable, free, 'B')).toEqual({ kind: 'item', identifier: 'A' });
    expect(resolveNavigationRequest('choice', 'C', playable, free, 'A')).toEqual({ kind: 'item', identifier: 'C' });
    expect(resolveNavigationRequest('choice', 'C', playable.map((entry) => ({ ...entry, navigation: { ...free, choice: false } })), { ...free, choice: false }, 'A')).toEqual({
      kind: 'none',
    });
    expect(resolveNavigationRequest('jump', 'C', playable, { ...free, choice: false }, 'A')).toEqual({ kind: 'item', identifier: 'C' });
    expect(resolveNavigationRequest('exitAll', undefined, playable, free, 'A')).toEqual({ kind: 'exit' });
    expect(resolveNavigationRequest('continue', undefined, playable, free, 'C')).toEqual({ kind: 'none' });
  });

  it("follows each cluster's control mode: no choosing inside a cluster without choice, no flow into or out of one without flow", () => {
    const noChoice = { choice: false, flow: true, forwardOnly: false };
    const noFlow = { choice: true, flow: false, forwardOnly: false };
    const items = [item('INTRO'), item('QUIZ-1', [], noChoice), item('QUIZ-2', [], noChoice), item('REF-1', [], noFlow), item('OUTRO')];
    expect(canChoose(items, free, 'QUIZ-2', {}, 'INTRO')).toBe(false);
    expect(canChoose(items, free, 'REF-1', {}, 'INTRO')).toBe(true);
    expect(nextItem(items, free, 'INTRO')).toBe('QUIZ-1');
    expect(nextItem(items, free, 'QUIZ-1')).toBe('QUIZ-2');
    // The reference cluster has no flow: it is reached by choice only, and left by choice only.
    expect(nextItem(items, free, 'QUIZ-2')).toBeNull();
    expect(nextItem(items, free, 'REF-1')).toBeNull();
    expect(previousItem(items, free, 'OUTRO')).toBeNull();
  });

  describe('SCORM 2004 sequencing rules', () => {
    const passed: ItemStates = { A: { status: 'passed', measure: 0.9 } };

    it('skips an item whose pre-condition says skip, in both directions, and stops at a disabled one', () => {
      const items = [item('A'), item('B', [rule('pre', [['satisfied']], 'skip')]), item('C')];
      const states: ItemStates = { B: { status: 'passed', measure: null } };
      expect(nextItem(items, free, 'A', states)).toBe('C');
      expect(previousItem(items, free, 'C', states)).toBe('A');
      // Not yet passed: B is not skipped.
      expect(nextItem(items, free, 'A', {})).toBe('B');
      const locked = [item('A'), item('B', [rule('pre', [['attempted', 'not']], 'disabled')]), item('C')];
      expect(nextItem(locked, free, 'A', {})).toBeNull();
      expect(canChoose(locked, free, 'B', {}, 'A')).toBe(false);
      expect(nextItem(locked, free, 'A', { B: { status: 'in_progress', measure: null } })).toBe('B');
    });

    it('hides an item from the contents and from choice, and stops choosing past an item that stops forward traversal', () => {
      const items = [item('A', [rule('pre', [['always']], 'stopForwardTraversal')]), item('B', [rule('pre', [['always']], 'hiddenFromChoice')]), item('C')];
      expect(shownInContents(items, 'B')).toBe(false);
      expect(shownInContents(items, 'C')).toBe(true);
      expect(canChoose(items, free, 'B', {}, 'C')).toBe(false);
      expect(canChoose(items, free, 'C', {}, 'A')).toBe(false);
      expect(canChoose(items, free, 'A', {}, 'C')).toBe(true);
      // Flow is not bound by it, and a hidden item is still reached by flow.
      expect(nextItem(items, free, 'A', {})).toBe('B');
    });

    it('compares the score with a measure threshold, combines conditions, and treats conditions on other objectives as unknown', () => {
      const high = item('A', [rule('pre', [['objectiveMeasureGreaterThan', 'noOp', 0.8], ['completed']], 'skip', 'all')]);
      const items = [item('START'), high, item('END')];
      expect(nextItem(items, free, 'START', passed)).toBe('END');
      expect(nextItem(items, free, 'START', { A: { status: 'passed', measure: 0.5 } })).toBe('A');
      const elsewhere: Rule = { ...rule('pre', [['satisfied']], 'skip'), conditions: [{ condition: 'satisfied', operator: 'noOp', measureThreshold: null, otherObjective: 'pretest' }] };
      expect(nextItem([item('START'), item('A', [elsewhere]), item('END')], free, 'START', passed)).toBe('A');
    });

    it('follows post-condition rules when a SCO ends without a request: continue, previous, exit all', () => {
      const items = [item('A', [rule('post', [['satisfied']], 'continue')]), item('B', [rule('post', [['satisfied', 'not']], 'previous')]), item('C', [rule('post', [['completed']], 'exitAll')])];
      expect(resolvePostCondition(items, 'A', passed)).toEqual({ kind: 'item', identifier: 'B' });
      expect(resolvePostCondition(items, 'A', {})).toEqual({ kind: 'none' });
      expect(resolvePostCondition(items, 'B', { B: { status: 'failed', measure: 0.1 } })).toEqual({ kind: 'item', identifier: 'A' });
      expect(resolvePostCondition(items, 'C', { C: { status: 'completed', measure: null } })).toEqual({ kind: 'exit' });
    });

    it('reads shared objectives: a passed pretest lets the lesson it covers be skipped', () => {
      const items = [
        item('PRETEST', [], free, [{ id: 'pretest', primary: true, maps: [map('module-1', { writeSatisfied: true, writeMeasure: true })] }]),
        item('LESSON', [rule('pre', [['satisfied']], 'skip')], free, [{ id: 'lesson', primary: true, maps: [map('module-1', { readSatisfied: true })] }]),
        item('END'),
      ];
      expect(nextItem(items, free, 'PRETEST', { PRETEST: { status: 'failed', measure: 0.3 } })).toBe('LESSON');
      expect(nextItem(items, free, 'PRETEST', { PRETEST: { status: 'passed', measure: 0.9 } })).toBe('END');
      // Without a map the lesson's own (unknown) status decides.
      const unmapped = items.map((entry) => ({ ...entry, objectives: [] }));
      expect(nextItem(unmapped, free, 'PRETEST', { PRETEST: { status: 'passed', measure: 0.9 } })).toBe('LESSON');
    });

    it('applies the rules of a cluster to the items inside it: the lessons a passed pretest covers are skipped together', () => {
      const lessons = {
        identifier: 'LESSONS',
        sequencingRules: [rule('pre', [['satisfied']], 'skip')],
        objectives: [{ id: 'lessons', primary: true, maps: [map('pretest-passed', { readSatisfied: true })] }],
      };
      const items = [
        item('PRETEST', [], free, [{ id: 'pretest', primary: true, maps: [map('pretest-passed', { writeSatisfied: true })] }]),
        item('LESSON-1', [], free, [], [lessons]),
        item('LESSON-2', [], free, [], [lessons]),
        item('END'),
      ];
      expect(nextItem(items, free, 'PRETEST', { PRETEST: { status: 'failed', measure: 0.2 } })).toBe('LESSON-1');
      expect(nextItem(items, free, 'PRETEST', { PRETEST: { status: 'passed', measure: 0.9 } })).toBe('END');
    });

    it("hides a cluster and its items from the contents, and judges a cluster by its items when a rule asks about it", () => {
      const extras = { identifier: 'EXTRAS', sequencingRules: [rule('pre', [['always']], 'hiddenFromChoice')], objectives: [] };
      const review = { identifier: 'REVIEW', sequencingRules: [rule('pre', [['completed']], 'disabled')], objectives: [] };
      const items = [item('A'), item('X', [], free, [], [extras]), item('R1', [], free, [], [review]), item('R2', [], free, [], [review])];
      expect(shownInContents(items, 'EXTRAS')).toBe(false);
      expect(shownInContents(items, 'X')).toBe(false);
      expect(shownInContents(items, 'REVIEW')).toBe(true);
      // The review cluster is disabled once both its items are done.
      expect(canChoose(items, free, 'R2', { R1: { status: 'completed', measure: null } }, 'A')).toBe(true);
      expect(canChoose(items, free, 'R2', { R1: { status: 'completed', measure: null }, R2: { status: 'passed', measure: 1 } }, 'A')).toBe(false);
    });

    it("reads a named objective from the SCO's cmi.objectives, directly or through a shared objective", () => {
      const items = [
        item('QUIZ', [], free, [{ id: 'fire-exits', primary: false, maps: [map('site-safety', { writeSatisfied: true })] }]),
        item('RECAP', [{ ...rule('pre', [['satisfied']], 'hiddenFromChoice'), conditions: [{ condition: 'satisfied', operator: 'noOp', measureThreshold: null, otherObjective: 'recap-goal' }] }], free, [
          { id: 'recap-goal', primary: false, maps: [map('site-safety', { readSatisfied: true })] },
        ]),
      ];
      const quizData = objectivesFromCmi({ objectives: { '0': { id: 'fire-exits', success_status: 'passed', score: { scaled: '1' } } } });
      expect(quizData).toEqual({ 'fire-exits': { satisfied: true, measure: 1 } });
      expect(shownInContents(items, 'RECAP', {})).toBe(true);
      expect(shownInContents(items, 'RECAP', { QUIZ: { status: 'in_progress', measure: null, objectives: quizData } })).toBe(false);
    });

  });
});
