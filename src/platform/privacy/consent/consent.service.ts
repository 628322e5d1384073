import { insertActorEvent } from '../../audit/actor-event.js';
import { insertAuditEvent } from '../../audit/audit.repository.js';
import type { UseCase } from '../../access/request-context.js';
import { siteNameOf } from '../../branding/branding.service.js';
import type { Db } from '../../db/client.js';
import { accept, guardedCredentialCheck, refuse } from '../../guard/credential-check.js';
import { AppError } from '../../http/errors.js';
import type { FlowContext } from '../../identity/flow-context.js';
import { hashUserToken, newUserToken } from '../../identity/user-tokens.js';
import { enqueueRenderedMail } from '../../mail/mail.queue.js';
import type { MyMailConsentView, RequestMailConsentInput } from './consent.contract.js';
import { renderConsentConfirmationMail, consentText } from './consent-texts.js';
import { confirmByTokenHash, findAccountConsent, upsertPendingConsent, withdrawConsent, withdrawConsentByLink, type AccountConsent } from './consent.repository.js';
import type { CheckedUnsubscribeSubject, MailTopic, UnsubscribeLinks } from './unsubscribe-link.js';

const TOPIC: MailTopic = 'updates';

/** A new confirmation mail at most once a minute: ticking the box again and again must not flood the mailbox. */
const CONFIRMATION_MAIL_INTERVAL_MS = 60_000;

/** The page of a confirmation link (the token in the query: the server-rendered page needs it; the log redacts it). */
export const CONFIRM_PAGE = '/mail-consent/confirm';
/**
 * The one-click address (RFC 8058) and its page: under /api, so a mail provider's bursts of signed
 * POSTs count against the generous budget of signed callbacks, not a browser's.
 */
export const UNSUBSCRIBE_PAGE = '/api/mail/unsubscribe';

function view(consent: AccountConsent | undefined, siteName: string, mailSent: boolean): MyMailConsentView {
  // A consent of an earlier address counts for nothing, however the address was changed: it is shown as ended.
  const otherAddress = consent !== undefined && consent.status !== 'withdrawn' && !consent.forAccountAddress;
  return {
    status: otherAddress ? 'withdrawn' : (consent?.status ?? 'none'),
    consentText: consent?.consentText ?? null,
    requestedAt: consent?.requestedAt.toISOString() ?? null,
    confirmedAt: consent?.confirmedAt?.toISOString() ?? null,
    withdrawnAt: consent?.withdrawnAt?.toISOString() ?? null,
    endedByAddressChange: otherAddress || consent?.withdrawnVia === 'address_changed',
    offeredTexts: { de: consentText('de', siteName), en: consentText('en', siteName) },
    mailSent,
  };
}

export async function myMailConsent(useCase: UseCase, mailSent: boolean): Promise<MyMailConsentView> {
  return view(await findAccountConsent(useCase.tx, useCase.user.id, TOPIC), siteNameOf(useCase.tenant), mailSent);
}

/**
 * The first step of the double opt-in: the consent is pending with the exact text the person was
 * shown, and a confirmation link goes to their address. Nothing is sent to them before they follow it.
 */
export async function requestMailConsent(useCase: UseCase, input: RequestMailConsentInput, site: { url: string; mailSent: boolean }): Promise<MyMailConsentView> {
  const { tx, user, tenant } = useCase;
  // A confirmation link that can never arrive would leave the person waiting for nothing.
  if (!site.mailSent) throw new AppError('UPDATE_MAIL_NO_MAIL_SERVER');
  const siteUrl = site.url;
  const siteName = siteNameOf(tenant);
  const text = consentText(input.language, siteName);
  // What is stored must be what was shown: a page loaded before the wording changed asks again.
  if (input.consentText !== text) throw new AppError('MAIL_CONSENT_TEXT_OUTDATED', [{ field: 'consentText', value: input.consentText.slice(0, 80) }]);
  // A consent of an earlier address stands for nothing: the present one asks anew.
  const found = await findAccountConsent(tx, user.id, TOPIC);
  const current = found?.forAccountAddress ? found : undefined;
  if (current?.status === 'confirmed') throw new AppError('MAIL_CONSENT_ALREADY_CONFIRMED');
  if (current?.status === 'pending' && current.consentText === text && Date.now() - current.requestedAt.getTime() < CONFIRMATION_MAIL_INTERVAL_MS) {
    return view(current, siteName, true);
  }
  const { token, tokenHash } = newUserToken();
  // The consent is the address's the link goes to: it holds while the account keeps that address.
  await upsertPendingConsent(tx, { userId: user.id, topic: TOPIC, email: user.email, consentText: text, requestIp: useCase.client.ip, tokenHash });
  const mail = renderConsentConfirmationMail(input.language, {
    siteName,
    firstName: user.firstName,
    link: `${siteUrl}${CONFIRM_PAGE}?token=${encodeURIComponent(token)}`,
    consentText: text,
  });
  await enqueueRenderedMail(tx, { to: user.email, userId: user.id, template: 'privacy.mail_consent_confirmation', ...mail });
  await insertActorEvent(tx, useCase, 'privacy.mail_consent_requested', { type: 'user', id: user.id }, { topic: TOPIC, language: input.language, consentText: text });
  return view(await findAccountConsent(tx, user.id, TOPIC), siteName, true);
}

