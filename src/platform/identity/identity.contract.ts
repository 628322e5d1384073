import { z } from 'zod';
import { describedPattern, localisedRefinement } from '../http/localised-checks.contract.js';
import { displayName } from '../names/display-name.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

export const ROLES = ['admin', 'manager', 'instructor', 'learner'] as const;
export type Role = (typeof ROLES)[number];

/** A user's roles as stored: each once, in the order of ROLES. */
export function canonicalRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}

/** Roles as a request gives them: at least one; repeats and order do not matter (stored canonical). */
export const rolesField = z.array(z.enum(ROLES)).min(1).max(32).overwrite(canonicalRoles);

/** A person's first or last name. */
export const personName = displayName(100);

/** Longest password accepted (bytes of UTF-8); hashing longer input is only a denial-of-service lever. */
export const PASSWORD_MAX_BYTES = 1024;

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

export const signInInput = z
  .object({
    email: z.string().trim().min(1).max(254),
    // Longer input is refused before hashing: hashing megabytes is a denial-of-service lever.
    password: z
      .string()
      .min(1)
      .refine((p) => utf8Length(p) <= PASSWORD_MAX_BYTES, localisedRefinement({ en: `may be at most ${PASSWORD_MAX_BYTES} bytes long`, de: `darf höchstens ${PASSWORD_MAX_BYTES} Bytes lang sein` })),
    /** The authenticator app's code, when the account has two-factor sign-in (sent with the password again). */
    code: z.string().trim().regex(...describedPattern(/^\d{6}$/, { en: 'must be the six digits the app shows', de: 'muss aus den sechs Ziffern bestehen, die die App zeigt' })).optional(),
    /** A one-time recovery code instead of the app's code. */
    recoveryCode: z.string().trim().min(8).max(64).optional(),
  })
  .refine((b) => !(b.code && b.recoveryCode), localisedRefinement({ en: 'cannot be sent together with a code from the app', de: 'kann nicht zusammen mit einem Code aus der App gesendet werden' }, ['recoveryCode']));

export type SignInRequest = z.input<typeof signInInput>;

export const sessionUser = z.object({
  id: z.uuid(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  roles: z.array(z.enum(ROLES)),
});

/**
 * Where a user's invitation stands: `pending` (the link works: unused, not expired), `accepted`
 * (the user chose a password with it), `expired` (no password yet and no working link: it ran out,
 * was revoked by a deactivation, or none was sent, e.g. an import without invitations); null for a
 * user who was given a password another way.
 */
export const INVITATION_STATES = ['pending', 'accepted', 'expired'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

export const userView = sessionUser.extend({ status: z.enum(['active', 'deactivated']) });

/** A user as the administration sees them: with where their invitation stands. */
export const adminUserView = userView.extend({ invitation: z.enum(INVITATION_STATES).nullable() });
export type AdminUserView = z.infer<typeof adminUserView>;

/**
 * How a one-time link an administrator sent went out: `queued` as mail, or `off` (this site sends
 * no mail) with the link for the administrator to copy and pass on; only then is it in an answer.
 */
export const linkHandoverView = z.object({ mail: z.enum(['queued', 'off']), link: z.url().optional() });
export type LinkHandoverView = z.infer<typeof linkHandoverView>;

export const invitedUserView = adminUserView.extend(linkHandoverView.shape);

export const sessionResponse = z.object({
  user: sessionUser,
  tenant: z.object({ name: z.string(), slug: z.string() }),
  /** The site requires two-factor sign-in of one of this user's roles and they have not set it up yet. */
  mfaEnrolmentRequired: z.boolean().optional(),
  /** The password was set for the user (first administrator, by an operator): they must choose their own before anything else. */
  passwordChangeRequired: z.boolean().optional(),
});
export type SessionResponse = z.infer<typeof sessionResponse>;
export type SessionUser = SessionResponse['user'];

export const createUserInput = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  firstName: personName,
  lastName: personName,
  roles: rolesField.default(['learner']),
  password: z.string().optional(),
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const sessionStatus = z.object({
  idleExpiresAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  idleTimeoutSeconds: z.number().int(),
});
export type SessionStatus = z.infer<typeof sessionStatus>;

export const sessionSummary = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type SessionSummaryView = z.infer<typeof sessionSummary>;

/** A session id as listed (the SHA-256 digest, base64url). */
export const sessionIdParam = z.string().regex(...describedPattern(/^[A-Za-z0-9_-]{43}$/, { en: 'must be a session id of 43 letters, digits, - or _', de: 'muss eine Sitzungskennung aus 43 Buchstaben, Ziffern, - oder _ sein' }));

export const userListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  invitation: z.enum(INVITATION_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const userListView = z.object({
  users: z.array(adminUserView),
  total: z.number().int(),
  /** Whether the site sends mail: without it, invitations and password resets hand their links to the administrator. */
  mailConfigured: z.boolean(),
});

export const rolesInput = z.object({ roles: rolesField });

export const importResult = z.object({
  created: z.number().int(),
  /** Lines of users who existed already: updated (their names and roles) or skipped, as the import was asked. */
  updated: z.number().int(),
  skipped: z.number().int(),
  /** Whether invitations went out by mail ('queued') or, mail being off, as links here ('off'); null without invitations. */
  mail: z.enum(['queued', 'off']).nullable(),
  /** The users created; with mail off and invitations, each with the invitation link to pass on. */
  users: z.array(z.object({ id: z.uuid(), email: z.string(), link: z.url().optional() })),
});

/** An administrator's change of a user's names or e-mail address: only the fields sent change. */
export const updateUserInput = z
  .object({
    firstName: personName.optional(),
    lastName: personName.optional(),
    email: z.string().trim().max(254).pipe(z.email()).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), localisedRefinement({ en: 'is required: send at least one field to change', de: 'fehlt: senden Sie mindestens ein Feld, das sich ändern soll' }, ['firstName']));
export type UpdateUserRequest = z.input<typeof updateUserInput>;

/** Most users one bulk action covers. */
export const USERS_PER_BULK_ACTION = 1000;

/** Deactivate or reactivate several users at once (all or none). */
export const bulkStatusInput = z.object({
  userIds: z.array(z.uuid()).min(1).max(USERS_PER_BULK_ACTION),
  active: z.boolean(),
});
export type BulkStatusRequest = z.input<typeof bulkStatusInput>;

export const bulkUsersInput = z.object({
  userIds: z.array(z.uuid()).min(1).max(USERS_PER_BULK_ACTION),
});

/** Password reset links sent to several users: by mail, or (mail off) in the answer, one per user. */
export const bulkLinkHandoverView = z.object({
  mail: z.enum(['queued', 'off']),
  sent: z.number().int(),
  links: z.array(z.object({ userId: z.uuid(), email: z.string(), link: z.url() })).optional(),
});
export type BulkLinkHandoverView = z.infer<typeof bulkLinkHandoverView>;

export const bulkChangeView = z.object({
  /** Users whose status changed (those already in it are counted out). */
  changed: z.number().int(),
});

/** Whether the address is one an erasure gave an account (`erased-<id>@invalid`, RFC 2606: never delivered; identity/erased-account.ts). */
export function isErasedAddress(email: string): boolean {
  return /^erased-[0-9a-f-]{36}@invalid$/.test(email);
}
