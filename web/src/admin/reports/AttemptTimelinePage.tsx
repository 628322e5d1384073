import { Anchor, Button, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { currentLanguage } from '../../shared/i18n';
import type { Language } from '../../shared/i18n/languages';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { fetchAttemptStatements, REPORTS_KEY, type TimelineStatement } from './reports.api';
import { objectWords, resultWords, verbWords } from './statementWords';

/** "4 Mar 2026, 09:00:12" / "04.03.2026, 09:00:12": statements are often seconds apart. */
function formatInstant(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

function StatementEntry({ statement, language }: { statement: TimelineStatement; language: Language }) {
  const { t } = useTranslation();
  const result = resultWords(statement.result, language);
  return (
    <Paper component="li" withBorder radius="md" p="sm">
      <Text size="sm" fw={600}>
        <time dateTime={statement.timestamp}>{formatInstant(statement.timestamp, language)}</time>
      </Text>
      <Text style={{ overflowWrap: 'anywhere' }}>
        <strong>{verbWords(statement.verb, language)}</strong> {objectWords(statement.object, language)}
      </Text>
      {result.length > 0 && <Text size="sm">{result.join(' · ')}</Text>}
      <Text size="xs" c="dimmed">
        {t('reports.timeline.stored', { time: formatInstant(statement.stored, language) })}
      </Text>
    </Paper>
  );
}

/** `/reports/attempts/:attemptId`: the xAPI statements of one attempt as a timeline, oldest first, a page at a time. */
export function AttemptTimelinePage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { attemptId = '' } = useParams();
  const pages = useInfiniteQuery({
    queryKey: [...REPORTS_KEY, 'attempt-statements', attemptId],
    queryFn: ({ pageParam, signal }) => fetchAttemptStatements(api, attemptId, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const first = pages.data?.pages[0];
  const title = first ? t('reports.timeline.title', { number: first.attempt.number }) : t('reports.title');
  usePageTitle(title);

  if (pages.error && !first) return <LoadError error={pages.error} onRetry={() => void pages.refetch()} />;
  if (!first) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  const statements = (pages.data?.pages ?? []).flatMap((page) => page.statements);
  const name = `${first.learner.firstName} ${first.learner.lastName}`.trim() || first.learner.email;

  return (
    <Stack gap="lg" maw={900}>
      <Anchor component={Link} to={`/reports?${new URLSearchParams({ view: 'learners', learner: first.learner.id }).toString()}`} size="sm">
        ← {t('reports.timeline.back')}
      </Anchor>
      <div>
        <Title order={1}>{title}</Title>
        <Text c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {t('reports.timeline.subtitle', { name, course: first.course.title })}
        </Text>
        <Text size="sm" c="dimmed" mt={4}>
          {t('reports.timeline.order')}
        </Text>
      </div>
      {statements.length === 0 ? (
        <Text>{t('reports.timeline.none')}</Text>
      ) : (
        <Stack component="ol" gap="xs" aria-label={t('reports.timeline.list')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {statements.map((statement) => (
            <StatementEntry key={statement.id} statement={statement} language={language} />
          ))}
        </Stack>
      )}
      {pages.error && <LoadError error={pages.error} onRetry={() => void pages.fetchNextPage()} />}
      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {statements.length > 0 && t('reports.timeline.shown', { count: statements.length })}
        {statements.length > 0 && !pages.hasNextPage && ` · ${t('reports.timeline.allShown')}`}
      </Text>
      {pages.hasNextPage && (
        <div>
          <Button variant="default" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
            {t('reports.timeline.more')}
          </Button>
        </div>
      )}
    </Stack>
  );
}
