import { createTheme, mergeThemeOverrides, Modal, Title, type CSSVariablesResolver, type MantineThemeOverride } from '@mantine/core';
import { FILLED_SHADE, paletteOf } from './branding/palette';

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white text on filled buttons and blue links above WCAG AA contrast.
  primaryShade: { light: 8, dark: 5 },
  // System fonts only: nothing is loaded from other origins.
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  headings: { fontWeight: '700' },
  defaultRadius: 'sm',
  components: {
    // Mantine's scroll lock injects a <style> element without the CSP nonce, which the policy refuses.
    // Without it the page behind an open dialog can still scroll; focus stays trapped in the dialog.
    Modal: Modal.extend({ defaultProps: { lockScroll: false } }),
    // A heading of one long word ("Datenschutzanträge", an address) breaks instead of widening a phone's page.
    Title: Title.extend({ styles: { root: { overflowWrap: 'anywhere' } } }),
  },
});

const brandedThemes = new Map<string, MantineThemeOverride>();

/** The theme with a site's colour (`#rrggbb`) as the primary one, filled buttons in that very colour; null: the default blue. */
export function themeWith(primaryColour: string | null): MantineThemeOverride {
  if (!primaryColour) return theme;
  let branded = brandedThemes.get(primaryColour);
  if (!branded) {
    branded = mergeThemeOverrides(theme, { colors: { brand: paletteOf(primaryColour) }, primaryColor: 'brand', primaryShade: { light: FILLED_SHADE, dark: 5 } });
    brandedThemes.set(primaryColour, branded);
  }
  return branded;
}

/**
 * Secondary ("dimmed") text, error messages and the titles of green and yellow notices darker
 * than Mantine's defaults, for AA contrast (4.5:1) on white and on their light backgrounds.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-green-light-color': '#216b31',
    '--mantine-color-yellow-light-color': '#8a4b00',
    // The active navigation entry's text on its light blue background, also under the pointer
    // (Mantine's shades give 4.0:1 there).
    '--mantine-color-blue-light-color': 'var(--mantine-color-blue-9)',
    '--mantine-primary-color-light-color': 'var(--mantine-primary-color-9)',
    '--mantine-color-blue-light-hover': 'var(--mantine-color-blue-1)',
    '--mantine-primary-color-light-hover': 'var(--mantine-primary-color-1)',
  },
  dark: {},
});
