import { z } from 'zod';

// Contracts are shared with the web app: zod only, nothing of Node.

export const ROLES = ['admin', 'manager', 'instructor', 'learner'] as const;
export type Role = (typeof ROLES)[number];

/** Longest password accepted (bytes of UTF-8); hashing longer input is only a denial-of-service lever. */
export const PASSWORD_MAX_BYTES = 1024;

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

export const signInInput = z.object({
  email: z.string().trim().min(1).max(254),
  // Longer input is refused before hashing: hashing megabytes is a denial-of-service lever.
  password: z
    .string()
    .min(1)
    .refine((p) => utf8Length(p) <= PASSWORD_MAX_BYTES, { message: `at most ${PASSWORD_MAX_BYTES} bytes` }),
});

export type SignInRequest = z.input<typeof signInInput>;

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
export type SessionUser = SessionResponse['user'];

export const createUserInput = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  roles: z.array(z.enum(ROLES)).min(1).default(['learner']),
  password: z.string().optional(),
});
export type CreateUserInput = z.input<typeof createUserInput>;
