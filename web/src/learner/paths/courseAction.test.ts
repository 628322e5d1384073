import { describe, expect, it } from 'vitest';
import { courseAction } from './courseAction';

describe('courseAction', () => {
  it('starts a course not begun, continues one in progress or failed, opens a finished one again', () => {
    expect([null, 'not_started', 'in_progress', 'failed', 'completed', 'passed'].map((s) => courseAction(s as Parameters<typeof courseAction>[0]))).toEqual([
      'start',
      'start',
      'continue',
      'continue',
      'review',
      'review',
    ]);
  });
});
