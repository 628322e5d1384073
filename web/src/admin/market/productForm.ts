// The product editor's values and the product the API is sent, free of React so they can be
// unit-tested in Node. Amounts are edited as typed text and read into minor units on saving.
import { amountText, isCurrency, MARKET_CURRENCIES, readAmount, type AmountProblem, type Currency } from './amounts';
import type { ProductInput, ProductView } from './market.api';
import type { ProductKind, ProductStatus } from './storeWords';

export const SLUG_MAX = 80;
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const ACCESS_DAYS = { min: 1, max: 36_500 } as const;

export interface PriceRow {
  /** Stable while the row's currency changes (React's key). */
  key: number;
  currency: Currency;
  /** As typed, in the UI language's notation. */
  amount: string;
}

export interface ProductFormValues {
  title: string;
  slug: string;
  /** Once the seller has typed an address, the title no longer suggests one. */
  slugEdited: boolean;
  kind: ProductKind;
  status: ProductStatus;
  summary: string;
  description: string;
  instructorName: string;
  instructorBio: string;
  access: 'lifetime' | 'days';
  accessDays: number | string;
  free: boolean;
  seatPacks: boolean;
  language: string;
  courseIds: string[];
  previewCourseId: string;
  prices: PriceRow[];
}

/** Why the form is not sent, by the API's field path (`prices.0.amountMinor`). */
export type ProductProblem = AmountProblem | 'slug' | 'courseOne' | 'courseTwo' | 'priceNeeded' | 'days';
export type ProductProblems = Record<string, ProductProblem>;

// German letters as people spell them without umlauts; other accents are dropped by decomposition.
const SPELLED: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'ae', Ö: 'oe', Ü: 'ue', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', þ: 'th' };

/** The store address a title suggests: "Brandschutz für Teams!" -> "brandschutz-fuer-teams". */
export function slugFromTitle(title: string): string {
  const spelled = [...title].map((char) => SPELLED[char] ?? char).join('');
  const plain = spelled.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const slug = plain.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, SLUG_MAX).replace(/-+$/, '');
}

let nextKey = 1;
const priceRow = (currency: Currency, amount: string): PriceRow => ({ key: nextKey++, currency, amount });

/** A new price row in the first currency the product has no price in yet (none left: null). */
export function addPriceRow(rows: readonly PriceRow[]): PriceRow[] | null {
  const currency = MARKET_CURRENCIES.find((c) => !rows.some((row) => row.currency === c));
  return currency ? [...rows, priceRow(currency, '')] : null;
}

export function productFormOf(product: ProductView | undefined, language: string): ProductFormValues {
  return {
    title: product?.title ?? '',
    slug: product?.slug ?? '',
    slugEdited: product !== undefined,
    kind: product?.kind ?? 'course',
    status: product?.status ?? 'draft',
    summary: product?.summary ?? '',
    description: product?.description ?? '',
    instructorName: product?.instructorName ?? '',
    instructorBio: product?.instructorBio ?? '',
    access: product?.accessDays ? 'days' : 'lifetime',
    accessDays: product?.accessDays ?? 365,
    free: product?.free ?? false,
    seatPacks: product?.seatPacks ?? false,
    language: product?.language ?? '',
    courseIds: product?.courseIds ?? [],
    previewCourseId: product?.previewCourseId ?? '',
    prices: product
      ? product.prices.flatMap((price) => (isCurrency(price.currency) ? [priceRow(price.currency, amountText(price.amountMinor, price.currency, language))] : []))
      : [priceRow('EUR', '')],
  };
}

function readDays(value: number | string): number | null {
  const days = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(days) && days >= ACCESS_DAYS.min && days <= ACCESS_DAYS.max ? days : null;
}

/** The product to send, or what stands in the way, by field. */
export function productBody(values: ProductFormValues, language: string): { ok: true; body: ProductInput } | { ok: false; problems: ProductProblems } {
  const problems: ProductProblems = {};
  if (values.title.trim() === '') problems.title = 'required';
  const slug = values.slug.trim();
  if (slug === '') problems.slug = 'required';
  else if (!SLUG_PATTERN.test(slug)) problems.slug = 'slug';
  if (values.kind === 'course' && values.courseIds.length !== 1) problems.courseIds = 'courseOne';
  if (values.kind === 'bundle' && values.courseIds.length < 2) problems.courseIds = 'courseTwo';
  const accessDays = values.access === 'days' ? readDays(values.accessDays) : null;
  if (values.access === 'days' && accessDays === null) problems.accessDays = 'days';
  const prices: { currency: Currency; amountMinor: number }[] = [];
  if (!values.free) {
    if (values.prices.length === 0) problems.prices = 'priceNeeded';
    values.prices.forEach((row, index) => {
      const read = readAmount(row.amount, row.currency, language);
      if (read.ok) prices.push({ currency: row.currency, amountMinor: read.minor });
      else problems[`prices.${String(index)}.amountMinor`] = read.problem;
    });
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const preview = values.previewCourseId !== '' && values.courseIds.includes(values.previewCourseId) ? values.previewCourseId : null;
  return {
    ok: true,
    body: {
      slug,
      kind: values.kind,
      status: values.status,
      title: values.title.trim(),
      summary: values.summary.trim(),
      description: values.description.trim(),
      instructorName: values.instructorName.trim(),
      instructorBio: values.instructorBio.trim(),
      accessDays,
      free: values.free,
      // Seats are sold only for a price: a free product is for one person at a time.
      seatPacks: values.free ? false : values.seatPacks,
      language: values.language === '' ? null : values.language,
      courseIds: values.courseIds,
      previewCourseId: preview,
      prices,
    },
  };
}
