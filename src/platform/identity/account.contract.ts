import { z } from 'zod';
import { PASSWORD_MAX_BYTES } from './identity.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** A password as typed: its length is bounded before hashing; the policy is checked by the server. */
export const passwordField = z
  .string()
  .min(1)
  .refine((p) => utf8Length(p) <= PASSWORD_MAX_BYTES, { message: `at most ${PASSWORD_MAX_BYTES} bytes` });

/** The token from an e-mailed link (43 characters; anything much longer is not one of ours). */
export const linkTokenField = z.string().trim().min(1).max(128);

export const acceptedResponse = z.object({ accepted: z.literal(true) });
export type AcceptedResponse = z.infer<typeof acceptedResponse>;

export const changePasswordInput = z.object({
  currentPassword: passwordField,
  newPassword: passwordField,
});
export type ChangePasswordRequest = z.input<typeof changePasswordInput>;

export const changeEmailInput = z.object({
  currentPassword: passwordField,
  newEmail: z.string().trim().max(254).pipe(z.email()),
});
export type ChangeEmailRequest = z.input<typeof changeEmailInput>;

export const confirmEmailChangeInput = z.object({ token: linkTokenField });
export const emailChangedResponse = z.object({ email: z.string() });
