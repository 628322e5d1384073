import { z } from 'zod';
import { linkTokenField, passwordField } from './account.contract.js';
import { ROLES } from './identity.contract.js';

export const inviteUserInput = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  roles: z.array(z.enum(ROLES)).min(1).default(['learner']),
});
export type InviteUserRequest = z.input<typeof inviteUserInput>;

export const acceptInvitationInput = z.object({ token: linkTokenField, password: passwordField });
export type AcceptInvitationRequest = z.input<typeof acceptInvitationInput>;
