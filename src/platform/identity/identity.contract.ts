import { z } from 'zod';
import { ROLES } from './identity.schema.js';
import { PASSWORD_MAX_BYTES } from './password-policy.js';

export const signInInput = z.object({
  email: z.string().trim().min(1).max(254),
  // Longer input is refused before hashing: hashing megabytes is a denial-of-service lever.
  password: z
    .string()
    .min(1)
    .refine((p) => Buffer.byteLength(p, 'utf8') <= PASSWORD_MAX_BYTES, { message: `at most ${PASSWORD_MAX_BYTES} bytes` }),
});

export const sessionUser = z.object({
  id: z.uuid(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  roles: z.array(z.enum(ROLES)),
});

export const userView = sessionUser.extend({ status: z.enum(['active', 'deactivated']) });

export const sessionResponse = z.object({
  user: sessionUser,
  tenant: z.object({ name: z.string(), slug: z.string() }),
});
export type SessionResponse = z.infer<typeof sessionResponse>;

export const createUserInput = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  roles: z.array(z.enum(ROLES)).min(1).default(['learner']),
  password: z.string().optional(),
});
export type CreateUserInput = z.input<typeof createUserInput>;
