import { escapeHtml, type Language } from '../../platform/http/index.js';
import type { ShownPrice } from './price-view.js';
import { STORE_TEXT } from './storefront-text.js';

/** A price with its VAT note, as the catalogue's cards, the landing page and the order summary show it. */
export function priceMarkup(price: ShownPrice | undefined, language: Language): string {
  if (!price) return `<span class="price-note">${escapeHtml(STORE_TEXT[language].notForSale)}</span>`;
  const note = price.note ? ` <span class="price-note">${escapeHtml(price.note)}</span>` : '';
  const total = price.total ? `<br><span class="price-note">${escapeHtml(price.total)}</span>` : '';
  return `<span class="price-amount">${escapeHtml(price.text)}</span>${note}${total}`;
}
