import { z } from 'zod';
import { describedPattern, localisedRefinement } from '../../http/localised-checks.contract.js';
import { PASSWORD_MAX_BYTES } from '../identity.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

/** TOTP as every authenticator app speaks it (RFC 6238 defaults). */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

const currentPassword = z
  .string()
  .min(1)
  .refine((p) => utf8Length(p) <= PASSWORD_MAX_BYTES, localisedRefinement({ en: `may be at most ${PASSWORD_MAX_BYTES} bytes long`, de: `darf höchstens ${PASSWORD_MAX_BYTES} Bytes lang sein` }));

/** Six digits; apps show them as "123 456", so one blank in the middle is accepted. */
export const totpCode = z
  .string()
  .trim()
  .regex(...describedPattern(/^\d{3} ?\d{3}$/, { en: 'must be the six digits the app shows (a space in the middle is fine)', de: 'muss aus den sechs Ziffern bestehen, die die App zeigt (ein Leerzeichen in der Mitte ist erlaubt)' }));

/** A recovery code as printed (`abcd-efgh-jkmn-pqrs-tuvw-xyz2`, or the 12 characters issued before); case, blanks and hyphens do not matter. */
export const recoveryCode = z.string().trim().min(12).max(40);

export const mfaSetupInput = z.object({ password: currentPassword });

export const mfaSetupResponse = z.object({
  /** Base32, for typing into an app that cannot scan. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** The otpauth URI as a PNG QR code (`data:image/png;base64,...`). */
  qrDataUrl: z.string(),
});

export const mfaEnableInput = z.object({ code: totpCode });

export const recoveryCodesResponse = z.object({
  /** Shown this once; only digests are stored. */
  recoveryCodes: z.array(z.string()),
});

/** Password plus a second factor: a current code from the app, or one unused recovery code. */
export const mfaConfirmInput = z
  .object({ password: currentPassword, code: totpCode.optional(), recoveryCode: recoveryCode.optional() })
  .refine((input) => (input.code === undefined) !== (input.recoveryCode === undefined), localisedRefinement(
    { en: 'needs either a code from the app or a recovery code, not both', de: 'braucht entweder einen Code aus der App oder einen Wiederherstellungscode, nicht beides' },
    ['code'],
  ));

/** What sign-in asks of a user after the password: nothing more, a code, or to set up an app first. */
export const MFA_STEPS = ['none', 'code', 'enrol'] as const;
export type MfaStep = (typeof MFA_STEPS)[number];

export const mfaStatusResponse = z.object({
  enabled: z.boolean(),
  enabledAt: z.iso.datetime({ offset: true }).nullable(),
  /** A setup was started and awaits its first code. */
  pending: z.boolean(),
  recoveryCodesLeft: z.number().int(),
  /** The site requires two-factor sign-in of one of this user's roles (`security.requireMfaFor`). */
  requiredBySite: z.boolean(),
  step: z.enum(MFA_STEPS),
});
export type MfaStatus = z.infer<typeof mfaStatusResponse>;
