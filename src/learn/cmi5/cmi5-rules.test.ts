import { describe, expect, it } from 'vitest';
import { moveOnMet } from './cmi5-registration.js';
import { isCmi5Defined, nextSessionFacts, refusalOfAuStatement, type AuSessionRules, type SessionFacts } from './cmi5-rules.js';
import { CATEGORY, EXTENSION, VERB } from './cmi5-vocabulary.js';

const statement = (verb: string) => ({ verb: { id: verb } });
const fresh: SessionFacts = { preferencesRead: true, initialized: false, terminated: false, judged: false, completed: false, passed: false };

function run(facts: SessionFacts, verbs: string[]): SessionFacts | string {
  let current = facts;
  for (const verb of verbs) {
    const step = nextSessionFacts(statement(verb), current);
    if ('refusal' in step) return step.refusal.code;
    current = step.facts;
  }
  return current;
}

describe('cmi5 rules of order', () => {
  it('lets a learner who failed in one session pass in the next, but nothing after passed', () => {
    const first = run(fresh, [VERB.initialized, VERB.failed, VERB.terminated]) as SessionFacts;
    expect(first).toMatchObject({ judged: true, passed: false, terminated: true });
    const second = run({ ...fresh, completed: first.completed, passed: first.passed }, [VERB.initialized, VERB.passed, VERB.terminated]);
    expect(second).toMatchObject({ passed: true });
    expect(run({ ...fresh, passed: true }, [VERB.initialized, VERB.failed])).toBe('LRS_CMI5_PASSED_ALREADY');
    expect(run(fresh, [VERB.initialized, VERB.failed, VERB.failed])).toBe('LRS_CMI5_JUDGED_TWICE');
    expect(run(fresh, [VERB.initialized, VERB.failed, VERB.passed])).toBe('LRS_CMI5_JUDGED_TWICE');
    expect(run({ ...fresh, completed: true }, [VERB.initialized, VERB.completed])).toBe('LRS_CMI5_COMPLETED_TWICE');
    expect(run(fresh, [VERB.initialized, VERB.terminated, 'http://adlnet.gov/expapi/verbs/experienced'])).toBe('LRS_CMI5_AFTER_TERMINATED');
    expect(run({ ...fresh, preferencesRead: false }, [VERB.initialized])).toBe('LRS_CMI5_PREFERENCES_FIRST');
  });

  it('meets moveOn as cmi5 13.1.4 defines it; a waived AU always', () => {
    const cases: [Parameters<typeof moveOnMet>[0], boolean, boolean, boolean][] = [
      ['Completed', true, false, true],
      ['Completed', false, true, false],
      ['Passed', false, true, true],
      ['Passed', true, false, false],
      ['CompletedAndPassed', true, false, false],
      ['CompletedAndPassed', true, true, true],
      ['CompletedOrPassed', false, true, true],
      ['CompletedOrPassed', false, false, false],
      ['NotApplicable', false, false, true],
    ];
    for (const [moveOn, completed, passed, met] of cases) expect(moveOnMet(moveOn, { completed, passed, waived: false }), `${moveOn} ${completed} ${passed}`).toBe(met);
    expect(moveOnMet('CompletedAndPassed', { completed: false, passed: false, waived: true })).toBe(true);
  });
});

