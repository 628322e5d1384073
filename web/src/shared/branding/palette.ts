import type { MantineColorsTuple } from '@mantine/core';

/** The shade Mantine fills buttons with (theme.ts primaryShade.light): the site's colour itself, so its contrast check holds. */
export const FILLED_SHADE = 8;

function channels(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${JSON.stringify(hex)}`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

/** `hex` moved towards `target` (0: unchanged, 1: the target). */
function mix(hex: string, target: number, amount: number): string {
  return `#${channels(hex)
    .map((c) => Math.round(c + (target - c) * amount).toString(16).padStart(2, '0'))
    .join('')}`;
}

/** How far towards white shades 0..7 are (lightest first). */
const TINTS = [0.92, 0.84, 0.72, 0.6, 0.48, 0.36, 0.24, 0.12];

/**
 * Ten shades of a site's colour for Mantine, lightest first: tints for backgrounds, the colour
 * itself as the filled shade (8), and a darker one (9) for text on the light backgrounds.
 */
export function paletteOf(hex: string): MantineColorsTuple {
  const colour = hex.toLowerCase();
  return [...TINTS.map((amount) => mix(colour, 255, amount)), colour, mix(colour, 0, 0.25)] as unknown as MantineColorsTuple;
}
