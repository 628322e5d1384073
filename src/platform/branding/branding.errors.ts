import type { CatalogueEntry } from '../http/errors.js';

export const brandingErrors = {
  BRANDING_COLOUR_LOW_CONTRAST: {
    status: 400,
    en: 'White text is not readable enough on this colour (at least 4.5:1 is needed); choose a darker one.',
    de: 'Weiße Schrift ist auf dieser Farbe nicht gut genug lesbar (mindestens 4,5:1 sind nötig); wählen Sie eine dunklere.',
  },
  BRANDING_LOGO_NOT_IMAGE: {
    status: 415,
    en: 'The logo must be a PNG, JPEG or WebP image (SVG is not accepted).',
    de: 'Das Logo muss ein PNG-, JPEG- oder WebP-Bild sein (SVG wird nicht angenommen).',
  },
  BRANDING_LOGO_TOO_LARGE: {
    status: 413,
    en: 'The logo is too large: at most 512 KiB.',
    de: 'Das Logo ist zu groß: höchstens 512 KiB.',
  },
  BRANDING_LOGO_DIMENSIONS: {
    status: 400,
    en: 'The logo must be between 16 and 4096 pixels wide and high.',
    de: 'Das Logo muss zwischen 16 und 4096 Pixel breit und hoch sein.',
  },
  BRANDING_LOGO_NOT_FOUND: {
    status: 404,
    en: 'This site has no logo.',
    de: 'Diese Site hat kein Logo.',
  },
} as const satisfies Record<string, CatalogueEntry>;
