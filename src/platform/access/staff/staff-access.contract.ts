import { z } from 'zod';

export const tenantGrantView = z.object({
  id: z.uuid(),
  staffName: z.string(),
  staffEmail: z.string(),
  scope: z.enum(['support_read', 'admin']),
  reason: z.string(),
  ticket: z.string(),
  status: z.enum(['pending_approval', 'active', 'rejected', 'revoked', 'expired']),
  hours: z.number(),
  requestedAt: z.string(),
  startsAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type TenantGrantView = z.infer<typeof tenantGrantView>;

export const staffAccessEntryView = z.object({
  id: z.number(),
  occurredAt: z.string(),
  action: z.string(),
  staffName: z.string().nullable(),
  staffEmail: z.string().nullable(),
  grantId: z.string().nullable(),
  ip: z.string().nullable(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  status: z.number().nullable(),
  /** The connection closed before the answer was complete (a download broken off). */
  aborted: z.boolean(),
});
export type StaffAccessEntryView = z.infer<typeof staffAccessEntryView>;

export const staffAccessLogQuery = z.object({
  beforeId: z.coerce.number().int().positive().optional(),
  grantId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
