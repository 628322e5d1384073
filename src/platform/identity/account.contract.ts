import { z } from 'zod';
import { localisedRefinement } from '../http/localised-checks.contract.js';
import { PASSWORD_MAX_BYTES } from './identity.contract.js';
import { recoveryCode, totpCode } from './mfa/mfa.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** A password as typed: its length is bounded before hashing; the policy is checked by the server. */
export const passwordField = z
  .string()
  .min(1)
  .refine((p) => utf8Length(p) <= PASSWORD_MAX_BYTES, localisedRefinement({ en: `may be at most ${PASSWORD_MAX_BYTES} bytes long`, de: `darf höchstens ${PASSWORD_MAX_BYTES} Bytes lang sein` }));

/** The token from an e-mailed link (43 characters; anything much longer is not one of ours). */
export const linkTokenField = z.string().trim().min(1).max(128);

export const acceptedResponse = z.object({ accepted: z.literal(true) });
export type AcceptedResponse = z.infer<typeof acceptedResponse>;

/**
 * Full re-authentication for a change of how one signs in (ASVS V7.5.1): the current password
 * and, for an account with two-factor sign-in, a code from the app or one recovery code.
 */
export const reauthenticationFields = {
  currentPassword: passwordField,
  code: totpCode.optional(),
  recoveryCode: recoveryCode.optional(),
};

/** A form with reauthenticationFields carries at most one second factor. */
export function oneSecondFactor<S extends z.ZodType<{ code?: string | undefined; recoveryCode?: string | undefined }>>(schema: S) {
  return schema.refine((input) => input.code === undefined || input.recoveryCode === undefined, localisedRefinement({ en: 'cannot be sent together with a code from the app', de: 'kann nicht zusammen mit einem Code aus der App gesendet werden' }, ['recoveryCode']));
}

export const changePasswordInput = oneSecondFactor(z.object({ ...reauthenticationFields, newPassword: passwordField }));
export type ChangePasswordRequest = z.input<typeof changePasswordInput>;

export const changeEmailInput = oneSecondFactor(z.object({ ...reauthenticationFields, newEmail: z.string().trim().max(254).pipe(z.email()) }));
export type ChangeEmailRequest = z.input<typeof changeEmailInput>;

/** Ending one's own sessions asks for one factor again (ASVS V7.5.2): the current password. */
export const passwordConfirmationInput = z.object({ currentPassword: passwordField });
export type PasswordConfirmationRequest = z.input<typeof passwordConfirmationInput>;

export const confirmEmailChangeInput = z.object({ token: linkTokenField });
export const emailChangedResponse = z.object({ email: z.string() });
