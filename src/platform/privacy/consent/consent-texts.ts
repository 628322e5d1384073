import type { Language } from '../../http/language.js';
import { escapeHtml, type RenderedMail } from '../../mail/mail-templates.js';

/**
 * The text a person agrees to when they ask for update e-mails, in the language their UI shows.
 * It is stored verbatim with the consent (mail_consents.consent_text): changing the wording here
 * changes what new consents record, never what earlier ones said.
 */
export function consentText(language: Language, siteName: string): string {
  return language === 'de'
    ? `Ja, ich möchte Update-E-Mails von ${siteName} erhalten: Neuigkeiten zu Kursen, Funktionen und Veranstaltungen. ` +
        'Meine E-Mail-Adresse wird dafür nicht an Dritte weitergegeben. Ich kann meine Einwilligung jederzeit in meinen ' +
        'Kontoeinstellungen oder über den Abmeldelink in jeder dieser E-Mails widerrufen.'
    : `Yes, I want to receive update e-mails from ${siteName}: news about courses, features and events. ` +
        'My e-mail address is not passed on to anybody for this. I can withdraw my consent at any time in my account ' +
        'settings or with the unsubscribe link in every such e-mail.';
}

/** A subject is one header line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

function page(language: Language, title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><title>${escapeHtml(oneLine(title))}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #222;">
${bodyHtml}
</body>
</html>
`;
}

const paragraphsHtml = (text: string) =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');

/** The double opt-in mail: the link that confirms the consent, and the text it confirms. */
export function renderConsentConfirmationMail(language: Language, data: { siteName: string; firstName: string; link: string; consentText: string }): RenderedMail {
  const t =
    language === 'de'
      ? {
          subject: `Bitte bestätigen Sie: Update-E-Mails von ${data.siteName}`,
          greeting: `Hallo ${data.firstName},`,
          intro: 'Sie haben in Ihren Kontoeinstellungen Update-E-Mails angefordert. Sie erhalten sie erst, wenn Sie das mit diesem Link bestätigen:',
          action: 'Update-E-Mails bestätigen',
          agreed: 'Sie stimmen damit diesem Text zu:',
          outro: 'Der Link ist 7 Tage gültig und funktioniert einmal. Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ohne Bestätigung senden wir Ihnen keine Update-E-Mails.',
        }
      : {
          subject: `Please confirm: update e-mails from ${data.siteName}`,
          greeting: `Hello ${data.firstName},`,
          intro: 'you asked for update e-mails in your account settings. You receive them only once you confirm with this link:',
          action: 'Confirm update e-mails',
          agreed: 'By confirming, you agree to this text:',
          outro: 'The link is valid for 7 days and works once. If you did not ask for this, ignore this message: without confirmation we send you no update e-mails.',
        };
  const text = [t.greeting, '', t.intro, '', data.link, '', t.agreed, '', `"${data.consentText}"`, '', t.outro, ''].join('\n');
  const link = escapeHtml(data.link);
  const html = page(
    language,
    t.subject,
    `<p>${escapeHtml(t.greeting)}</p>
<p>${escapeHtml(t.intro)}</p>
<p><a href="${link}">${escapeHtml(t.action)}</a></p>
<p style="font-size: 90%; color: #555;">${link}</p>
<p>${escapeHtml(t.agreed)}</p>
<blockquote>${escapeHtml(data.consentText)}</blockquote>
<p>${escapeHtml(t.outro)}</p>`,
  );
  return { subject: oneLine(t.subject), text, html };
}

/**
 * An update e-mail as one recipient gets it: the admin's subject and plain-text body, and a footer
 * in the recipient's language that says why they get it and how to stop it (the same address as the
 * List-Unsubscribe header).
 */
export function renderUpdateMail(
  language: Language,
  data: { siteName: string; subject: string; body: string; unsubscribeUrl: string; accountUrl: string },
): RenderedMail {
  const foot =
    language === 'de'
      ? {
          why: `Sie erhalten diese E-Mail, weil Sie Update-E-Mails von ${data.siteName} bestätigt haben.`,
          stop: 'Mit einem Klick abbestellen:',
          account: 'Oder in Ihren Kontoeinstellungen:',
          unsubscribe: 'Abbestellen',
          settings: 'Kontoeinstellungen',
        }
      : {
          why: `You receive this e-mail because you confirmed that you want update e-mails from ${data.siteName}.`,
          stop: 'Unsubscribe with one click:',
          account: 'Or in your account settings:',
          unsubscribe: 'Unsubscribe',
          settings: 'Account settings',
        };
  const body = data.body.replace(/\r\n/g, '\n').trimEnd();
  const text = [body, '', '-- ', foot.why, `${foot.stop} ${data.unsubscribeUrl}`, `${foot.account} ${data.accountUrl}`, ''].join('\n');
  const html = page(
    language,
    data.subject,
    `${paragraphsHtml(body)}
<hr><p style="font-size: 80%; color: #777;">${escapeHtml(foot.why)}<br>
<a href="${escapeHtml(data.unsubscribeUrl)}">${escapeHtml(foot.unsubscribe)}</a> · <a href="${escapeHtml(data.accountUrl)}">${escapeHtml(foot.settings)}</a></p>`,
  );
  return { subject: oneLine(data.subject), text, html };
}
