import { z } from 'zod';
import { personName } from './identity.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

/** Someone asks for an account of their own (a learner's), where the site allows it. */
export const registrationInput = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  firstName: personName,
  lastName: personName,
  /** The language of the page they asked from: the mail is written in it, and it becomes theirs. */
  language: z.enum(['de', 'en']).optional(),
});
export type RegistrationRequest = z.input<typeof registrationInput>;