/** Withdrawal in one's account settings, at any time; a pending request is cancelled the same way. */
export async function withdrawMyMailConsent(useCase: UseCase, mailSent: boolean): Promise<MyMailConsentView> {
  const { tx, user } = useCase;
  const withdrawn = await withdrawConsent(tx, user.id, TOPIC, 'settings');
  if (withdrawn) await insertActorEvent(tx, useCase, 'privacy.mail_consent_withdrawn', { type: 'user', id: user.id }, { topic: TOPIC, via: 'settings' });
  return view(await findAccountConsent(tx, user.id, TOPIC), siteNameOf(useCase.tenant), mailSent);
}

function attemptOf(context: FlowContext, endpoint: string) {
  return { ip: context.ip, account: null, endpoint, userAgent: context.userAgent, requestId: context.requestId };
}

/**
 * The second step: following the confirmation link (and pressing the page's button: a mail
 * scanner's GET confirms nothing) makes the consent count. The link works once and for 7 days; a
 * wrong one is counted and audited like any guessed credential.
 */
export async function confirmMailConsent(db: Db, context: FlowContext, token: string): Promise<void> {
  const { tenant } = context;
  await guardedCredentialCheck(db, tenant, attemptOf(context, 'link-mail-consent'), async () => {
    const confirmed = await db.withTenant(tenant.id, async (tx) => {
      const consent = await confirmByTokenHash(tx, hashUserToken(token), context.ip);
      if (!consent) return undefined;
      await insertAuditEvent(tx, {
        action: 'privacy.mail_consent_confirmed',
        actorUserId: consent.userId,
        actorIp: context.ip,
        userAgent: context.userAgent,
        requestId: context.requestId,
        targetType: 'user',
        targetId: consent.userId,
        details: { topic: consent.topic, consentText: consent.consentText, requestedAt: consent.requestedAt.toISOString() },
      });
      return consent;
    });
    if (confirmed) return accept(undefined, { endsStreak: false });
    return refuse({
      error: new AppError('MAIL_CONSENT_LINK_INVALID'),
      audit: { action: 'privacy.mail_consent_link_refused', targetType: 'link', targetId: 'mail_consent_confirmation', details: { link: 'confirmation' } },
    });
  });
}

/**
 * Checks an unsubscribe link presented on this site: forged, malformed and other sites' links are
 * refused, counted by the intrusion guard and audited with the reason. Changes nothing.
 */
export function checkUnsubscribeLink(db: Db, context: FlowContext, links: UnsubscribeLinks, token: string): Promise<CheckedUnsubscribeSubject> {
  return guardedCredentialCheck(db, context.tenant, attemptOf(context, 'link-unsubscribe'), async () => {
    const check = links.check(token, context.tenant.id);
    if (check.valid) return accept(check.subject, { endsStreak: false });
    return refuse({
      error: new AppError('UNSUBSCRIBE_LINK_INVALID'),
      audit: { action: 'privacy.mail_consent_link_refused', targetType: 'link', targetId: 'unsubscribe', details: { link: 'unsubscribe', reason: check.reason } },
    });
  });
}

/**
 * One-click unsubscribe (RFC 8058) or the page's button: withdraws the consent the link was sent
 * under, without a session. A link whose consent no longer stands (withdrawn, or given again since
 * with a new double opt-in) changes nothing and answers like a replay: already unsubscribed.
 *
 * A legacy `u1` link (mails sent before links named their consent) cannot tell which confirmation
 * it was sent under. It ends the consent confirmed now, as it always did: ignoring a person's
 * "stop" would send them mail without consent, whereas ending a consent given again costs them one
 * tick in their account settings, where the withdrawal shows. It never ends a pending request:
 * update e-mails go to confirmed consents only, and a request pending now was made after the
 * consent that link's mail was sent under had ended. No `u1` links are made any more.
 */
export async function unsubscribeByLink(db: Db, context: FlowContext, links: UnsubscribeLinks, token: string): Promise<{ changed: boolean }> {
  const subject = await checkUnsubscribeLink(db, context, links, token);
  return db.withTenant(context.tenant.id, async (tx) => {
    const withdrawn = await withdrawConsentByLink(tx, subject.userId, subject.topic, subject.consentConfirmedAtMicros);
    if (!withdrawn) return { changed: false };
    await insertAuditEvent(tx, {
      action: 'privacy.mail_consent_withdrawn',
      actorUserId: subject.userId,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: subject.userId,
      details: { topic: subject.topic, via: 'unsubscribe_link' },
    });
    return { changed: true };
  });
}
