import { escapeHtml, type Language } from '../../platform/http/index.js';
import type { ItemRecord } from '../library/items.repository.js';

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
    noPreview: 'There is no preview of this file in the browser.',
    folder: 'Folder',
    empty: 'This folder is empty.',
    sharedVia: 'Shared from the library of',
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
    noPreview: 'Für diese Datei gibt es keine Vorschau im Browser.',
    folder: 'Ordner',
    empty: 'Dieser Ordner ist leer.',
    sharedVia: 'Geteilt aus der Bibliothek von',
  },
} as const;

function page(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · Lectern</title></head>
<body><main>${body}</main></body>
</html>
`;
}

export function notFoundPage(language: Language): string {
  const [title, message] = TEXT[language].notFound;
  return page(language, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

export function signInPage(language: Language, signInUrl: string): string {
  const [title, message] = TEXT[language].signIn;
  return page(language, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="${escapeHtml(signInUrl)}">${escapeHtml(TEXT[language].signInLink)}</a></p>`);
}

export function passwordPage(language: Language, action: string, wrong: boolean): string {
  const t = TEXT[language];
  const [title, message] = t.password;
  const error = wrong ? `<p role="alert" id="password-error">${escapeHtml(t.wrongPassword)}</p>` : '';
  return page(
    language,
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${error}<form method="post" action="${escapeHtml(action)}"><label for="password">${escapeHtml(t.passwordLabel)}</label> <input id="password" name="password" type="password" autocomplete="current-password" required${wrong ? ' aria-invalid="true" aria-describedby="password-error"' : ''}> <button type="submit">${escapeHtml(t.open)}</button></form>`,
  );
}

const sizeText = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`);

/** The file's preview as the browser draws it (its bytes from `contentUrl`), or a note that there is none. */
function previewOf(language: Language, item: ItemRecord, contentUrl: string): string {
  const src = escapeHtml(contentUrl);
  const name = escapeHtml(item.name);
  switch (item.fileKind) {
    case 'video':
      return `<video controls preload="metadata" width="100%" src="${src}" aria-label="${name}"></video>`;
    case 'audio':
      return `<audio controls preload="metadata" width="100%" src="${src}" aria-label="${name}"></audio>`;
    case 'image':
      return `<img src="${src}" alt="${name}" width="100%">`;
    case 'pdf':
      return `<iframe src="${src}" title="${name}" width="100%" height="600"></iframe>`;
    default:
      return `<p>${escapeHtml(TEXT[language].noPreview)}</p>`;
  }
}

/** A shared file with its preview, or a shared folder with its files, each opened through the link. */
export function sharedItemPage(language: Language, input: { siteName: string; item: ItemRecord; entries: ItemRecord[]; base: string; allowDownload: boolean }): string {
  const t = TEXT[language];
  const { item, base } = input;
  const footer = `<p><small>${escapeHtml(t.sharedVia)} ${escapeHtml(input.siteName)}</small></p>`;
  if (item.kind === 'file') {
    const download = input.allowDownload ? `<p><a href="${escapeHtml(`${base}/content?download=1`)}" download>${escapeHtml(t.download)}</a> (${sizeText(item.size)})</p>` : '';
    return page(language, item.name, `<h1>${escapeHtml(item.name)}</h1>${previewOf(language, item, `${base}/content`)}${download}${footer}`);
  }
  const rows = input.entries
    .map((entry) => {
      if (entry.kind !== 'file') return `<li>${escapeHtml(entry.name)} (${escapeHtml(t.folder)})</li>`;
      const url = `${base}/content?item=${entry.id}`;
      const download = input.allowDownload ? ` · <a href="${escapeHtml(`${url}&download=1`)}" download>${escapeHtml(t.download)}</a>` : '';
      return `<li><a href="${escapeHtml(url)}">${escapeHtml(entry.name)}</a> (${sizeText(entry.size)})${download}</li>`;
    })
    .join('');
  return page(language, item.name, `<h1>${escapeHtml(item.name)}</h1>${rows ? `<ul>${rows}</ul>` : `<p>${escapeHtml(t.empty)}</p>`}${footer}`);
}
