import { describe, expect, it } from 'vitest';
import { moveOnMet } from './cmi5-registration.js';
import { nextSessionFacts, type SessionFacts } from './cmi5-rules.js';
import { VERB } from './cmi5-vocabulary.js';

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
