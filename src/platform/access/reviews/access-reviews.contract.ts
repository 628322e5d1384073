import { z } from 'zod';

// Contracts are shared with the web app: zod only, nothing of Node.

/** The kinds of privilege an access review covers: the platform's own, and those areas contribute. */
export const PRIVILEGE_KINDS = ['staff_grant', 'role', 'api_token', 'lrs_key'] as const;
export type PrivilegeKind = (typeof PRIVILEGE_KINDS)[number];
/** The kinds a product area lists and revokes through its module (platform/modules). */
export type ContributedPrivilegeKind = Extract<PrivilegeKind, 'lrs_key'>;

export const REVIEW_DECISIONS = ['confirmed', 'revoked'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const DEFAULT_UNUSED_DAYS = 90;
export const DEFAULT_REVIEW_DUE_DAYS = 14;
export const MAX_UNUSED_DAYS = 3650;
export const MAX_REVIEW_DUE_DAYS = 90;

const unusedDays = z.coerce.number().int().min(1).max(MAX_UNUSED_DAYS);

export const privilegeReportQuery = z.object({
  /** A privilege not used for this many days is flagged unused. */
  unusedDays: unusedDays.default(DEFAULT_UNUSED_DAYS),
  /** Only the unused ones. */
  unusedOnly: z.enum(['true', 'false']).optional(),
});
export type PrivilegeReportQuery = z.input<typeof privilegeReportQuery>;

export const privilegeExportQuery = privilegeReportQuery.extend({ lang: z.enum(['de', 'en']).optional() });

export const privilegeView = z.object({
  kind: z.enum(PRIVILEGE_KINDS),
  subjectId: z.string(),
  holder: z.string(),
  privilege: z.string(),
  expiresAt: z.string().nullable(),
  /** null: never used, or (lastUseRecorded false) not known. */
  lastUsedAt: z.string().nullable(),
  lastUseRecorded: z.boolean(),
  /** Not used for the report's number of days (never used counts as unused). */
  unused: z.boolean(),
});
export type PrivilegeView = z.infer<typeof privilegeView>;

export const privilegeReportView = z.object({
  unusedDays: z.number().int(),
  generatedAt: z.string(),
  privileges: z.array(privilegeView),
});
export type PrivilegeReportView = z.infer<typeof privilegeReportView>;

export const startReviewInput = z.object({
  /** Days until the review is due. */
  dueInDays: z.number().int().min(1).max(MAX_REVIEW_DUE_DAYS).default(DEFAULT_REVIEW_DUE_DAYS),
  unusedDays: z.number().int().min(1).max(MAX_UNUSED_DAYS).default(DEFAULT_UNUSED_DAYS),
});
export type StartReviewInput = z.input<typeof startReviewInput>;

export const reviewSummaryView = z.object({
  id: z.uuid(),
  startedAt: z.string(),
  startedBy: z.string().nullable(),
  dueAt: z.string(),
  unusedDays: z.number().int(),
  completedAt: z.string().nullable(),
  overdue: z.boolean(),
  total: z.number().int(),
  decided: z.number().int(),
});
export type ReviewSummaryView = z.infer<typeof reviewSummaryView>;

export const reviewListView = z.object({ reviews: z.array(reviewSummaryView) });

export const reviewItemView = z.object({
  id: z.uuid(),
  kind: z.enum(PRIVILEGE_KINDS),
  subjectId: z.string(),
  holder: z.string(),
  privilege: z.string(),
  lastUsedAt: z.string().nullable(),
  unused: z.boolean(),
  decision: z.enum(REVIEW_DECISIONS).nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type ReviewItemView = z.infer<typeof reviewItemView>;

export const reviewView = z.object({ review: reviewSummaryView, items: z.array(reviewItemView) });
export type ReviewView = z.infer<typeof reviewView>;

export const reviewParams = z.object({ id: z.uuid() });
export const reviewItemParams = z.object({ id: z.uuid(), itemId: z.uuid() });
export const decideItemInput = z.object({ decision: z.enum(REVIEW_DECISIONS) });
export type DecideItemInput = z.input<typeof decideItemInput>;

export const decisionView = z.object({ item: reviewItemView, review: reviewSummaryView });
export type DecisionView = z.infer<typeof decisionView>;
