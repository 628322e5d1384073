import { useTranslation } from 'react-i18next';
import { BarChart } from './BarChart';

/** How many viewers saw each page of a PDF, as bars, with each page in a table for screen readers. */
export function PagesChart({ viewersPerPage }: { viewersPerPage: number[] }) {
  const { t } = useTranslation();
  const pages = viewersPerPage.map((viewers, index) => ({ day: String(index + 1), opens: viewers }));
  const most = pages.reduce((best, page) => (page.opens > best.opens ? page : best), pages[0]!);
  return (
    <BarChart
      series={pages}
      size={{ width: 300, height: 60 }}
      color="var(--mantine-color-teal-8)"
      label={t('space.analytics.pagesChartLabel', { pages: pages.length, page: most.day, viewers: most.opens, last: pages.at(-1)!.opens })}
      table={{ caption: t('space.analytics.pagesCaption'), headers: [t('space.analytics.page'), t('space.analytics.viewers')], rows: pages.map((page) => ({ key: page.day, cells: [page.day, page.opens] })) }}
    />
  );
}
