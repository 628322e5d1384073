import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { allow, requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { marketStorePolicy } from '../market.policy.js';
import { salesExportQuery, salesQuery, salesReportView } from './reports.contract.js';
import { CSV_MAX_LINES, exportSales, MAX_PERIODS, salesReport } from './reports.service.js';

const TAGS = ['market: reports'];
const RULES =
  'Sales are orders paid (paid, partially refunded, refunded or charged back) from `from` 00:00 to `to` 24:00 UTC, in the one currency asked for. ' +
  'Refunds and chargebacks count against the sale they give back, in its period, whenever they happen; their VAT is split off in the line’s proportion, as on the credit notes.';

/** The seller's sales reports: figures for a chart and the accountant's CSV. */
export function reportsRoutes(db: Db): FastifyPluginAsyncZod {
  const manage = allow(db, marketStorePolicy, 'manage');
  return async (app) => {
    app.get(
      '/api/market/reports/sales',
      {
        onRequest: manage,
        schema: {
          tags: TAGS,
          summary: 'Sales of a range (UTC days): totals, per period, product, country, VAT rate and coupon, and the payout',
          description: `${RULES} Every period of the range is listed, zero when empty; at most ${MAX_PERIODS} periods (MARKET_REPORT_RANGE).`,
          querystring: salesQuery,
          response: { 200: salesReportView },
        },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => salesReport(useCase, request.query)),
    );
    app.get(
      '/api/market/reports/sales.csv',
      {
        onRequest: manage,
        schema: {
          tags: TAGS,
          summary: 'Sales of a range (UTC days) as CSV, one row per order line',
          description:
            `${RULES} A download: UTF-8 with BOM, comma-separated, amounts with a decimal point; cells a spreadsheet would run as formulas start with an apostrophe. ` +
            `At most ${CSV_MAX_LINES} lines (MARKET_REPORT_TOO_LARGE). Each export is recorded in the audit log.`,
          querystring: salesExportQuery,
        },
      },
      async (request, reply) => {
        const exported = await runUseCase(db, requestContextOf(request), (useCase) => exportSales(useCase, request.query));
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${exported.fileName}"`)
          .header('cache-control', 'no-store')
          .header('x-report-rows', String(exported.lines))
          .send(exported.csv);
      },
    );
  };
}
