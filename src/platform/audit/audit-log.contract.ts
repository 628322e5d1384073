import { z } from 'zod';
import { describedPattern } from '../http/localised-checks.contract.js';

/** A day (`2026-12-01`): the whole day in UTC. */
const instant = z.iso.date();

/** The filters of the audit log, for the list and the CSV export alike. */
export const auditLogFilter = z.object({
  /** An action (`user.roles_changed`), or a prefix ending in a dot (`auth.`) for all its actions. */
  action: z
    .string()
    .trim()
    .max(100)
    .regex(
      ...describedPattern(/^[a-z0-9_.]+$/, {
        en: 'may hold only lower-case letters, digits, dots and underscores (such as user.roles_changed or auth.)',
        de: 'darf nur Kleinbuchstaben, Ziffern, Punkte und Unterstriche enthalten (etwa user.roles_changed oder auth.)',
      }),
    )
    .optional(),
  /** The acting user's or staff member's id. */
  actorId: z.uuid().optional(),
  /** Part of the acting user's or staff member's e-mail or name. */
  actor: z.string().trim().min(1).max(200).optional(),
  targetType: z.string().trim().min(1).max(100).optional(),
  targetId: z.string().trim().min(1).max(200).optional(),
  /** From this day, inclusive. */
  from: instant.optional(),
  /** Up to this day, inclusive. */
  to: instant.optional(),
  /** Text anywhere in the entry's details. */
  q: z.string().trim().min(1).max(200).optional(),
});
export type AuditLogFilter = z.infer<typeof auditLogFilter>;

export const auditLogQuery = auditLogFilter.extend({
  /** The `next` of the previous page: entries older than it. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditActorView = z.object({
  kind: z.enum(['user', 'staff']),
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});

export const auditEntryView = z.object({
  id: z.number(),
  seq: z.number().nullable(),
  occurredAt: z.string(),
  action: z.string(),
  /** Null: the system, or an anonymous request (a failed sign-in names the account tried in its details). */
  actor: auditActorView.nullable(),
  /** The staff grant a staff member acted under. */
  staffGrantId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  target: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  /** What changed, where the entry records it. */
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;

export const auditLogPage = z.object({
  entries: z.array(auditEntryView),
  /** Pass as `before` for the next page; null at the end. */
  next: z.number().nullable(),
});

export const securityTimelineQuery = z.object({
  from: instant.optional(),
  to: instant.optional(),
  bucket: z.enum(['day', 'hour']).default('day'),
});

export const SECURITY_EVENT_KINDS = ['sign_in_failed', 'sign_in_succeeded', 'blocked', 'block_lifted', 'rate_limited', 'cross_origin_refused', 'mfa_failed', 'token_failed'] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export const securityTimelineView = z.object({
  from: z.string(),
  to: z.string(),
  bucket: z.enum(['day', 'hour']),
  /** Only buckets with events, oldest first. */
  buckets: z.array(z.object({ start: z.string(), counts: z.record(z.enum(SECURITY_EVENT_KINDS), z.number()) })),
  totals: z.record(z.enum(SECURITY_EVENT_KINDS), z.number()),
});
export type SecurityTimeline = z.infer<typeof securityTimelineView>;
