import { addNotifications } from '../../platform/notifications/index.js';
import type { Orm } from '../../platform/db/index.js';
import type { LearnNoticeKind } from './in-app-notices.contract.js';
import type { NoticeKind } from './notice-templates.js';
import type { NoticeRecipient } from './notices.repository.js';

/** Where a notice about an enrolment leads: its player. */
const playerPath = (enrolmentId: string) => `/play/${enrolmentId}`;
/** Where a notice about a certificate leads: the learner's certificates. */
const CERTIFICATES_PATH = '/my-courses#certificates';

/** The bell's copy of the enrolment e-mails, for the same recipients, in the same transaction. */
export async function addEnrolmentNotices(tx: Orm, kind: NoticeKind, recipients: readonly NoticeRecipient[]): Promise<void> {
  await addNotifications(
    tx,
    recipients.map((r) => ({
      userId: r.userId,
      kind: `learn.${kind}` satisfies LearnNoticeKind,
      params: { courseTitle: r.courseTitle, ...(r.dueAt ? { dueAt: r.dueAt.toISOString() } : {}) },
      link: playerPath(r.enrolmentId),
    })),
  );
}

/** Tells a learner that a certificate was issued to them or revoked. */
export async function addCertificateNotice(tx: Orm, kind: 'issued' | 'revoked', certificate: { userId: string; courseTitle: string }): Promise<void> {
  await addNotifications(tx, [
    { userId: certificate.userId, kind: `learn.certificate_${kind}` satisfies LearnNoticeKind, params: { courseTitle: certificate.courseTitle }, link: CERTIFICATES_PATH },
  ]);
}
