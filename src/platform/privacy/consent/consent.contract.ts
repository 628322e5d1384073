import { z } from 'zod';

// Contracts are shared with the web app: zod only, nothing of Node.

/** The longest subject and body of an update e-mail an admin may send. */
export const UPDATE_SUBJECT_MAX = 200;
export const UPDATE_BODY_MAX = 20_000;

const timestamp = z.iso.datetime({ offset: true });
const language = z.enum(['de', 'en']);

/** One's consent to update e-mails: where it stands, what was agreed to, and the text offered now. */
export const myMailConsentView = z.object({
  status: z.enum(['none', 'pending', 'confirmed', 'withdrawn']),
  /** The exact text agreed to (or asked for, while pending); null when never asked. */
  consentText: z.string().nullable(),
  requestedAt: timestamp.nullable(),
  confirmedAt: timestamp.nullable(),
  withdrawnAt: timestamp.nullable(),
  /** true: withdrawn because the account's address changed; the new address has to confirm again. */
  endedByAddressChange: z.boolean(),
  /** The text a new consent agrees to, in each language; the UI shows the one of its language and sends it back. */
  offeredTexts: z.object({ de: z.string(), en: z.string() }),
  /** false: this server sends no e-mail (no mail server is set up), so consent can be neither confirmed nor used. */
  mailSent: z.boolean(),
});
export type MyMailConsentView = z.infer<typeof myMailConsentView>;

/** Ticking "I want update e-mails": the text as shown, in the language it was shown in. */
export const requestMailConsentInput = z.object({
  language,
  consentText: z.string().min(1).max(2000),
});
export type RequestMailConsentInput = z.infer<typeof requestMailConsentInput>;

export const updateMailingInput = z.object({
  subject: z.string().trim().min(1).max(UPDATE_SUBJECT_MAX),
  /** Plain text; a blank line separates paragraphs. */
  message: z.string().trim().min(1).max(UPDATE_BODY_MAX),
});
export type UpdateMailingInput = z.infer<typeof updateMailingInput>;

export const updateMailingView = z.object({
  id: z.uuid(),
  subject: z.string(),
  createdAt: timestamp,
  /** People with confirmed consent when it was sent. */
  recipientCount: z.number().int(),
  /** Mails queued so far (delivery runs in batches; someone who withdrew meanwhile is skipped). */
  deliveredCount: z.number().int(),
  /** When the last batch was queued; null while delivery runs. */
  deliveredAt: timestamp.nullable(),
  /** Who sent it (null once that account is gone). */
  sentBy: z.string().nullable(),
});
export type UpdateMailingView = z.infer<typeof updateMailingView>;

/** The admin's overview: how many people consented, and the mailings sent so far (newest first). */
export const updateMailsOverview = z.object({
  consents: z.object({
    /** Confirmed consents of active accounts: who the next mailing goes to. */
    confirmed: z.number().int(),
    pending: z.number().int(),
    withdrawn: z.number().int(),
  }),
  mailings: z.array(updateMailingView),
  /** false: this server sends no e-mail (no mail server is set up); nothing can be sent. */
  mailSent: z.boolean(),
});
export type UpdateMailsOverview = z.infer<typeof updateMailsOverview>;

export const sentMailingView = z.object({ id: z.uuid(), recipientCount: z.number().int() });
export type SentMailingView = z.infer<typeof sentMailingView>;
