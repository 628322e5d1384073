import { describe, expect, it } from 'vitest';
import { canChoose, itemStatusFromCmi, nextItem, previousItem, resolveNavigationRequest, type Playable } from './navigation';

const playable: Playable[] = ['A', 'B', 'C'].map((id) => ({ identifier: id, title: id, launchHref: `${id}.html`, scormType: 'sco' }));
const free = { choice: true, flow: true, forwardOnly: false };

describe('player navigation', () => {
  it('follows the flow order with next and previous', () => {
    expect(nextItem(playable, free, 'A')).toBe('B');
    expect(nextItem(playable, free, 'C')).toBeNull();
    expect(previousItem(playable, free, 'B')).toBe('A');
    expect(previousItem(playable, free, 'A')).toBeNull();
  });

  it('offers no previous when forward-only, no next/previous without flow, no choosing without choice', () => {
    expect(previousItem(playable, { ...free, forwardOnly: true }, 'B')).toBeNull();
    expect(nextItem(playable, { ...free, flow: false }, 'A')).toBeNull();
    expect(canChoose(playable, { ...free, choice: false }, 'C')).toBe(false);
    expect(canChoose(playable, free, 'C')).toBe(true);
    expect(canChoose(playable, free, 'Z')).toBe(false);
  });

  it('resolves the navigation requests a SCO makes', () => {
    expect(resolveNavigationRequest('continue', undefined, playable, free, 'A')).toEqual({ kind: 'item', identifier: 'B' });
    expect(resolveNavigationRequest('previous', undefined, playable, free, 'B')).toEqual({ kind: 'item', identifier: 'A' });
    expect(resolveNavigationRequest('choice', 'C', playable, free, 'A')).toEqual({ kind: 'item', identifier: 'C' });
    expect(resolveNavigationRequest('choice', 'C', playable, { ...free, choice: false }, 'A')).toEqual({ kind: 'none' });
    expect(resolveNavigationRequest('jump', 'C', playable, { ...free, choice: false }, 'A')).toEqual({ kind: 'item', identifier: 'C' });
    expect(resolveNavigationRequest('exitAll', undefined, playable, free, 'A')).toEqual({ kind: 'exit' });
    expect(resolveNavigationRequest('continue', undefined, playable, free, 'C')).toEqual({ kind: 'none' });
  });

  it('shows item status from committed data without taking a pass back', () => {
    expect(itemStatusFromCmi('1.2', { core: { lesson_status: 'passed' } }, null)).toBe('passed');
    expect(itemStatusFromCmi('1.2', { core: { lesson_status: 'incomplete' } }, 'passed')).toBe('passed');
    expect(itemStatusFromCmi('1.2', { core: { lesson_status: 'incomplete' } }, 'completed')).toBe('completed');
    expect(itemStatusFromCmi('1.2', { core: { lesson_status: 'passed' } }, 'failed')).toBe('passed');
    expect(itemStatusFromCmi('2004-4th', { completion_status: 'completed', success_status: 'unknown' }, null)).toBe('completed');
    expect(itemStatusFromCmi('2004-4th', { completion_status: 'incomplete', success_status: 'failed' }, null)).toBe('failed');
    expect(itemStatusFromCmi('2004-4th', { completion_status: 'incomplete' }, null)).toBe('in_progress');
  });
});
