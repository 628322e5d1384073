import { Alert, Anchor, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { FailureMessage } from '../../shared/forms/FailureMessage';
import { currentLanguage } from '../../shared/i18n';
import { DataTable } from '../../shared/ui/DataTable';
import { FactGrid } from '../../shared/ui/FactGrid';
import { formatDateTime } from '../../shared/ui/format';
import { analyticsCsvUrl, analyticsKey, fetchShareAnalytics, type ShareAnalyticsView } from './analytics.api';
import { pageRangesText } from '../../../../src/space/analytics/seen-pages';
import { BarChart } from './BarChart';
import { busiestDay, utcDayText } from './chartBars';
import { PagesChart } from './PagesChart';

const CHART = { width: 300, height: 80 };

/** Seconds as "1 h 02 min", "3 min 05 s" or "12 s". */
function durationText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

/** A percent of a video or audio; a dash where nothing was played. */
const percentText = (percent: number | null) => (percent === null ? '—' : `${percent} %`);

/** Opens per day as bars; its label sums it up, and a table only screen readers get gives each day with opens. */
function OpensChart({ days }: { days: ShareAnalyticsView['days'] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const busiest = busiestDay(days);
  const total = days.reduce((sum, day) => sum + day.opens, 0);
  const label = busiest ? t('space.analytics.chartLabel', { total, day: utcDayText(busiest.day, language), opens: busiest.opens }) : t('space.analytics.chartEmpty');
  const rows = days.filter((day) => day.opens > 0).map((day) => ({ key: day.day, cells: [utcDayText(day.day, language), day.opens, day.viewers] }));
  return (
    <BarChart
      series={days}
      size={CHART}
      color="var(--mantine-color-blue-7)"
      label={label}
      table={{ caption: t('space.analytics.daysCaption'), headers: [t('space.analytics.day'), t('space.analytics.opens'), t('space.analytics.viewers')], rows }}
    />
  );
}

/** A link's views: totals, opens per day, and each viewer (with the CSV of them). */
export function ShareAnalytics({ shareId }: { shareId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const report = useQuery({ queryKey: analyticsKey(shareId), queryFn: ({ signal }) => fetchShareAnalytics(api, shareId, signal) });
  if (report.isPending) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (report.error)
    return (
      <Alert color="red" role="alert">
        <FailureMessage error={report.error} />
      </Alert>
    );
  const data = report.data;
  // A course's viewers are shown by how far they got in it (as it reported), a video's by what they played.
  const isCourse = data.byViewer.some((viewer) => viewer.course !== null);
  // A PDF's by the pages they saw.
  const isPdf = !isCourse && data.viewersPerPage.length > 0;
  const totals: [string, string][] = [
    [t('space.analytics.opens'), String(data.opens)],
    [t('space.analytics.viewers'), String(data.viewers)],
    [t('space.analytics.time'), durationText(data.seconds)],
    [t('space.analytics.average'), durationText(data.averageSeconds)],
  ];
  return (
    <Stack gap="sm">
      <FactGrid facts={totals} cols={{ base: 2, sm: 4 }} strong />
      <Text size="xs" c="dimmed">
        {t('space.analytics.chartTitle')}
      </Text>
      <OpensChart days={data.days} />
      {isPdf && (
        <>
          <Text size="xs" c="dimmed">
            {t('space.analytics.pagesChartTitle')}
          </Text>
          <PagesChart viewersPerPage={data.viewersPerPage} />
        </>
      )}
      {data.byViewer.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('space.analytics.nobody')}
        </Text>
      ) : (
        <DataTable
          caption={t('space.analytics.viewersCaption')}
          minWidth={560}
          headers={[
            t('space.analytics.viewer'),
            t('space.analytics.opens'),
            t('space.analytics.time'),
            ...(isCourse
              ? [t('space.analytics.courseDone'), t('space.analytics.coursePlace')]
              : isPdf
                ? [t('space.analytics.pagesSeen'), t('space.analytics.whichPages')]
                : [t('space.analytics.watched'), t('space.analytics.furthest')]),
            t('space.analytics.lastVisit'),
          ]}
        >
          {data.byViewer.map((viewer) => (
            <Table.Tr key={viewer.number}>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{viewer.name ?? t('space.analytics.visitor', { number: viewer.number })}</Table.Td>
              <Table.Td>{viewer.opens}</Table.Td>
              <Table.Td>{durationText(viewer.seconds)}</Table.Td>
              {isCourse ? (
                <>
                  <Table.Td>{viewer.course ? t('space.analytics.courseDoneOf', { done: viewer.course.done, total: viewer.course.total }) : '—'}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{viewer.course?.current ? [viewer.course.current.title, viewer.course.current.location].filter(Boolean).join(' – ') : '—'}</Table.Td>
                </>
              ) : isPdf ? (
                <>
                  <Table.Td>{viewer.pdf ? t('space.analytics.pagesSeenOf', { seen: viewer.pdf.seen.length, total: viewer.pdf.pageCount }) : '—'}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{viewer.pdf ? pageRangesText(viewer.pdf.seen) : '—'}</Table.Td>
                </>
              ) : (
                <>
                  <Table.Td>{percentText(viewer.watchedPercent)}</Table.Td>
                  <Table.Td>{percentText(viewer.furthestPercent)}</Table.Td>
                </>
              )}
              <Table.Td>{formatDateTime(viewer.lastVisit, language)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      <Group>
        <Anchor href={analyticsCsvUrl(shareId)} download size="sm">
          {t('space.analytics.csv')}
        </Anchor>
      </Group>
    </Stack>
  );
}
