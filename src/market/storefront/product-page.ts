import { escapeHtml, type Language } from '../../platform/http/index.js';
import type { CourseOutline } from '../../learn/index.js';
import type { Currency } from '../money.js';
import { courseJsonLd } from './course-json-ld.js';
import { priceMarkup } from './price-markup.js';
import type { ShownPrice } from './price-view.js';
import { openGraph, storePage, type Chrome } from './storefront-layout.js';
import { STORE_TEXT } from './storefront-text.js';

export interface ProductPageView {
  siteUrl: string;
  canonical: string;
  image: string | undefined;
  product: {
    slug: string;
    title: string;
    summary: string;
    description: string;
    instructorName: string;
    instructorBio: string;
    accessDays: number | null;
    free: boolean;
    seatPacks: boolean;
    language: string | null;
  };
  /** The language's name in the page's language. */
  languageName: string | undefined;
  courses: CourseOutline[];
  price: ShownPrice | undefined;
  /** For schema.org: the shown price as a decimal string. */
  offerPrice: string;
  currency: Currency;
  currencies: Currency[];
  country: string;
  countries: { code: string; name: string }[];
  askedLanguage: Language | undefined;
  catalogueHref: string;
  buyHref: string | undefined;
  seatsHref: string | undefined;
  /** The player page of the product's free preview course, for anybody; none without a preview. */
  previewHref: string | undefined;
}

/** Plain text as paragraphs: split at blank lines, single line breaks kept; nothing in it is markup. */
export function paragraphs(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => `<p>${part.split(/\r?\n/).map(escapeHtml).join('<br>')}</p>`)
    .join('\n');
}

/** A summary for search engines and previews: the product's own, else the start of its description. */
export function descriptionOf(product: { summary: string; description: string }): string {
  if (product.summary) return product.summary;
  const text = product.description.replace(/\s+/g, ' ').trim();
  return text.length <= 160 ? text : `${text.slice(0, 157).trimEnd()}…`;
}

function curriculum(courses: CourseOutline[], language: Language): string {
  const t = STORE_TEXT[language];
  return courses
    .map((course) => {
      const items = course.items
        .map((item) => {
          const lessons = item.lessons.length > 0 ? `<ul aria-label="${escapeHtml(t.lessonsOf(item.title))}">${item.lessons.map((lesson) => `<li>${escapeHtml(lesson)}</li>`).join('')}</ul>` : '';
          return `<li>${escapeHtml(item.title)}${lessons}</li>`;
        })
        .join('');
      const description = course.description ? `<p>${escapeHtml(course.description)}</p>` : '';
      return `<h3>${escapeHtml(course.title)}</h3>${description}${items ? `<ul>${items}</ul>` : ''}`;
    })
    .join('\n');
}

function priceChooser(view: ProductPageView, language: Language): string {
  const t = STORE_TEXT[language];
  if (view.product.free) return '';
  const countries = view.countries.map((c) => `<option value="${c.code}"${c.code === view.country ? ' selected' : ''}>${escapeHtml(c.name)}</option>`).join('');
  const currency =
    view.currencies.length > 1
      ? `<div class="field"><label for="currency">${escapeHtml(t.currencyLabel)}</label><select id="currency" name="currency">${view.currencies.map((c) => `<option value="${c}"${c === view.currency ? ' selected' : ''}>${c}</option>`).join('')}</select></div>`
      : '';
  const lang = view.askedLanguage ? `<input type="hidden" name="lang" value="${view.askedLanguage}">` : '';
  return `<form method="get" action="/store/p/${escapeHtml(encodeURIComponent(view.product.slug))}">${lang}
<div class="field"><label for="country">${escapeHtml(t.countryLabel)}</label><select id="country" name="country" autocomplete="country">${countries}</select></div>${currency}
<button class="button secondary" type="submit">${escapeHtml(t.showPrice)}</button></form>`;
}

function priceBox(view: ProductPageView, language: Language): string {
  const t = STORE_TEXT[language];
  const buy = view.buyHref ? `<a class="button" href="${escapeHtml(view.buyHref)}">${escapeHtml(view.product.free ? t.enrolFree : t.buyNow)}</a>` : '';
  const seats = view.seatsHref ? `<a class="button secondary" href="${escapeHtml(view.seatsHref)}">${escapeHtml(t.buySeats)}</a>` : '';
  const seatsNote = view.seatsHref ? `<p class="hint">${escapeHtml(t.seatsNote)}</p>` : '';
  const preview = view.previewHref ? `<a class="button secondary" href="${escapeHtml(view.previewHref)}">${escapeHtml(t.previewLink)}</a>` : '';
  const previewNote = view.previewHref ? `<p class="hint">${escapeHtml(t.previewNote)}</p>` : '';
  const access = view.product.accessDays === null ? t.lifetime : t.accessDays(view.product.accessDays);
  const languageFact = view.languageName ? `<dt>${escapeHtml(t.courseLanguage)}</dt><dd>${escapeHtml(view.languageName)}</dd>` : '';
  return `<section class="price-box" aria-labelledby="price-heading"><h2 id="price-heading">${escapeHtml(t.priceRegion)}</h2>
<p>${priceMarkup(view.price, language)}</p>
${priceChooser(view, language)}
<div class="actions">${buy}${seats}${preview}</div>${seatsNote}${previewNote}
<dl class="facts"><dt>${escapeHtml(t.access)}</dt><dd>${escapeHtml(access)}</dd>${languageFact}</dl></section>`;
}

/** A product's landing page: what it is, what it contains, who teaches it, its price for the buyer's country, and the way to buy it. */
export function productPage(chrome: Chrome, view: ProductPageView): string {
  const language = chrome.language;
  const t = STORE_TEXT[language];
  const { product } = view;
  const description = descriptionOf(product) || product.title;
  const about = product.description ? `<section aria-labelledby="about-heading"><h2 id="about-heading">${escapeHtml(t.about)}</h2>\n${paragraphs(product.description)}</section>` : '';
  const included = view.courses.length > 0 ? `<section class="curriculum" aria-labelledby="included-heading"><h2 id="included-heading">${escapeHtml(t.included)}</h2>\n${curriculum(view.courses, language)}</section>` : '';
  const instructor = product.instructorName
    ? `<section aria-labelledby="instructor-heading"><h2 id="instructor-heading">${escapeHtml(t.instructor)}</h2><p><strong>${escapeHtml(product.instructorName)}</strong></p>\n${paragraphs(product.instructorBio)}</section>`
    : '';
  const jsonLd = courseJsonLd({
    name: product.title,
    description,
    url: view.canonical,
    siteName: chrome.siteName,
    siteUrl: view.siteUrl,
    language: product.language,
    instructorName: product.instructorName,
    free: product.free,
    price: view.offerPrice,
    currency: view.currency,
  });
  const main = `<p><a href="${escapeHtml(view.catalogueHref)}">← ${escapeHtml(t.allCourses)}</a></p>
<h1>${escapeHtml(product.title)}</h1>
${product.summary ? `<p class="lead">${escapeHtml(product.summary)}</p>` : ''}
<div class="layout">
${priceBox(view, language)}
<div>
${about}
${included}
${instructor}
</div>
</div>`;
  return storePage(
    chrome,
    {
      title: product.title,
      description,
      canonical: view.canonical,
      alternates: { de: `${view.canonical}?lang=de`, en: `${view.canonical}?lang=en` },
      openGraph: openGraph({ title: product.title, description, url: view.canonical, siteName: chrome.siteName, language, image: view.image }),
      jsonLd,
    },
    main,
  );
}
