import { z } from 'zod';

export const privacyRequestView = z.object({
  id: z.uuid(),
  subjectUserId: z.uuid(),
  kind: z.enum(['export', 'erasure']),
  status: z.enum(['requested', 'completed', 'rejected']),
  requestedAt: z.string(),
  handledAt: z.string().nullable(),
});
export type PrivacyRequestView = z.infer<typeof privacyRequestView>;

export const siteRequestView = privacyRequestView.extend({ subjectName: z.string(), subjectEmail: z.string() });
export type SiteRequestView = z.infer<typeof siteRequestView>;

export const ownRequestsView = z.object({ requests: z.array(privacyRequestView) });
export const siteRequestsView = z.object({ requests: z.array(siteRequestView) });
export const siteRequestsQuery = z.object({ status: z.enum(['requested', 'completed', 'rejected']).optional() });

/** The administrator types the person's e-mail address: erasure is final, and this names whom it is for. */
export const eraseUserInput = z.object({ confirmEmail: z.string().trim().min(1).max(320) });
export type EraseUserInput = z.infer<typeof eraseUserInput>;

export const rejectRequestInput = z.object({ reason: z.string().trim().min(1).max(1000) });
export type RejectRequestInput = z.infer<typeof rejectRequestInput>;
