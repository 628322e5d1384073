// Contracts are shared with the web app: nothing of Node.

/**
 * What Learn puts into a user's in-app inbox (the bell), by kind; the web app writes each one's
 * text from its `params` in the reader's language. `courseTitle` is always there; `dueAt` (ISO) on
 * the due-date notices.
 */
export const LEARN_NOTICE_KINDS = [
  'learn.enrolled',
  'learn.reminder',
  'learn.overdue',
  'learn.nudge',
  'learn.certificate_issued',
  'learn.certificate_revoked',
] as const;
export type LearnNoticeKind = (typeof LEARN_NOTICE_KINDS)[number];
