import { escapeHtml, type Language } from '../../platform/http/index.js';
import type { ShownPrice } from './price-view.js';
import { priceMarkup } from './price-markup.js';
import { openGraph, storePage, type Chrome } from './storefront-layout.js';
import { STORE_TEXT } from './storefront-text.js';

export interface CatalogueCard {
  title: string;
  summary: string;
  instructorName: string;
  href: string;
  price: ShownPrice | undefined;
}

export interface CatalogueView {
  siteUrl: string;
  /** Absolute address of the logo, for link previews. */
  image: string | undefined;
  /** What the buyer searched and filtered by. */
  search: string;
  language: string | undefined;
  price: 'free' | 'paid' | undefined;
  /** The languages products are in, with their names in the page's language. */
  languages: { code: string; name: string }[];
  /** The language the address asked for, kept by the search form. */
  askedLanguage: Language | undefined;
  cards: CatalogueCard[];
  total: number;
  page: number;
  pages: number;
  previousHref: string | undefined;
  nextHref: string | undefined;
  showAllHref: string;
}

const option = (value: string, label: string, selected: boolean) => `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;

function searchForm(view: CatalogueView, language: Language): string {
  const t = STORE_TEXT[language];
  const languages = [option('', t.allLanguages, view.language === undefined), ...view.languages.map((l) => option(l.code, l.name, l.code === view.language))].join('');
  const prices = [option('', t.allPrices, view.price === undefined), option('free', t.freeOnly, view.price === 'free'), option('paid', t.paidOnly, view.price === 'paid')].join('');
  const lang = view.askedLanguage ? `<input type="hidden" name="lang" value="${view.askedLanguage}">` : '';
  return `<form class="search" role="search" method="get" action="/store" aria-label="${escapeHtml(t.searchRegion)}">${lang}
<div class="field"><label for="q">${escapeHtml(t.searchLabel)}</label><input id="q" name="q" type="search" maxlength="100" value="${escapeHtml(view.search)}"></div>
<div class="field"><label for="language">${escapeHtml(t.languageFilter)}</label><select id="language" name="language">${languages}</select></div>
<div class="field"><label for="price">${escapeHtml(t.priceFilter)}</label><select id="price" name="price">${prices}</select></div>
<div class="field"><button class="button" type="submit">${escapeHtml(t.searchButton)}</button></div>
</form>`;
}

function card(item: CatalogueCard, language: Language): string {
  const t = STORE_TEXT[language];
  const summary = item.summary ? `<p>${escapeHtml(item.summary)}</p>` : '';
  const instructor = item.instructorName ? `<p class="muted">${escapeHtml(t.by(item.instructorName))}</p>` : '';
  return `<li><article class="card"><h2><a href="${escapeHtml(item.href)}">${escapeHtml(item.title)}</a></h2>${summary}${instructor}<p class="price">${priceMarkup(item.price, language)}</p></article></li>`;
}

function pagination(view: CatalogueView, language: Language): string {
  if (view.pages <= 1) return '';
  const t = STORE_TEXT[language];
  const previous = view.previousHref ? `<li><a href="${escapeHtml(view.previousHref)}" rel="prev">${escapeHtml(t.previous)}</a></li>` : '';
  const next = view.nextHref ? `<li><a href="${escapeHtml(view.nextHref)}" rel="next">${escapeHtml(t.next)}</a></li>` : '';
  return `<nav class="pagination" aria-label="${escapeHtml(t.pagination)}"><ul>${previous}<li aria-current="page">${escapeHtml(t.pageOf(view.page, view.pages))}</li>${next}</ul></nav>`;
}

/** The store's home: the catalogue with search, filters and pages of products. */
export function cataloguePage(chrome: Chrome, view: CatalogueView): string {
  const language = chrome.language;
  const t = STORE_TEXT[language];
  const filtered = view.search !== '' || view.language !== undefined || view.price !== undefined;
  const description = t.catalogueLead(chrome.siteName);
  const canonical = `${view.siteUrl}/store${view.page > 1 ? `?page=${view.page}` : ''}`;
  let results: string;
  if (view.cards.length > 0) {
    results = `<p class="muted">${escapeHtml(t.resultCount(view.total))}</p>\n<ul class="cards">${view.cards.map((c) => card(c, language)).join('')}</ul>\n${pagination(view, language)}`;
  } else if (filtered || view.page > 1) {
    results = `<p>${escapeHtml(t.noMatch)}</p><p><a href="${escapeHtml(view.showAllHref)}">${escapeHtml(t.showAll)}</a></p>`;
  } else {
    results = `<p>${escapeHtml(t.noProducts)}</p>`;
  }
  return storePage(
    chrome,
    {
      title: view.page > 1 ? `${t.catalogueTitle} · ${t.pageOf(view.page, view.pages)}` : t.catalogueTitle,
      description,
      canonical,
      // Searches and filters are the buyer's; the catalogue's own pages are what search engines should keep.
      noindex: filtered,
      alternates: { de: `${view.siteUrl}/store?lang=de`, en: `${view.siteUrl}/store?lang=en` },
      openGraph: openGraph({ title: `${t.catalogueTitle} · ${chrome.siteName}`, description, url: canonical, siteName: chrome.siteName, language, image: view.image }),
    },
    `<h1>${escapeHtml(t.catalogueTitle)}</h1>\n<p class="lead">${escapeHtml(description)}</p>\n${searchForm(view, language)}\n${results}`,
  );
}
