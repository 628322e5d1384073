import { z } from 'zod';
import { describedPattern, type LocalisedIssueParams } from '../http/localised-checks.contract.js';
import { optionalDisplayName } from '../names/display-name.contract.js';
import { contrastRatio, MIN_CONTRAST } from './contrast.js';

// Contracts are shared with the web app: zod only, nothing of Node.

/** A logo is small: it is sent with every page. */
export const LOGO_MAX_BYTES = 512 * 1024;
/** Each side of a logo, in pixels. */
export const LOGO_MIN_PX = 16;
export const LOGO_MAX_PX = 4096;
export const LOGO_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

const HEX_COLOUR = /^#[0-9a-f]{6}$/;

/** `#rrggbb` (stored in lower case) that white text is readable on, or '' for the default blue. */
const primaryColour = z
  .string()
  .regex(
    ...describedPattern(/^(#[0-9a-fA-F]{6})?$/, {
      en: 'must be a colour written as # and six hexadecimal digits, such as #1864ab, or empty',
      de: 'muss eine Farbe aus # und sechs Hexadezimalziffern sein, etwa #1864ab, oder leer',
    }),
  )
  .overwrite((colour) => colour.toLowerCase())
  .superRefine((colour, ctx) => {
    if (!HEX_COLOUR.test(colour)) return;
    const ratio = contrastRatio('#ffffff', colour);
    if (ratio >= MIN_CONTRAST) return;
    const shown = ratio.toFixed(2);
    const params: LocalisedIssueParams = {
      code: 'BRANDING_COLOUR_LOW_CONTRAST',
      message: {
        en: `gives white text a contrast of only ${shown}:1; at least 4.5:1 is needed, so choose a darker colour`,
        de: `ergibt mit weißer Schrift nur einen Kontrast von ${shown.replace('.', ',')}:1; mindestens 4,5:1 sind nötig, wählen Sie also eine dunklere Farbe`,
      },
    };
    ctx.addIssue({ code: 'custom', message: params.message.en, params });
  });

/** What an administrator sets in the settings (the logo has routes of its own). */
export const brandingFields = z.object({
  /** Shown in the header, page titles, mails and certificates; '' is the site's own name. */
  siteName: optionalDisplayName(80).default(''),
  primaryColour: primaryColour.default(''),
  /** The display name of the From header of the site's mail ('' keeps the configured one); the address stays the configured one. */
  mailSenderName: optionalDisplayName(
    80,
    describedPattern(/^[^\r\n"<>\\]*$/, {
      en: 'may not contain line breaks, quotation marks, angle brackets or backslashes',
      de: 'darf keine Zeilenumbrüche, Anführungszeichen, spitzen Klammern oder Backslashes enthalten',
    }),
  ).default(''),
});

/** The stored logo: its blob, what its bytes are and its size in pixels. */
export const logoRef = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  mediaType: z.enum(LOGO_MEDIA_TYPES),
  width: z.number().int().min(LOGO_MIN_PX).max(LOGO_MAX_PX),
  height: z.number().int().min(LOGO_MIN_PX).max(LOGO_MAX_PX),
});
export type LogoRef = z.infer<typeof logoRef>;

/** The `branding` section of a site's settings. */
export const brandingSection = brandingFields.extend({ logo: logoRef.optional() });
export type BrandingSettings = z.output<typeof brandingSection>;

/** What every page may know, signed in or not. */
export const publicBranding = z.object({
  siteName: z.string(),
  /** `#rrggbb`, or null for the default colours. */
  primaryColour: z.string().nullable(),
  /** The logo's address with its version (changes with the image), or null without one. */
  logo: z.object({ url: z.string(), width: z.number().int(), height: z.number().int() }).nullable(),
});
export type PublicBranding = z.infer<typeof publicBranding>;
