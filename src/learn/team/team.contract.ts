import { z } from 'zod';

// Contracts are shared with the web app: zod only, nothing of Node.

/** Most enrolments one "remind now" covers. */
export const REMINDERS_PER_REQUEST = 500;
/** A learner is reminded by hand at most once in this many hours per enrolment. */
export const REMINDER_COOL_DOWN_HOURS = 24;

export const teamQuery = z.object({
  /** Members of this group (and its sub-groups) only; a manager may name the groups they lead and those inside them. */
  groupId: z.uuid().optional(),
  /** Part of the member's name or e-mail address. */
  q: z.string().trim().max(200).optional(),
  /** Only members with at least one overdue course. */
  overdueOnly: z.enum(['true', 'false']).default('false'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type TeamQuery = z.infer<typeof teamQuery>;

export const teamMemberView = z.object({
  userId: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  status: z.enum(['active', 'deactivated']),
  enrolled: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
  lastAccessAt: z.string().nullable(),
});
export type TeamMemberView = z.infer<typeof teamMemberView>;

export const teamView = z.object({
  scope: z.enum(['site', 'team']),
  /** The groups the reader leads (a manager), or every group (an administrator). */
  groups: z.array(z.object({ id: z.uuid(), name: z.string() })),
  members: z.array(teamMemberView),
  /** Members matching the filters (for paging). */
  total: z.number().int(),
});
export type TeamView = z.infer<typeof teamView>;

export const remindInput = z.object({
  enrolmentIds: z.array(z.uuid()).min(1).max(REMINDERS_PER_REQUEST),
});
export type RemindRequest = z.input<typeof remindInput>;

/** Why an enrolment got no reminder. */
export const REMINDER_SKIPS = ['done', 'deactivated', 'not_published', 'recently_reminded'] as const;
export type ReminderSkip = (typeof REMINDER_SKIPS)[number];

export const remindView = z.object({
  sent: z.number().int(),
  skipped: z.array(z.object({ enrolmentId: z.uuid(), reason: z.enum(REMINDER_SKIPS) })),
});
export type RemindView = z.infer<typeof remindView>;
