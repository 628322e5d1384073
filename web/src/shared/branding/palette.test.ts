import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../../../../src/platform/branding/contrast';
import { FILLED_SHADE, paletteOf } from './palette';

describe('paletteOf', () => {
  it('keeps the colour as the filled shade, lighter shades before it and a darker one after', () => {
    const palette = paletteOf('#1864AB');
    expect(palette).toHaveLength(10);
    expect(palette[FILLED_SHADE]).toBe('#1864ab');
    expect(palette[0]).toBe('#edf3f8');
    expect(palette[9]).toBe('#124b80');
    for (let i = 1; i < palette.length; i++) expect(contrastRatio('#ffffff', palette[i]!)).toBeGreaterThan(contrastRatio('#ffffff', palette[i - 1]!));
  });

  it('gives text on the light shades at least the contrast white text has on the colour', () => {
    const palette = paletteOf('#767676');
    expect(contrastRatio(palette[9]!, palette[1]!)).toBeGreaterThan(4.5);
    expect(contrastRatio('#ffffff', palette[FILLED_SHADE]!)).toBeGreaterThanOrEqual(4.5);
  });
});
