import { escapeHtml, type Language } from '../../platform/http/index.js';
import { STORE_TEXT } from './storefront-text.js';

/** What every storefront page shows around its content: the site, its languages, who sells. */
export interface Chrome {
  language: Language;
  siteName: string;
  logo: { url: string; width: number; height: number } | null;
  styleHref: string;
  /** The catalogue (null on a closed store's page: there is nothing to go to). */
  homeHref: string | null;
  /** This page in each language. */
  languageLinks: Record<Language, string>;
  /** Where to sign in (back to this page after); none when signed in. */
  signInHref: string | undefined;
  sellerName: string;
}

/** The head of a page: its title (the site's name is added), and what search engines and link previews read. */
export interface Head {
  title: string;
  description?: string | undefined;
  /** Absolute, from the site's configured address. */
  canonical?: string | undefined;
  noindex?: boolean;
  /** Absolute addresses of the page in each language. */
  alternates?: Record<Language, string> | undefined;
  /** Open Graph properties, in order. */
  openGraph?: [string, string][];
  /** schema.org data, written as JSON-LD. */
  jsonLd?: unknown;
}

/**
 * JSON for a `<script type="application/ld+json">` element: the HTML parser ends the element at
 * the first `</script`, so `<` (and, to be safe, `>`, `&` and the line separators JavaScript
 * once refused) are written as JSON escapes, which parse to the same text.
 */
export function jsonLdText(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const meta = (name: string, content: string) => `<meta name="${name}" content="${escapeHtml(content)}">`;

function headOf(chrome: Chrome, head: Head): string {
  const parts = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(head.title)} · ${escapeHtml(chrome.siteName)}</title>`,
    head.description ? meta('description', head.description) : '',
    head.noindex ? meta('robots', 'noindex') : '',
    head.canonical ? `<link rel="canonical" href="${escapeHtml(head.canonical)}">` : '',
    ...Object.entries(head.alternates ?? {}).map(([lang, href]) => `<link rel="alternate" hreflang="${lang}" href="${escapeHtml(href)}">`),
    ...(head.openGraph ?? []).map(([property, content]) => `<meta property="${escapeHtml(property)}" content="${escapeHtml(content)}">`),
    `<link rel="stylesheet" href="${escapeHtml(chrome.styleHref)}">`,
    head.jsonLd === undefined ? '' : `<script type="application/ld+json">${jsonLdText(head.jsonLd)}</script>`,
  ];
  return parts.filter(Boolean).join('\n');
}

function headerOf(chrome: Chrome): string {
  const t = STORE_TEXT[chrome.language];
  const logo = chrome.logo ? `<img src="${escapeHtml(chrome.logo.url)}" alt="" width="${chrome.logo.width}" height="${chrome.logo.height}">` : '';
  const brand = chrome.homeHref
    ? `<a class="brand" href="${escapeHtml(chrome.homeHref)}">${logo}<span>${escapeHtml(chrome.siteName)}</span></a>`
    : `<span class="brand">${logo}<span>${escapeHtml(chrome.siteName)}</span></span>`;
  const languages = (['de', 'en'] as const)
    .map((lang) =>
      lang === chrome.language
        ? `<li><a href="${escapeHtml(chrome.languageLinks[lang])}" lang="${lang}" aria-current="true">${t.languageName[lang]}</a></li>`
        : `<li><a href="${escapeHtml(chrome.languageLinks[lang])}" lang="${lang}" hreflang="${lang}">${t.languageName[lang]}</a></li>`,
    )
    .join('');
  const signIn = chrome.signInHref ? `<a href="${escapeHtml(chrome.signInHref)}">${escapeHtml(t.signIn)}</a>` : '';
  return `<header class="site-header"><div class="bar">${brand}<div class="site-tools"><nav class="site-nav" aria-label="${escapeHtml(t.languageNav)}"><ul>${languages}</ul></nav>${signIn}</div></div></header>`;
}

/** A whole storefront page: valid HTML5, one `main` (the skip link's target), header and footer landmarks. */
export function storePage(chrome: Chrome, head: Head, main: string): string {
  const t = STORE_TEXT[chrome.language];
  const footer = chrome.sellerName ? `<footer class="site-footer"><div class="bar"><p>${escapeHtml(t.soldBy(chrome.sellerName))}</p></div></footer>` : '';
  return `<!doctype html>
<html lang="${chrome.language}">
<head>
${headOf(chrome, head)}
</head>
<body>
<a class="skip-link" href="#main">${escapeHtml(t.skipLink)}</a>
${headerOf(chrome)}
<main id="main" tabindex="-1">
${main}
</main>
${footer}
</body>
</html>
`;
}

/** A page that only says something: not found, the store closed, a refused request. */
export function messagePage(chrome: Chrome, title: string, message: string, link?: { href: string; text: string }): string {
  const more = link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : '';
  return storePage(chrome, { title, noindex: true }, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>${more}`);
}

/** Open Graph properties of a page (link previews): the logo is its image when the site has one. */
export function openGraph(input: { title: string; description: string; url: string; siteName: string; language: Language; image: string | undefined }): [string, string][] {
  return [
    ['og:type', 'website'],
    ['og:title', input.title],
    ['og:description', input.description],
    ['og:url', input.url],
    ['og:site_name', input.siteName],
    ['og:locale', input.language === 'de' ? 'de_DE' : 'en_GB'],
    ...(input.image ? [['og:image', input.image] as [string, string]] : []),
  ];
}
