import { escapeHtml, type Language } from '../../platform/http/index.js';
import type { ItemRecord } from '../library/items.repository.js';
import { filePreview, visitorPage } from '../visitor-page.js';

const TEXT = {
  en: {
    notFound: ['Link not available', 'This link does not exist, or no longer works. Ask the person who sent it for a new one.'],
    password: ['Password required', 'This link is protected by a password.'],
    wrongPassword: 'The password is not right.',
    passwordLabel: 'Password',
    open: 'Open',
    signIn: ['Please sign in', "This link is for the site's users."],
    signInLink: 'Sign in',
    download: 'Download',
    folder: 'Folder',
    empty: 'This folder is empty.',
    sharedVia: 'Shared from the library of',
    pdfVersion: 'Shown as its PDF version.',
    recipient: ['Confirm your address', 'This link is for named people. Enter your e-mail address: if the link is for it, we send you a code.'],
    emailLabel: 'E-mail address',
    sendCode: 'Send code',
    code: ['Enter the code', 'If the link is for this address, we have sent a code to it. It is valid for 10 minutes.'],
    codeLabel: 'Code',
    wrongCode: 'The code is not right, or no longer valid. Check it, or ask for a new one.',
    otherAddress: 'Use another address or send a new code',
    playCourse: 'Play the course',
    courseProgressNote: 'How far you get in the course is shown to whoever shared it with you.',
  },
  de: {
    notFound: ['Link nicht verfügbar', 'Diesen Link gibt es nicht, oder er gilt nicht mehr. Bitten Sie die Person, die ihn geschickt hat, um einen neuen.'],
    password: ['Passwort erforderlich', 'Dieser Link ist durch ein Passwort geschützt.'],
    wrongPassword: 'Das Passwort stimmt nicht.',
    passwordLabel: 'Passwort',
    open: 'Öffnen',
    signIn: ['Bitte melden Sie sich an', 'Dieser Link ist für die Personen dieser Website.'],
    signInLink: 'Anmelden',
    download: 'Herunterladen',
    folder: 'Ordner',
    empty: 'Dieser Ordner ist leer.',
    sharedVia: 'Geteilt aus der Bibliothek von',
    pdfVersion: 'Gezeigt in seiner PDF-Fassung.',
    recipient: ['Adresse bestätigen', 'Dieser Link ist für bestimmte Personen. Geben Sie Ihre E-Mail-Adresse ein: Wenn der Link für sie gilt, schicken wir Ihnen einen Code.'],
    emailLabel: 'E-Mail-Adresse',
    sendCode: 'Code senden',
    code: ['Code eingeben', 'Wenn der Link für diese Adresse gilt, haben wir einen Code an sie geschickt. Er gilt 10 Minuten.'],
    codeLabel: 'Code',
    wrongCode: 'Der Code stimmt nicht oder gilt nicht mehr. Prüfen Sie ihn, oder fordern Sie einen neuen an.',
    otherAddress: 'Andere Adresse verwenden oder neuen Code senden',
    playCourse: 'Kurs abspielen',
    courseProgressNote: 'Wie weit Sie im Kurs kommen, sieht die Person, die ihn mit Ihnen geteilt hat.',
  },
} as const;

