import { z } from 'zod';
import { linkTokenField, passwordField } from './account.contract.js';
import { personName, rolesField } from './identity.contract.js';

export const inviteUserInput = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  firstName: personName,
  lastName: personName,
  roles: rolesField.default(['learner']),
});
export type InviteUserRequest = z.input<typeof inviteUserInput>;

export const acceptInvitationInput = z.object({ token: linkTokenField, password: passwordField });
export type AcceptInvitationRequest = z.input<typeof acceptInvitationInput>;
