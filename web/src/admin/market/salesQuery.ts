// The sales report the seller looks at, kept in the page's address (back button, bookmarks), and
// the words of its periods. Free of React so it can be unit-tested in Node.
import { isCurrency, type Currency } from './amounts';

export const GROUPS = ['day', 'week', 'month'] as const;
export type SalesGroup = (typeof GROUPS)[number];

export interface SalesView {
  from: string;
  to: string;
  currency: Currency;
  groupBy: SalesGroup;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** A local day as YYYY-MM-DD. */
export function dayOf(date: Date): string {
  return `${String(date.getFullYear()).padStart(4, '0')}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The last twelve months by month, up to today: what a seller asks first. */
export function defaultSalesView(now: Date = new Date()): SalesView {
  const from = new Date(now.getFullYear(), now.getMonth() - 11, 1);
  return { from: dayOf(from), to: dayOf(now), currency: 'EUR', groupBy: 'month' };
}

export function salesViewFrom(search: URLSearchParams, now: Date = new Date()): SalesView {
  const fallback = defaultSalesView(now);
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const currency = search.get('currency') ?? '';
  const groupBy = GROUPS.find((g) => g === search.get('groupBy'));
  return {
    from: DAY.test(from) ? from : fallback.from,
    to: DAY.test(to) ? to : fallback.to,
    currency: isCurrency(currency) ? currency : fallback.currency,
    groupBy: groupBy ?? fallback.groupBy,
  };
}

export function salesSearchOf(view: SalesView): URLSearchParams {
  return new URLSearchParams({ from: view.from, to: view.to, currency: view.currency, groupBy: view.groupBy });
}

/** Whether the range can be asked for (both days given, the first not after the last). */
export function isValidRange(view: Pick<SalesView, 'from' | 'to'>): boolean {
  return DAY.test(view.from) && DAY.test(view.to) && view.from <= view.to;
}

const utc = (text: string) => new Date(`${text}T00:00:00Z`);

/**
 * A period of the report in the UI language: a day ("2031-05-02" -> "2 May 2031"), the week
 * starting on a day ("week of 28 Apr 2031" is the caller's wording; here the day) or a month
 * ("2031-05" or its first day -> "May 2031"). Periods are calendar periods, the same wherever the
 * browser is (UTC). Anything else is shown as it came.
 */
export function periodText(period: string, groupBy: SalesGroup, language: string, style: 'long' | 'short' = 'long'): string {
  const month = /^(\d{4})-(\d{2})(?:-01)?$/.exec(period);
  if (groupBy === 'month' && month) {
    return new Intl.DateTimeFormat(language, { month: style === 'long' ? 'long' : 'short', year: style === 'long' ? 'numeric' : '2-digit', timeZone: 'UTC' }).format(utc(`${month[1]}-${month[2]}-01`));
  }
  const day = /^\d{4}-\d{2}-\d{2}/.exec(period)?.[0];
  if (day && !Number.isNaN(utc(day).getTime())) {
    return new Intl.DateTimeFormat(language, style === 'long' ? { dateStyle: 'medium', timeZone: 'UTC' } : { day: 'numeric', month: 'numeric', timeZone: 'UTC' }).format(utc(day));
  }
  return period;
}