export function notFoundPage(language: Language): string {
  const [title, message] = TEXT[language].notFound;
  return visitorPage(language, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

export function signInPage(language: Language, signInUrl: string): string {
  const [title, message] = TEXT[language].signIn;
  return visitorPage(language, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="${escapeHtml(signInUrl)}">${escapeHtml(TEXT[language].signInLink)}</a></p>`);
}

export function passwordPage(language: Language, action: string, wrong: boolean): string {
  const t = TEXT[language];
  const [title, message] = t.password;
  const error = wrong ? `<p role="alert" id="password-error">${escapeHtml(t.wrongPassword)}</p>` : '';
  return visitorPage(
    language,
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${error}<form method="post" action="${escapeHtml(action)}"><label for="password">${escapeHtml(t.passwordLabel)}</label> <input id="password" name="password" type="password" autocomplete="current-password" required${wrong ? ' aria-invalid="true" aria-describedby="password-error"' : ''}> <button type="submit">${escapeHtml(t.open)}</button></form>`,
  );
}

/** A `recipients` link asks for the visitor's address first. */
export function recipientPage(language: Language, action: string): string {
  const t = TEXT[language];
  const [title, message] = t.recipient;
  return visitorPage(
    language,
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><form method="post" action="${escapeHtml(action)}"><label for="email">${escapeHtml(t.emailLabel)}</label> <input id="email" name="email" type="email" autocomplete="email" maxlength="254" required> <button type="submit">${escapeHtml(t.sendCode)}</button></form>`,
  );
}

/** Then for the code sent to it (the same page whether or not the link is for that address). */
export function codePage(language: Language, input: { action: string; back: string; email: string; wrong: boolean }): string {
  const t = TEXT[language];
  const [title, message] = t.code;
  const error = input.wrong ? `<p role="alert" id="code-error">${escapeHtml(t.wrongCode)}</p>` : '';
  return visitorPage(
    language,
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><strong>${escapeHtml(input.email)}</strong></p>${error}<form method="post" action="${escapeHtml(input.action)}"><input type="hidden" name="email" value="${escapeHtml(input.email)}"><label for="code">${escapeHtml(t.codeLabel)}</label> <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="8" required${input.wrong ? ' aria-invalid="true" aria-describedby="code-error"' : ''}> <button type="submit">${escapeHtml(t.open)}</button></form><p><a href="${escapeHtml(input.back)}">${escapeHtml(t.otherAddress)}</a></p>`,
  );
}

const sizeText = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`);

/** A shared file with its preview, or a shared folder with its files, each opened through the link. */
export function sharedItemPage(
  language: Language,
  input: {
    siteName: string;
    item: ItemRecord;
    entries: ItemRecord[];
    base: string;
    allowDownload: boolean;
    beacon?: { script: string; url: string };
    renditionUrl?: string | undefined;
    /** A file of a shared folder: its page names it (?item=) and leads back to the folder. */
    inFolder?: { name: string } | undefined;
    /** A course: the player's page, which opens it for this view. */
    playerUrl?: string | undefined;
    /** The page is framed by another site: the player opens in a window of its own. */
    embedded?: boolean;
  },
): string {
  const t = TEXT[language];
  const { item, base } = input;
  const footer = `<p><small>${escapeHtml(t.sharedVia)} ${escapeHtml(input.siteName)}</small></p>`;
  if (item.kind === 'file') {
    const content = input.inFolder ? `${base}/content?item=${item.id}` : `${base}/content`;
    const download = input.allowDownload ? `<p><a href="${escapeHtml(`${content}${input.inFolder ? '&' : '?'}download=1`)}" download>${escapeHtml(t.download)}</a> (${sizeText(item.size)})</p>` : '';
    const beacon = input.beacon ? `<script src="${escapeHtml(input.beacon.script)}" data-beacon="${escapeHtml(input.beacon.url)}" defer></script>` : '';
    const back = input.inFolder ? `<p><a href="${escapeHtml(base)}">← ${escapeHtml(input.inFolder.name)}</a></p>` : '';
    // An Office file with a PDF beside it shows the PDF.
    const preview = input.renditionUrl
      ? `<p>${escapeHtml(t.pdfVersion)}</p>${filePreview(language, { name: item.name, fileKind: 'pdf' }, input.renditionUrl)}`
      : input.playerUrl
        ? `<p><a href="${escapeHtml(input.playerUrl)}"${input.embedded ? ' target="_blank" rel="noopener"' : ''}>${escapeHtml(t.playCourse)}</a></p><p><small>${escapeHtml(t.courseProgressNote)}</small></p>`
        : filePreview(language, item, content);
    return visitorPage(language, item.name, `${back}<h1>${escapeHtml(item.name)}</h1>${preview}${download}${footer}${beacon}`);
  }
  const rows = input.entries
    .map((entry) => {
      if (entry.kind !== 'file') return `<li>${escapeHtml(entry.name)} (${escapeHtml(t.folder)})</li>`;
      // Each file opens on a page of its own, so its view is counted like a shared file's.
      const page = `${base}?item=${entry.id}`;
      const download = input.allowDownload ? ` · <a href="${escapeHtml(`${base}/content?item=${entry.id}&download=1`)}" download>${escapeHtml(t.download)}</a>` : '';
      return `<li><a href="${escapeHtml(page)}">${escapeHtml(entry.name)}</a> (${sizeText(entry.size)})${download}</li>`;
    })
    .join('');
  return visitorPage(language, item.name, `<h1>${escapeHtml(item.name)}</h1>${rows ? `<ul>${rows}</ul>` : `<p>${escapeHtml(t.empty)}</p>`}${footer}`);
}
