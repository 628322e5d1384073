import { escapeHtml, htmlDocument } from '../../http/html-page.js';
import type { Language } from '../../http/language.js';

/**
 * The pages of the links in consent and update e-mails, for people who need not be signed in:
 * plain server-rendered HTML (no script, no inline style: the strict CSP), no referrer (their
 * address carries a token). Every state change is a button (a POST): mail scanners follow links.
 */
const TEXT = {
  en: {
    confirm: ['Confirm update e-mails', 'Press the button to confirm that you want update e-mails from {site}. You can withdraw your consent at any time.'],
    confirmButton: 'Confirm update e-mails',
    confirmed: ['Update e-mails confirmed', 'Thank you: you will receive update e-mails from {site}. You can stop them at any time with the link in every such e-mail or in your account settings.'],
    unsubscribe: ['Unsubscribe from update e-mails', 'Press the button to stop update e-mails from {site} to your account. E-mails you need for the service itself (password resets, invitations, enrolments, receipts) are not affected.'],
    unsubscribeButton: 'Unsubscribe',
    unsubscribed: ['You are unsubscribed', 'You will receive no more update e-mails from {site}. E-mails you need for the service itself still reach you. If you change your mind, you can ask for update e-mails again in your account settings.'],
    refused: 'This did not work',
    account: 'Account settings',
  },
  de: {
    confirm: ['Update-E-Mails bestätigen', 'Klicken Sie auf die Schaltfläche, um zu bestätigen, dass Sie Update-E-Mails von {site} erhalten möchten. Sie können Ihre Einwilligung jederzeit widerrufen.'],
    confirmButton: 'Update-E-Mails bestätigen',
    confirmed: ['Update-E-Mails bestätigt', 'Vielen Dank: Sie erhalten Update-E-Mails von {site}. Sie können sie jederzeit mit dem Link in jeder dieser E-Mails oder in Ihren Kontoeinstellungen abbestellen.'],
    unsubscribe: ['Update-E-Mails abbestellen', 'Klicken Sie auf die Schaltfläche, um Update-E-Mails von {site} an Ihr Konto zu beenden. E-Mails, die Sie für den Dienst selbst brauchen (Passwort-Zurücksetzung, Einladungen, Einschreibungen, Belege), sind davon nicht betroffen.'],
    unsubscribeButton: 'Abbestellen',
    unsubscribed: ['Update-E-Mails abbestellt', 'Sie erhalten keine Update-E-Mails mehr von {site}. E-Mails, die Sie für den Dienst selbst brauchen, erreichen Sie weiterhin. Wenn Sie es sich anders überlegen, können Sie Update-E-Mails in Ihren Kontoeinstellungen wieder anfordern.'],
    refused: 'Das hat nicht funktioniert',
    account: 'Kontoeinstellungen',
  },
} as const;

function page(language: Language, title: string, body: string): string {
  return htmlDocument({ language, title: `${title} · Lectern`, body: `<main>${body}</main>`, noReferrer: true });
}

const withSite = (text: string, site: string) => text.replace('{site}', site);

function messagePage(language: Language, [title, message]: readonly [string, string], site: string, extra = ''): string {
  return page(language, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(withSite(message, site))}</p>${extra}`);
}

function buttonForm(action: string, hidden: Record<string, string>, label: string): string {
  const fields = Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<form method="post" action="${escapeHtml(action)}">${fields}<button type="submit">${escapeHtml(label)}</button></form>`;
}

const accountLink = (language: Language) => `<p><a href="/account#updates">${escapeHtml(TEXT[language].account)}</a></p>`;

export function confirmConsentPage(language: Language, site: string, action: string, token: string): string {
  return messagePage(language, TEXT[language].confirm, site, buttonForm(action, { token }, TEXT[language].confirmButton));
}

export function consentConfirmedPage(language: Language, site: string): string {
  return messagePage(language, TEXT[language].confirmed, site, accountLink(language));
}

/** The button posts what a mail provider's one-click request posts (RFC 8058), to the same address. */
export function unsubscribePage(language: Language, site: string, action: string): string {
  return messagePage(language, TEXT[language].unsubscribe, site, buttonForm(action, { 'List-Unsubscribe': 'One-Click' }, TEXT[language].unsubscribeButton));
}

export function unsubscribedPage(language: Language, site: string): string {
  return messagePage(language, TEXT[language].unsubscribed, site, accountLink(language));
}

/** A refused link: what went wrong, in the words of the error catalogue, and where to go instead. */
export function refusedPage(language: Language, message: string): string {
  const title = TEXT[language].refused;
  return page(language, title, `<h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(message)}</p>${accountLink(language)}`);
}