describe('cmi5 judgements and the masteryScore', () => {
  const rules: AuSessionRules = { auId: 'urn:uuid:au', registration: 'f0c3e6a2-55a4-4b43-9a8c-6f1f2f0d1e01', sessionId: 'session-1', masteryScore: 0.9, launchMode: 'Normal' };
  const judgement = (verb: string, result: Record<string, unknown>, extensions: Record<string, unknown> = {}) => ({
    id: 'a6f5d1d2-8d2b-4d7e-9a53-3f0e2f4c8b11',
    timestamp: '2026-01-01T00:00:00.000Z',
    verb: { id: verb },
    object: { id: rules.auId },
    result: { duration: 'PT1S', ...result },
    context: {
      registration: rules.registration,
      contextActivities: { category: [{ id: CATEGORY.cmi5 }, { id: CATEGORY.moveOn }] },
      extensions: { [EXTENSION.sessionId]: rules.sessionId, ...extensions },
    },
  });
  const codeOf = (statement: Record<string, unknown>) => refusalOfAuStatement(statement, rules)?.code ?? null;

  it('takes passed or failed without a score, with or without the masteryScore (9.6.3.2-2 asks for it only with a score)', () => {
    expect(codeOf(judgement(VERB.passed, { success: true }))).toBeNull();
    expect(codeOf(judgement(VERB.failed, { success: false }))).toBeNull();
    expect(codeOf(judgement(VERB.passed, { success: true }, { [EXTENSION.masteryScore]: 0.9 }))).toBeNull();
    expect(codeOf(judgement(VERB.passed, { success: true }, { [EXTENSION.masteryScore]: 0.5 }))).toBe('LRS_CMI5_MASTERY_SCORE');
  });

  it('holds a scored judgement to the masteryScore: named, and the scaled score on the right side of it', () => {
    expect(codeOf(judgement(VERB.passed, { success: true, score: { scaled: 0.95 } }))).toBe('LRS_CMI5_MASTERY_SCORE');
    expect(codeOf(judgement(VERB.passed, { success: true, score: { scaled: 0.95 } }, { [EXTENSION.masteryScore]: 0.9 }))).toBeNull();
    expect(codeOf(judgement(VERB.passed, { success: true, score: { scaled: 0.5 } }, { [EXTENSION.masteryScore]: 0.9 }))).toBe('LRS_CMI5_SCORE');
    expect(codeOf(judgement(VERB.failed, { success: false, score: { scaled: 0.9 } }, { [EXTENSION.masteryScore]: 0.9 }))).toBe('LRS_CMI5_SCORE');
    expect(codeOf(judgement(VERB.failed, { success: false, score: { raw: 5, min: 0, max: 10 } }, { [EXTENSION.masteryScore]: 0.9 }))).toBeNull();
  });
});

describe('cmi5 defined and cmi5 allowed statements (7.1.3)', () => {
  const auId = 'urn:uuid:au';
  const rules: AuSessionRules = { auId, registration: 'f0c3e6a2-55a4-4b43-9a8c-6f1f2f0d1e01', sessionId: 'session-1', masteryScore: null, launchMode: 'Normal' };
  const about = (verb: string, objectId: string, categories: string[], result?: Record<string, unknown>) => ({
    id: 'a6f5d1d2-8d2b-4d7e-9a53-3f0e2f4c8b12',
    timestamp: '2026-01-01T00:00:00.000Z',
    verb: { id: verb },
    object: { id: objectId },
    ...(result ? { result } : {}),
    context: { registration: rules.registration, contextActivities: { category: categories.map((id) => ({ id })) }, extensions: { [EXTENSION.sessionId]: rules.sessionId } },
  });
  const video = 'https://example.com/videos/intro';
  const initialized: SessionFacts = { ...fresh, initialized: true };

  it("takes a video's initialized and completed (another object, no cmi5 category) as allowed statements that change nothing", () => {
    for (const verb of [VERB.initialized, VERB.completed, VERB.terminated]) {
      const statement = about(verb, video, []);
      expect(isCmi5Defined(statement, auId)).toBe(false);
      expect(refusalOfAuStatement(statement, rules)).toBeNull();
      expect(nextSessionFacts(statement, initialized, auId)).toEqual({ facts: initialized });
    }
    // Allowed statements still wait for initialized.
    expect(nextSessionFacts(about(VERB.completed, video, []), fresh, auId)).toMatchObject({ refusal: { code: 'LRS_CMI5_NOT_INITIALIZED' } });
  });

  it('holds a defined verb about the AU, or in the cmi5 category, to the rules of cmi5 defined statements', () => {
    expect(refusalOfAuStatement(about(VERB.completed, auId, [], { completion: true, duration: 'PT1S' }), rules)?.code).toBe('LRS_CMI5_CATEGORY');
    expect(refusalOfAuStatement(about(VERB.completed, video, [CATEGORY.cmi5, CATEGORY.moveOn], { completion: true, duration: 'PT1S' }), rules)?.code).toBe('LRS_CMI5_OBJECT');
    expect(refusalOfAuStatement(about(VERB.completed, video, [CATEGORY.moveOn]), rules)?.code).toBe('LRS_CMI5_MOVE_ON_CATEGORY');
    expect(nextSessionFacts(about(VERB.initialized, auId, [CATEGORY.cmi5]), initialized, auId)).toMatchObject({ refusal: { code: 'LRS_CMI5_INITIALIZED_TWICE' } });
  });
});
