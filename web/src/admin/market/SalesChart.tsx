import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TableScroller } from '../../shared/ui/TableScroller';
import { formatAmount } from './amounts';
import type { SalesReportView } from './market.api';
import { periodText, type SalesGroup } from './salesQuery';

const HEIGHT = 180;
const AXIS = 22;
const BAR_STEP = 36;

/**
 * Gross sales per period as bars. The picture is one image for screen readers, named by a
 * summary (range, total, best period); the table beside it gives every figure to everyone.
 */
export function SalesChart({ report, groupBy }: { report: SalesReportView; groupBy: SalesGroup }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const money = (minor: number) => formatAmount(minor, report.currency, language);
  const periods = report.byPeriod;
  // A week is named by its first day (a Monday), which alone would read as a day.
  const long = (period: string) => (groupBy === 'week' ? t('market.sales.weekOf', { date: periodText(period, groupBy, language) }) : periodText(period, groupBy, language));
  const max = Math.max(0, ...periods.map((p) => p.grossMinor));
  const width = Math.max(320, periods.length * BAR_STEP);
  const step = periods.length > 0 ? width / periods.length : width;
  const barWidth = Math.max(2, step * 0.7);
  // Every label where they fit, else every n-th (a year by day has 365 bars).
  const labelEvery = Math.max(1, Math.ceil(periods.length / Math.floor(width / 48)));
  const best = periods.reduce<(typeof periods)[number] | null>((top, p) => (p.grossMinor > 0 && (!top || p.grossMinor > top.grossMinor) ? p : top), null);
  const summary = best
    ? t('market.sales.chartSummary', { group: t(`market.sales.groups.${groupBy}`), total: money(report.totals.grossMinor), best: long(best.period), bestAmount: money(best.grossMinor) })
    : t('market.sales.chartEmpty');

  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 'var(--mantine-spacing-lg)', alignItems: 'flex-start' }}>
      <figure style={{ flex: '2 1 320px', minWidth: 0, margin: 0 }}>
        <svg role="img" aria-label={summary} viewBox={`0 0 ${String(width)} ${String(HEIGHT + AXIS)}`} width="100%" style={{ display: 'block', maxHeight: 280 }}>
          <line x1={0} x2={width} y1={HEIGHT + 0.5} y2={HEIGHT + 0.5} stroke="currentColor" strokeOpacity={0.5} />
          {periods.map((period, index) => {
            const height = max === 0 ? 0 : (period.grossMinor / max) * (HEIGHT - 16);
            const x = index * step + (step - barWidth) / 2;
            return (
              <g key={period.period}>
                <rect x={x} y={HEIGHT - height} width={barWidth} height={height} fill="var(--mantine-color-blue-7)" rx={2}>
                  <title>{`${long(period.period)}: ${money(period.grossMinor)}`}</title>
                </rect>
                {index % labelEvery === 0 && (
                  <text x={index * step + step / 2} y={HEIGHT + 15} textAnchor="middle" fontSize={11} fill="currentColor">
                    {periodText(period.period, groupBy, language, 'short')}
                  </text>
                )}
              </g>
            );
          })}
          {max > 0 && (
            <text x={2} y={11} fontSize={11} fill="currentColor">
              {money(max)}
            </text>
          )}
        </svg>
      </figure>
      <div style={{ flex: '1 1 280px', minWidth: 0 }}>
        <TableScroller label={t('market.sales.periodCaption')} minWidth={280}>
          <Table striped verticalSpacing={4} fz="sm">
            <Table.Caption>{t('market.sales.periodCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('market.sales.period')}</Table.Th>
                <Table.Th scope="col">{t('market.sales.orders')}</Table.Th>
                <Table.Th scope="col">{t('market.sales.gross')}</Table.Th>
                <Table.Th scope="col">{t('market.sales.refunded')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {periods.map((period) => (
                <Table.Tr key={period.period}>
                  <Table.Th scope="row" fw={400}>
                    {long(period.period)}
                  </Table.Th>
                  <Table.Td>{period.orders}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{money(period.grossMinor)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{money(period.refundedMinor)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroller>
      </div>
    </div>
  );
}
