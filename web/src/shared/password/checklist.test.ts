import { describe, expect, it } from 'vitest';
import { checklistSummary, passwordChecklist } from './checklist';

const rules = [
  { rule: 'min_length', message: 'At least 8 characters' },
  { rule: 'uppercase', message: 'An upper-case letter' },
  { rule: 'digit', message: 'A digit' },
  { rule: 'common', message: 'Not a common password' },
];

describe('passwordChecklist', () => {
  it('shows every rule as not yet known before anything is checked', () => {
    const items = passwordChecklist(rules, undefined);
    expect(items.map((i) => i.state)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(checklistSummary(items)).toEqual({ met: 0, total: 4 });
  });

  it('marks the rules the server names as unmet and the others as met, in the site order', () => {
    const items = passwordChecklist(rules, {
      acceptable: false,
      unmet: [
        { rule: 'digit', message: 'A digit' },
        { rule: 'min_length', message: 'At least 8 characters' },
      ],
    });
    expect(items.map((i) => [i.rule, i.state])).toEqual([
      ['min_length', 'unmet'],
      ['uppercase', 'met'],
      ['digit', 'unmet'],
      ['common', 'met'],
    ]);
    expect(checklistSummary(items)).toEqual({ met: 2, total: 4 });
  });

  it('shows all met for an acceptable password', () => {
    const items = passwordChecklist(rules, { acceptable: true, unmet: [] });
    expect(items.every((i) => i.state === 'met')).toBe(true);
  });

  it('adds a missed rule the site does not list up front, with the server wording', () => {
    const items = passwordChecklist(rules, { acceptable: false, unmet: [{ rule: 'max_length', message: 'At most 1024 bytes' }] });
    expect(items.at(-1)).toEqual({ rule: 'max_length', message: 'At most 1024 bytes', state: 'unmet' });
    expect(items).toHaveLength(5);
  });

  it('prefers the wording of the verdict (it may name the user’s own details)', () => {
    const items = passwordChecklist(rules, { acceptable: false, unmet: [{ rule: 'common', message: 'Too common: try another' }] });
    expect(items.find((i) => i.rule === 'common')).toEqual({ rule: 'common', message: 'Too common: try another', state: 'unmet' });
  });

  it('lists only the verdict while the site rules are still loading', () => {
    const items = passwordChecklist([], { acceptable: false, unmet: [{ rule: 'digit', message: 'A digit' }] });
    expect(items).toEqual([{ rule: 'digit', message: 'A digit', state: 'unmet' }]);
  });
});
