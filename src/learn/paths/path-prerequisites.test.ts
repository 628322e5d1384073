import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/index.js';
import { checkedSteps } from './path-prerequisites.js';

function refusal(run: () => unknown): { code: string; fields: string[] } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, fields: (error.fields ?? []).map((d) => d.field) };
    throw error;
  }
  throw new Error('not refused');
}

const step = (courseId: string, ...prerequisites: string[]) => ({ courseId, prerequisites });

describe('prerequisites of a learning path', () => {
  it('takes a chain and a diamond, each prerequisite once', () => {
    expect(checkedSteps([step('a'), step('b', 'a', 'a'), step('c', 'a'), step('d', 'b', 'c')]).map((s) => s.prerequisites)).toEqual([[], ['a'], ['a'], ['b', 'c']]);
  });

  it('refuses a course twice, at the second place', () => {
    expect(refusal(() => checkedSteps([step('a'), step('b'), step('a')]))).toEqual({ code: 'LEARN_PATH_DUPLICATE_COURSE', fields: ['courses.2.courseId'] });
  });

  it('refuses a prerequisite that is not in the path', () => {
    expect(refusal(() => checkedSteps([step('a'), step('b', 'x')]))).toEqual({ code: 'LEARN_PATH_PREREQUISITE_NOT_IN_PATH', fields: ['courses.1.prerequisites'] });
  });

  it('refuses a course that requires itself', () => {
    expect(refusal(() => checkedSteps([step('a'), step('b', 'b')]))).toEqual({ code: 'LEARN_PATH_PREREQUISITE_CYCLE', fields: ['courses.1.prerequisites'] });
  });

  it('names every course of a circle, and none outside it', () => {
    // a -> (needs) c -> b -> a is a circle; d only needs a course on it.
    expect(refusal(() => checkedSteps([step('a', 'c'), step('b', 'a'), step('c', 'b'), step('d', 'a'), step('e')]))).toEqual({
      code: 'LEARN_PATH_PREREQUISITE_CYCLE',
      fields: ['courses.0.prerequisites', 'courses.1.prerequisites', 'courses.2.prerequisites'],
    });
  });

  it('takes a long chain without a circle (no recursion to overflow)', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `c${i}`);
    expect(checkedSteps(ids.map((id, i) => step(id, ...(i > 0 ? [ids[i - 1]!] : []))))).toHaveLength(5000);
  });
});
