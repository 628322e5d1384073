import { describe, expect, it } from 'vitest';
import { contrastRatio, relativeLuminance, whiteTextReadableOn } from './contrast.js';

describe('WCAG contrast', () => {
  it('gives the known ratios', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#1c7ed6', '#1c7ed6')).toBe(1);
    expect(relativeLuminance('#ff0000')).toBeCloseTo(0.2126, 4);
  });

  it('refuses a colour white text is hard to read on, and accepts one just above AA', () => {
    expect(whiteTextReadableOn('#777777')).toBe(false);
    expect(whiteTextReadableOn('#767676')).toBe(true);
    expect(whiteTextReadableOn('#FFFF00')).toBe(false);
    expect(whiteTextReadableOn('#1864ab')).toBe(true);
  });

  it('refuses what is not a #rrggbb colour', () => {
    expect(() => contrastRatio('#fff', '#000000')).toThrow(/not a #rrggbb colour/);
  });
});
