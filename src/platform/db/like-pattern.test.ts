import { describe, expect, it } from 'vitest';
import { containsPattern } from './like-pattern.js';

describe('containsPattern', () => {
  it('matches the text anywhere and takes LIKE wildcards and backslashes literally', () => {
    expect(containsPattern('anna')).toBe('%anna%');
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});
