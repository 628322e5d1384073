import { z } from 'zod';
import { localisedRefinement } from '../../platform/http/localised-checks.contract.js';
import { displayName } from '../../platform/names/display-name.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

export const CERTIFICATE_HEADING_MAX = 120;
export const CERTIFICATE_BODY_MAX = 1000;
export const REVOKE_REASON_MAX = 500;

/** Control characters other than line breaks and tabs, and the bidirectional controls (Trojan Source). */
const HIDDEN_CHARACTERS = /(?![\n\t])[\p{Cc}\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** A paragraph of text printed on a certificate: line breaks allowed, no hidden characters. */
const printedText = (max: number) =>
  z
    .string()
    .overwrite((text) => text.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .max(max)
    .refine((text) => !HIDDEN_CHARACTERS.test(text), localisedRefinement({ en: 'must not contain control characters', de: 'darf keine Steuerzeichen enthalten' }));

/** A course's certificate template as the course editor sees and sends it. */
export const certificateSettingsInput = z.object({
  enabled: z.boolean(),
  /** The certificate's heading; null: the standard one ("Certificate of completion") in the learner's language. */
  heading: displayName(CERTIFICATE_HEADING_MAX).nullable().default(null),
  /** A paragraph printed under the course title; null or empty: none. */
  body: printedText(CERTIFICATE_BODY_MAX)
    .nullable()
    .default(null)
    .transform((text) => (text === '' ? null : text)),
});
export type CertificateSettingsInput = z.input<typeof certificateSettingsInput>;

export const certificateSettingsView = z.object({
  courseId: z.uuid(),
  enabled: z.boolean(),
  heading: z.string().nullable(),
  body: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type CertificateSettingsView = z.infer<typeof certificateSettingsView>;

export const CERTIFICATE_STATES = ['valid', 'revoked'] as const;

/** One issued certificate, as its learner and the course's administrators see it. */
export const certificateView = z.object({
  id: z.uuid(),
  /** The verification code in its readable form (four groups of five characters). */
  code: z.string(),
  verifyUrl: z.string(),
  /** The course enrolment it was earned in; null for a learning path's certificate. */
  enrolmentId: z.uuid().nullable(),
  courseId: z.uuid().nullable(),
  /** A learning path's certificate: the path (then courseTitle is the path's title). */
  pathId: z.uuid().nullable(),
  userId: z.uuid(),
  learnerName: z.string(),
  /** What it certifies: the course's title, or the learning path's. */
  courseTitle: z.string(),
  status: z.enum(['completed', 'passed']),
  scorePercent: z.number().nullable(),
  completedAt: z.string(),
  issuedAt: z.string(),
  state: z.enum(CERTIFICATE_STATES),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type CertificateView = z.infer<typeof certificateView>;

export const certificateListView = z.object({ certificates: z.array(certificateView) });
export type CertificateListView = z.infer<typeof certificateListView>;

/** A completed enrolment whose course awards a certificate that has not been issued yet (switched on after the learner finished). */
export const claimableCertificateView = z.object({ enrolmentId: z.uuid(), courseId: z.uuid(), courseTitle: z.string() });

export const myCertificatesView = z.object({ certificates: z.array(certificateView), claimable: z.array(claimableCertificateView) });
export type MyCertificatesView = z.infer<typeof myCertificatesView>;

export const issueCertificateResult = z.object({ certificate: certificateView, created: z.boolean() });

export const revokeCertificateInput = z.object({
  reason: printedText(REVOKE_REASON_MAX).pipe(z.string().min(1)),
});
export type RevokeCertificateInput = z.input<typeof revokeCertificateInput>;

/** What the public verification answers for a valid certificate (nothing else about the learner). */
export const certificateVerificationView = z.object({
  valid: z.literal(true),
  /** What it certifies: a course, or a whole learning path (then courseTitle is the path's title). */
  subject: z.enum(['course', 'path']),
  code: z.string(),
  learnerName: z.string(),
  courseTitle: z.string(),
  siteName: z.string(),
  completedAt: z.string(),
  issuedAt: z.string(),
  scorePercent: z.number().nullable(),
});
export type CertificateVerificationView = z.infer<typeof certificateVerificationView>;

export const pdfLanguageQuery = z.object({ lang: z.enum(['de', 'en']).optional() });
