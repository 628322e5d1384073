// What the share dialog works out, free of React so it can be unit-tested in Node.
import type { CreateShareInput, ShareView } from '../../../../src/space/sharing/sharing.contract';
import { dueAtFromDateInput } from '../../admin/enrolments/dueDate';

/** Whether a link still opens: revoked and expired links answer as unknown ones. */
export type ShareState = 'active' | 'revoked' | 'expired';

export function shareState(share: Pick<ShareView, 'revokedAt' | 'expiresAt'>, now: Date = new Date()): ShareState {
  if (share.revokedAt) return 'revoked';
  if (share.expiresAt && new Date(share.expiresAt).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** The new-link form as the user fills it in. */
export interface ShareForm {
  audience: ShareView['audience'];
  /** The addresses of a link for named people. */
  recipients: string[];
  password: string;
  /** A local day (YYYY-MM-DD) or ''. */
  expiresOn: string;
  allowDownload: boolean;
  embedOrigins: string[];
}

export const EMPTY_SHARE_FORM: ShareForm = { audience: 'public', recipients: [], password: '', expiresOn: '', allowDownload: false, embedOrigins: [] };

/** E-mail addresses as typed: trimmed, the empty ones dropped (the server checks the rest). */
export const recipientsOf = (typed: readonly string[]): string[] => typed.map((email) => email.trim()).filter((email) => email !== '');

/** The request body: no password when the field is empty, the link open until the end of the chosen day, recipients only for named people. */
export function shareInputOf(form: ShareForm): CreateShareInput {
  return {
    audience: form.audience,
    recipients: form.audience === 'recipients' ? recipientsOf(form.recipients) : [],
    password: form.password === '' ? null : form.password,
    expiresAt: dueAtFromDateInput(form.expiresOn),
    allowDownload: form.allowDownload,
    embedOrigins: form.embedOrigins.map((origin) => origin.trim()).filter((origin) => origin !== ''),
  };
}

/** Active links first, then the newest first. */
export function sortShares(shares: readonly ShareView[], now: Date = new Date()): ShareView[] {
  const rank = (share: ShareView) => (shareState(share, now) === 'active' ? 0 : 1);
  return [...shares].sort((a, b) => rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt));
}
