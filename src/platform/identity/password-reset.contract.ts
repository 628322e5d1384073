import { z } from 'zod';
import { linkTokenField, passwordField } from './account.contract.js';

export const passwordResetRequestInput = z.object({ email: z.string().trim().min(1).max(254) });
export type PasswordResetRequest = z.input<typeof passwordResetRequestInput>;

export const passwordResetCompleteInput = z.object({ token: linkTokenField, password: passwordField });
export type PasswordResetCompleteRequest = z.input<typeof passwordResetCompleteInput>;
