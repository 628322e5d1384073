import { createInstance, type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEARN_NOTICE_KINDS } from '../../../../src/learn/notifications/in-app-notices.contract';
import { de } from '../i18n/de';
import { en } from '../i18n/en';
import { noticeLink, noticeText } from './noticeText';

describe('what a notice says', () => {
  const translators: Record<'en' | 'de', TFunction> = {} as never;
  beforeAll(async () => {
    for (const lng of ['en', 'de'] as const) {
      const i18n = createInstance();
      await i18n.init({ lng, resources: { [lng]: { translation: lng === 'en' ? en : de } }, interpolation: { escapeValue: false } });
      translators[lng] = i18n.t;
    }
  });

  it('writes each kind Learn sends as its own sentence, in English and German, naming the course', () => {
    for (const lng of ['en', 'de'] as const) {
      const sentences = LEARN_NOTICE_KINDS.map((kind) => noticeText({ kind, params: { courseTitle: 'Fire <b>safety</b>', dueAt: '2031-03-14T16:30:00.000Z' } }, translators[lng], lng));
      for (const sentence of sentences) expect(sentence).toContain('Fire <b>safety</b>');
      expect(new Set(sentences).size, lng).toBe(LEARN_NOTICE_KINDS.length);
    }
    const t = translators.en;
    expect(noticeText({ kind: 'learn.reminder', params: { courseTitle: 'Fire safety', dueAt: '2031-03-14T16:30:00.000Z' } }, t, 'en-GB')).toBe('Reminder: “Fire safety” is due on 14 Mar 2031.');
    expect(noticeText({ kind: 'learn.enrolled', params: { courseTitle: 'Fire safety' } }, t, 'en')).toBe('You have been enrolled in “Fire safety”.');
    expect(noticeText({ kind: 'learn.overdue', params: { courseTitle: 'Brandschutz', dueAt: '2031-03-14T16:30:00.000Z' } }, translators.de, 'de')).toBe('„Brandschutz“ war am 14.03.2031 fällig und ist überfällig.');
  });

  it("writes the platform's notices to administrators as sentences of their own", () => {
    expect(noticeText({ kind: 'access.staff_grant_pending', params: { staff: 'Olga Ops' } }, translators.en, 'en')).toBe('Olga Ops of the operator asks for access to this site and waits for your approval.');
    expect(noticeText({ kind: 'access.review_reminder', params: {} }, translators.de, 'de')).toBe('Eine Zugriffsprüfung wartet auf Ihre Entscheidungen.');
    expect(noticeText({ kind: 'access.review_reminder', params: { dueAt: '2031-03-14T16:30:00.000Z', overdue: 'true' } }, translators.en, 'en-GB')).toBe(
      'An access review was due on 14 Mar 2031 and still waits for your decisions.',
    );
    expect(noticeText({ kind: 'privacy.erasure_requested', params: { person: 'Lea Learner' } }, translators.en, 'en')).toBe('Lea Learner asks for their personal data to be erased.');
    expect(noticeText({ kind: 'privacy.erasure_rejected', params: { reason: 'Ihr Vertrag läuft noch.' } }, translators.de, 'de')).toBe(
      'Ihre Bitte, Ihre Daten zu löschen, wurde abgelehnt: Ihr Vertrag läuft noch.',
    );
  });

  it('shows a kind it does not know as a notification, not as a key or a blank', () => {
    expect(noticeText({ kind: 'market.order_paid', params: {} }, translators.en, 'en')).toBe('New notification');
    expect(noticeText({ kind: 'toString', params: {} }, translators.de, 'de')).toBe('Neue Benachrichtigung');
  });

  it('follows only paths inside the app', () => {
    expect(noticeLink({ link: '/play/5f0c' })).toBe('/play/5f0c');
    expect(noticeLink({ link: '/my-courses#certificates' })).toBe('/my-courses#certificates');
    for (const link of ['https://evil.test', '//evil.test', '/\\evil.test', 'javascript:alert(1)', null]) expect(noticeLink({ link })).toBeUndefined();
  });
});
