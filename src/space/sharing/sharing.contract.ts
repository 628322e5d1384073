import { z } from 'zod';
import { SHARE_AUDIENCES } from './sharing.schema.js';

/** An origin that may embed a shared page: https (or http on loopback, for testing), no path. */
const embedOrigin = z
  .string()
  .trim()
  .max(200)
  .refine((value) => {
    try {
      const url = new URL(value);
      const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
      return (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) && url.origin === value.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, { message: 'must be an origin such as https://intranet.example.com' })
  .transform((value) => new URL(value).origin);

/** A named recipient's address, in the form it is compared in. */
const recipientEmail = z.string().trim().max(254).pipe(z.email()).transform((value) => value.toLowerCase());
/** The addresses a `recipients` link is for (each told by mail, each proving itself by a code). */
const recipients = z
  .array(recipientEmail)
  .max(50)
  .transform((emails) => [...new Set(emails)]);

export const createShareInput = z.object({
  audience: z.enum(SHARE_AUDIENCES).default('public'),
  recipients: recipients.default([]),
  /** Asked of every visitor; null: none. */
  password: z.string().min(8).max(200).nullable().default(null),
  expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
  allowDownload: z.boolean().default(false),
  embedOrigins: z.array(embedOrigin).max(10).default([]),
});
export type CreateShareInput = z.input<typeof createShareInput>;
export const shareRecipientsInput = z.object({ recipients });

export const shareView = z.object({
  id: z.uuid(),
  url: z.string(),
  /** An iframe that shows the page (embeddable from `embedOrigins` only). */
  embedCode: z.string(),
  audience: z.enum(SHARE_AUDIENCES),
  /** Who a `recipients` link is for. */
  recipients: z.array(z.string()),
  hasPassword: z.boolean(),
  expiresAt: z.string().nullable(),
  allowDownload: z.boolean(),
  embedOrigins: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  opens: z.number().int(),
  visitors: z.number().int(),
});
export type ShareView = z.infer<typeof shareView>;
export const shareListView = z.object({ shares: z.array(shareView) });
