import type { Language } from '../http/language.js';

/** The mails Lectern sends, each in German and English, as plain text and simple HTML. */
export type MailTemplate = 'invitation' | 'registration' | 'password_reset' | 'email_change' | 'email_address_in_use' | 'password_changed';

export interface MailData {
  tenantName: string;
  firstName: string;
  /** The address the mail asks the reader to open (a one-time link, or a page of the site). */
  link: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface TemplateText {
  subject: string;
  greeting: string;
  /** Paragraphs before the link. */
  intro: string[];
  action: string;
  /** Paragraphs after the link. */
  outro: string[];
}

type Texts = Record<MailTemplate, Record<Language, (d: MailData) => TemplateText>>;

const texts: Texts = {
  invitation: {
    en: (d) => ({
      subject: `Your invitation to ${d.tenantName}`,
      greeting: `Hello ${d.firstName},`,
      intro: [`you have been invited to ${d.tenantName}. Choose your password to activate your account:`],
      action: 'Accept the invitation',
      outro: ['The link is valid for 7 days and works once.'],
    }),
    de: (d) => ({
      subject: `Ihre Einladung zu ${d.tenantName}`,
      greeting: `Hallo ${d.firstName},`,
      intro: [`Sie wurden zu ${d.tenantName} eingeladen. Legen Sie Ihr Passwort fest, um Ihr Konto zu aktivieren:`],
      action: 'Einladung annehmen',
      outro: ['Der Link ist 7 Tage gültig und funktioniert einmal.'],
    }),
  },
  registration: {
    en: (d) => ({
      subject: `Confirm your account at ${d.tenantName}`,
      greeting: `Hello ${d.firstName},`,
      intro: [`an account at ${d.tenantName} was requested with this e-mail address. Confirm it by choosing your password:`],
      action: 'Choose your password',
      outro: ['The link is valid for 7 days and works once.', 'If you did not ask for this, ignore this message: without a password the account cannot be used.'],
    }),
    de: (d) => ({
      subject: `Bestätigen Sie Ihr Konto bei ${d.tenantName}`,
      greeting: `Hallo ${d.firstName},`,
      intro: [`mit dieser E-Mail-Adresse wurde ein Konto bei ${d.tenantName} beantragt. Bestätigen Sie es, indem Sie Ihr Passwort festlegen:`],
      action: 'Passwort festlegen',
      outro: ['Der Link ist 7 Tage gültig und funktioniert einmal.', 'Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ohne Passwort kann das Konto nicht verwendet werden.'],
    }),
  },
  password_reset: {
    en: (d) => ({
      subject: `Reset your password for ${d.tenantName}`,
      greeting: `Hello ${d.firstName},`,
      intro: [`a new password was requested for your account at ${d.tenantName}. Choose it here:`],
      action: 'Choose a new password',
      outro: [
        'The link is valid for 30 minutes and works once.',
        'If you did not ask for this, ignore this message: your password stays as it is.',
      ],
    }),
    de: (d) => ({
      subject: `Passwort zurücksetzen für ${d.tenantName}`,
      greeting: `Hallo ${d.firstName},`,
      intro: [`für Ihr Konto bei ${d.tenantName} wurde ein neues Passwort angefordert. Legen Sie es hier fest:`],
      action: 'Neues Passwort festlegen',
      outro: [
        'Der Link ist 30 Minuten gültig und funktioniert einmal.',
        'Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.',
      ],
    }),
  },
  email_change: {
    en: (d) => ({
      subject: `Confirm your new e-mail address for ${d.tenantName}`,
      greeting: `Hello ${d.firstName},`,
      intro: [`please confirm that this is your new e-mail address for your account at ${d.tenantName}:`],
      action: 'Confirm the address',
      outro: [
        'The link is valid for 24 hours and works once. Until you confirm, your old address stays in use.',
        'If you did not ask for this, ignore this message.',
      ],
    }),
    de: (d) => ({
      subject: `Bestätigen Sie Ihre neue E-Mail-Adresse für ${d.tenantName}`,
      greeting: `Hallo ${d.firstName},`,
      intro: [`bitte bestätigen Sie, dass dies Ihre neue E-Mail-Adresse für Ihr Konto bei ${d.tenantName} ist:`],
      action: 'Adresse bestätigen',
      outro: [
        'Der Link ist 24 Stunden gültig und funktioniert einmal. Bis zur Bestätigung gilt Ihre bisherige Adresse.',
        'Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht.',
      ],
    }),
  },
  email_address_in_use: {
    en: (d) => ({
      subject: `Someone wanted to use your e-mail address at ${d.tenantName}`,
      greeting: `Hello ${d.firstName},`,
      intro: [
        `someone asked to use this e-mail address for another account at ${d.tenantName}. It already belongs to your account, so nothing was changed.`,
        'If that was you, sign in with this address:',
      ],
      action: 'Sign in',
      outro: ['If it was not you, you need not do anything.'],
    }),
    de: (d) => ({
      subject: `Jemand wollte Ihre E-Mail-Adresse bei ${d.tenantName} verwenden`,
      greeting: `Hallo ${d.firstName},`,
      intro: [
        `jemand wollte diese E-Mail-Adresse für ein anderes Konto bei ${d.tenantName} verwenden. Sie gehört bereits zu Ihrem Konto, deshalb wurde nichts geändert.`,
        'Wenn Sie das waren, melden Sie sich mit dieser Adresse an:',
      ],
      action: 'Anmelden',
      outro: ['Wenn Sie es nicht waren, müssen Sie nichts tun.'],
    }),
  },
  password_changed: {
    en: (d) => ({
      subject: `Your password for ${d.tenantName} was changed`,
      greeting: `Hello ${d.firstName},`,
      intro: [
        `the password of your account at ${d.tenantName} has just been changed, and your other sessions were signed out.`,
        'If this was not you, ask for a new password at once and tell your administrator:',
      ],
      action: 'Ask for a new password',
      outro: [],
    }),
    de: (d) => ({
      subject: `Ihr Passwort für ${d.tenantName} wurde geändert`,
      greeting: `Hallo ${d.firstName},`,
      intro: [
        `das Passwort Ihres Kontos bei ${d.tenantName} wurde soeben geändert, und Ihre anderen Sitzungen wurden abgemeldet.`,
        'Wenn Sie das nicht waren, fordern Sie sofort ein neues Passwort an und informieren Sie Ihre Administration:',
      ],
      action: 'Neues Passwort anfordern',
      outro: [],
    }),
  },
};

const footer: Record<Language, (tenantName: string) => string> = {
  en: (name) => `This message was sent automatically by ${name}.`,
  de: (name) => `Diese Nachricht wurde automatisch von ${name} gesendet.`,
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A subject is one header line: line breaks in a tenant's name must not start a new header. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

export function renderMail(template: MailTemplate, language: Language, data: MailData): RenderedMail {
  const t = texts[template][language](data);
  const foot = footer[language](data.tenantName);
  const text = [t.greeting, '', ...t.intro.flatMap((p) => [p, '']), data.link, '', ...t.outro.flatMap((p) => [p, '']), '-- ', foot, '']
    .join('\n');
  const paragraphs = (list: string[]) => list.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const link = escapeHtml(data.link);
  const html = `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><title>${escapeHtml(oneLine(t.subject))}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #222;">
<p>${escapeHtml(t.greeting)}</p>
${paragraphs(t.intro)}
<p><a href="${link}">${escapeHtml(t.action)}</a></p>
<p style="font-size: 90%; color: #555;">${link}</p>
${paragraphs(t.outro)}
<hr><p style="font-size: 80%; color: #777;">${escapeHtml(foot)}</p>
</body>
</html>
`;
  return { subject: oneLine(t.subject), text, html };
}
