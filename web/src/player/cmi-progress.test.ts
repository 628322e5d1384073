import { describe, expect, it } from 'vitest';
import { itemStatusFromCmi, measureFromCmi, objectivesFromCmi } from './cmi-progress';

describe('what the player reads from committed data', () => {
  it('shows item status from committed data: the latest judgement, a completion that stays', () => {
    expect(itemStatusFromCmi('1.2', { core: { lesson_status: 'passed' } }, null)).toBe('passed');
    expect(itemStatusFromCmi('1.2', { core: { lesson_status: 'incomplete' } }, 'passed')).toBe('passed');
    expect(itemStatusFromCmi('1.2', { core: { lesson_status: 'incomplete' } }, 'completed')).toBe('completed');
    expect(itemStatusFromCmi('1.2', { core: { lesson_status: 'passed' } }, 'failed')).toBe('passed');
    expect(itemStatusFromCmi('2004-4th', { completion_status: 'completed', success_status: 'unknown' }, null)).toBe('completed');
    expect(itemStatusFromCmi('2004-4th', { completion_status: 'incomplete', success_status: 'failed' }, null)).toBe('failed');
    expect(itemStatusFromCmi('2004-4th', { completion_status: 'incomplete' }, null)).toBe('in_progress');
    // A quiz failed after a pass shows failed, not the pass (nor "completed" ranked above "failed").
    expect(itemStatusFromCmi('1.2', { core: { lesson_status: 'failed' } }, 'passed')).toBe('failed');
    expect(itemStatusFromCmi('2004-4th', { completion_status: 'completed', success_status: 'failed' }, 'passed')).toBe('failed');
    expect(itemStatusFromCmi('1.2', { core: { lesson_status: 'failed' } }, 'completed')).toBe('failed');
    expect(itemStatusFromCmi('1.2', { core: { lesson_status: 'incomplete' } }, 'failed')).toBe('failed');
  });

  it('reads the scaled score from SCORM 2004 data', () => {
    expect(measureFromCmi({ score: { scaled: '0.75' } })).toBe(0.75);
    expect(measureFromCmi({ score: { scaled: '' } })).toBeNull();
    expect(measureFromCmi({})).toBeNull();
  });

  it("reads a SCO's objectives by id", () => {
    expect(objectivesFromCmi({ objectives: { '0': { id: 'a', success_status: 'failed', score: { scaled: '0.25' } }, '1': { id: '', success_status: 'passed' } } })).toEqual({
      a: { satisfied: false, measure: 0.25 },
    });
    expect(objectivesFromCmi({ objectives: [{ id: 'b', success_status: 'unknown' }] })).toEqual({ b: { satisfied: null, measure: null } });
    expect(objectivesFromCmi({})).toEqual({});
  });
});
