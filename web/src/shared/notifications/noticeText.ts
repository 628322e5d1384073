// What a notice says and where it leads, free of React so it can be unit-tested in Node.
import type { TFunction } from 'i18next';
import type { LearnNoticeKind } from '../../../../src/learn/notifications/in-app-notices.contract';
import { IN_APP_PATH } from '../../../../src/platform/notifications/notifications.contract';
import type { NotificationView } from '../api/types';
import { formatDate } from '../ui/format';

/** Each kind the server sends, by the key of its sentence. */
const SENTENCES: Record<LearnNoticeKind | PlatformNoticeKind, string> = {
  'access.review_reminder': 'accessReview',
  'access.staff_grant_pending': 'staffGrantPending',
  'privacy.erasure_requested': 'erasureRequested',
  'privacy.erasure_rejected': 'erasureRejected',
  'learn.enrolled': 'enrolled',
  'learn.reminder': 'reminder',
  'learn.overdue': 'overdue',
  'learn.nudge': 'nudge',
  'learn.certificate_issued': 'certificateIssued',
  'learn.certificate_revoked': 'certificateRevoked',
};

/** The platform's own notices: an access review waiting, an operator's grant waiting for approval, an erasure asked for or declined. */
type PlatformNoticeKind = 'access.review_reminder' | 'access.staff_grant_pending' | 'privacy.erasure_requested' | 'privacy.erasure_rejected';

/** The notice's sentence in the reader's language; a kind this version does not know still shows as a notification. */
export function noticeText(notice: Pick<NotificationView, 'kind' | 'params'>, t: TFunction, language: string): string {
  const sentence = Object.hasOwn(SENTENCES, notice.kind) ? SENTENCES[notice.kind as LearnNoticeKind | PlatformNoticeKind] : 'other';
  const title = notice.params.courseTitle ?? notice.params.staff ?? notice.params.person ?? '';
  const date = notice.params.dueAt ? formatDate(notice.params.dueAt, language) : '';
  const key = sentence === 'enrolled' && date ? 'enrolledDue' : sentence === 'accessReview' && notice.params.overdue === 'true' && date ? 'accessReviewOverdue' : sentence;
  return t(`notifications.kinds.${key}` as 'notifications.kinds.other', { title, date, reason: notice.params.reason ?? '' });
}

/** A path inside the app to open, or undefined (anything else the server might send is not followed). */
export function noticeLink(notice: Pick<NotificationView, 'link'>): string | undefined {
  const link = notice.link;
  return link && IN_APP_PATH.test(link) ? link : undefined;
}
