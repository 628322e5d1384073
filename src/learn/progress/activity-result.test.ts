import { describe, expect, it } from 'vitest';
import { mergeActivityResult, type ActivityResult } from './activity-result.js';

describe('merging an observation into the recorded activity result', () => {
  const result = (values: Partial<ActivityResult>): ActivityResult => ({ completion: 'incomplete', success: 'unknown', scorePercent: null, progressMeasure: null, totalTimeSeconds: 0, ...values });

  it('keeps a pass and a completion when a re-entered SCO reports "incomplete" again, but a later failure fails it, with its score', () => {
    const passed = result({ completion: 'completed', success: 'passed', scorePercent: 90, totalTimeSeconds: 100 });
    expect(mergeActivityResult(passed, result({ completion: 'incomplete', totalTimeSeconds: 50 }))).toEqual({ completion: 'completed', success: 'passed', scorePercent: 90, progressMeasure: null, totalTimeSeconds: 100 });
    expect(mergeActivityResult(passed, result({ completion: 'completed', success: 'failed', scorePercent: 20, totalTimeSeconds: 200 }))).toEqual({
      completion: 'completed',
      success: 'failed',
      scorePercent: 20,
      progressMeasure: null,
      totalTimeSeconds: 200,
    });
  });

  it('lets a failed SCO pass later, and keeps the last score when a commit has none', () => {
    const failed = result({ completion: 'completed', success: 'failed', scorePercent: 30 });
    expect(mergeActivityResult(failed, result({ completion: 'completed', success: 'passed', scorePercent: 85 }))).toMatchObject({ success: 'passed', scorePercent: 85, completion: 'completed' });
    expect(mergeActivityResult(failed, result({}))).toMatchObject({ success: 'failed', scorePercent: 30 });
  });

  it('does not fall back to "not attempted" once the SCO was in progress', () => {
    expect(mergeActivityResult(result({ completion: 'incomplete' }), result({ completion: 'not_attempted' })).completion).toBe('incomplete');
    expect(mergeActivityResult(null, result({ completion: 'not_attempted' })).completion).toBe('not_attempted');
  });
});
