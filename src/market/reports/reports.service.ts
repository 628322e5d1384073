import type { UseCase } from '../../platform/access/index.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import { AppError } from '../../platform/http/index.js';
import { marketStorePolicy } from '../market.policy.js';
import { salesCsvText } from './sales-csv.js';
import { salesExportQuery, salesQuery, type SalesExportQuery, type SalesQuery, type SalesReportView } from './reports.contract.js';
import { couponUses, salesByCountry, salesByPeriod, salesByProduct, salesByProvider, salesByTax, salesLines, salesTotals, type Money, type PeriodUnit, type SalesScope } from './reports.repository.js';

/** A chart of more periods than this is unreadable, and a range that long is a typo (MARKET_REPORT_RANGE). */
export const MAX_PERIODS = 400;
/** The CSV is built in memory; a longer export is refused (MARKET_REPORT_TOO_LARGE), not cut short. */
export const CSV_MAX_LINES = 100_000;

const DAY_MS = 86_400_000;
/** The calendar the database and `Date` agree on (PostgreSQL has no year 0; an upper day needs a next day). */
const FIRST_DAY = '1970-01-01';
const LAST_DAY = '9999-12-30';

const utcDay = (day: string): Date => new Date(`${day}T00:00:00Z`);
const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

/** The query's days as the scope of the sales paid from `from` 00:00 to `to` 24:00, UTC. */
function scopeOf(from: string, to: string, currency: string): SalesScope {
  for (const [field, day] of [['from', from], ['to', to]] as const) {
    if (day < FIRST_DAY || day > LAST_DAY) {
      throw new AppError('MARKET_REPORT_RANGE', [{ field, message: { en: `Choose a day between ${FIRST_DAY} and ${LAST_DAY}.`, de: `Wählen Sie einen Tag zwischen ${FIRST_DAY} und ${LAST_DAY}.` } }]);
    }
  }
  if (to < from) throw new AppError('MARKET_REPORT_RANGE', [{ field: 'to', message: { en: 'The last day must not be before the first.', de: 'Der letzte Tag darf nicht vor dem ersten liegen.' } }]);
  return { currency, since: utcDay(from), until: new Date(utcDay(to).getTime() + DAY_MS) };
}

/** The first day of the period that holds `day` (weeks start on Monday, as PostgreSQL's `date_trunc('week')`). */
function periodStart(day: Date, unit: PeriodUnit): Date {
  if (unit === 'day') return day;
  if (unit === 'week') return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
}

function nextPeriod(start: Date, unit: PeriodUnit): Date {
  if (unit === 'day') return new Date(start.getTime() + DAY_MS);
  if (unit === 'week') return new Date(start.getTime() + 7 * DAY_MS);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

const labelOf = (start: Date, unit: PeriodUnit): string => (unit === 'month' ? dayOf(start).slice(0, 7) : dayOf(start));

const UNIT_DE: Record<PeriodUnit, string> = { day: 'Tage', week: 'Wochen', month: 'Monate' };

/** Every period of the range, in order; counted before any is listed, so a huge range costs nothing. */
function periodsOf(from: string, to: string, unit: PeriodUnit): string[] {
  const first = periodStart(utcDay(from), unit);
  const last = periodStart(utcDay(to), unit);
  const count =
    unit === 'month'
      ? (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth() + 1
      : Math.round((last.getTime() - first.getTime()) / DAY_MS / (unit === 'week' ? 7 : 1)) + 1;
  if (count > MAX_PERIODS) {
    throw new AppError('MARKET_REPORT_RANGE', [
      {
        field: 'to',
        message: {
          en: `The range holds ${count} ${unit}s; a report shows at most ${MAX_PERIODS} periods. Choose a shorter range or a longer period.`,
          de: `Der Zeitraum umfasst ${count} ${UNIT_DE[unit]}; ein Bericht zeigt höchstens ${MAX_PERIODS} Abschnitte. Wählen Sie einen kürzeren Zeitraum oder längere Abschnitte.`,
        },
      },
    ]);
  }
  const periods: string[] = [];
  for (let start = first; start <= last; start = nextPeriod(start, unit)) periods.push(labelOf(start, unit));
  return periods;
}

const ZERO: Money & { orders: number } = { orders: 0, grossMinor: 0, netMinor: 0, vatMinor: 0, refundedMinor: 0, refundedVatMinor: 0 };

function moneyView({ orders, grossMinor, netMinor, vatMinor, refundedMinor }: Money & { orders: number }) {
  return { orders, grossMinor, netMinor, vatMinor, refundedMinor };
}

/**
 * The store's sales of a range in one currency: totals, per period (every one, zero when empty),
 * product, buyer's country, VAT line and coupon, and what the seller keeps. A sale is an order paid
 * in the range (UTC days); what was refunded of it later counts against it, in its period.
 */
export async function salesReport(useCase: UseCase, input: SalesQuery): Promise<SalesReportView> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  const query = salesQuery.parse(input);
  const scope = scopeOf(query.from, query.to, query.currency);
  const periods = periodsOf(query.from, query.to, query.groupBy);

  const totals = await salesTotals(useCase.tx, scope);
  const sold = new Map((await salesByPeriod(useCase.tx, scope, query.groupBy)).map((row) => [row.period, row]));
  const byProduct = await salesByProduct(useCase.tx, scope);
  const byCountry = await salesByCountry(useCase.tx, scope);
  const byTax = await salesByTax(useCase.tx, scope);
  const byProvider = await salesByProvider(useCase.tx, scope);
  const coupons = await couponUses(useCase.tx, scope);

  const vatOwed = totals.vatMinor - totals.refundedVatMinor;
  return {
    currency: query.currency,
    from: query.from,
    to: query.to,
    totals: moneyView(totals),
    byPeriod: periods.map((period) => ({ period, ...moneyView(sold.get(period) ?? ZERO) })),
    byProduct: byProduct.map((row) => ({ productId: row.productId, title: row.title, quantity: row.quantity, ...moneyView(row) })),
    byCountry: byCountry.map((row) => ({ country: row.country, ...moneyView(row) })),
    vatByCountry: byTax.map((row) => ({
      country: row.country,
      rule: row.rule,
      rateBasisPoints: row.rateBasisPoints,
      netMinor: row.netMinor - (row.refundedMinor - row.refundedVatMinor),
      vatMinor: row.vatMinor - row.refundedVatMinor,
    })),
    coupons,
    payout: {
      grossMinor: totals.grossMinor,
      refundedMinor: totals.refundedMinor,
      vatMinor: vatOwed,
      keptNetMinor: totals.grossMinor - totals.refundedMinor - vatOwed,
      byProvider: byProvider.map((row) => ({ provider: row.provider, grossMinor: row.grossMinor, refundedMinor: row.refundedMinor })),
    },
  };
}

export interface SalesExport {
  fileName: string;
  csv: string;
  lines: number;
}

/**
 * The sales of a range as CSV, one row per order line, for the accountant; recorded in the audit
 * log (it carries buyers' VAT IDs out of the system). More than CSV_MAX_LINES lines are refused.
 */
export async function exportSales(useCase: UseCase, input: SalesExportQuery): Promise<SalesExport> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  const query = salesExportQuery.parse(input);
  const scope = scopeOf(query.from, query.to, query.currency);
  const lines = await salesLines(useCase.tx, scope, CSV_MAX_LINES + 1);
  if (lines.length > CSV_MAX_LINES) {
    throw new AppError('MARKET_REPORT_TOO_LARGE', [
      {
        field: 'to',
        message: { en: `The export would have more than ${CSV_MAX_LINES} lines. Choose a shorter range.`, de: `Der Export hätte mehr als ${CSV_MAX_LINES} Zeilen. Wählen Sie einen kürzeren Zeitraum.` },
      },
    ]);
  }
  await insertActorEvent(useCase.tx, useCase, 'report.exported', { type: 'market_sales', id: `${query.from}..${query.to}` }, { report: 'market.sales', format: 'csv', from: query.from, to: query.to, currency: query.currency, rows: lines.length });
  return { fileName: `sales-${query.from}-${query.to}.csv`, csv: salesCsvText(lines), lines: lines.length };
}
