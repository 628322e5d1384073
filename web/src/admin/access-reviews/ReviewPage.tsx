import { Anchor, Badge, Button, Group, Loader, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { currentLanguage } from '../../shared/i18n';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { ACCESS_REVIEWS_KEY, decideItem, fetchReview, privilegeNames, privilegeWords, type ReviewItemView, type ReviewView } from './accessReviews.api';
import { ReviewState } from './ReviewState';

/** One review: its progress and every entry, each confirmed or revoked by the reviewer. */
export function ReviewPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const key = [...ACCESS_REVIEWS_KEY, 'review', id];
  const review = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchReview(api, id, signal) });
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  usePageTitle(review.data ? t('accessReviews.review.title', { date: formatDateTime(review.data.review.startedAt, language) }) : t('accessReviews.title'));

  const decide = async (item: ReviewItemView, decision: 'confirmed' | 'revoked') => {
    setBusy(item.id);
    setFailure(null);
    setNote(null);
    try {
      const answer = await decideItem(api, id, item.id, decision);
      queryClient.setQueryData<ReviewView>(key, (old) => (old ? { review: answer.review, items: old.items.map((i) => (i.id === item.id ? answer.item : i)) } : old));
      setNote(t('accessReviews.review.decided', { holder: item.holder, decision: t(`accessReviews.review.decisions.${decision}`) }));
      void queryClient.invalidateQueries({ queryKey: ACCESS_REVIEWS_KEY });
    } catch (error) {
      // A refused revocation is shown in its confirmation dialog; a refused confirmation on the page.
      if (decision === 'revoked') throw error;
      setFailure(error);
    } finally {
      setBusy(null);
    }
  };

  if (review.isPending) return <Loader size="sm" role="status" aria-label={t('app.loading')} m="md" />;
  if (review.error) return <LoadError error={review.error} onRetry={() => void review.refetch()} />;
  const { review: summary, items } = review.data;
  const percent = summary.total === 0 ? 100 : Math.round((summary.decided / summary.total) * 100);
  const words = (item: ReviewItemView) => privilegeWords(item.kind, item.privilege, privilegeNames(t));

  return (
    <Stack gap="lg" maw={1100}>
      <Anchor component={Link} to="/access-reviews" size="sm">
        {t('accessReviews.review.back')}
      </Anchor>
      <div>
        <Group gap="sm" align="center">
          <Title order={1}>{t('accessReviews.review.title', { date: formatDateTime(summary.startedAt, language) })}</Title>
          <ReviewState review={summary} />
        </Group>
        <Text c="dimmed" mt={4}>
          {t('accessReviews.review.summary', { due: formatDateTime(summary.dueAt, language), days: summary.unusedDays })}{' '}
          {summary.completedAt && t('accessReviews.review.completed', { date: formatDateTime(summary.completedAt, language) })}
        </Text>
      </div>
      <div>
        <Progress value={percent} aria-label={t('accessReviews.review.progressLabel')} />
        <Text size="sm" mt={4} role="status">
          {t('accessReviews.reviews.progress', { decided: summary.decided, total: summary.total })}
        </Text>
      </div>
      {note && <SuccessNote>{note}</SuccessNote>}
      <ErrorAlert error={failure} />
      <DataTable
        caption={t('accessReviews.review.caption')}
        minWidth={900}
        actions
        headers={[
          t('accessReviews.review.columns.kind'),
          t('accessReviews.review.columns.holder'),
          t('accessReviews.review.columns.privilege'),
          t('accessReviews.review.columns.lastUsed'),
          t('accessReviews.review.columns.decision'),
        ]}
      >
        {items.map((item) => (
          <Table.Tr key={item.id}>
            <Table.Td>{t(`accessReviews.kinds.${item.kind}`)}</Table.Td>
            <Table.Th scope="row" fw={500}>
              {item.holder}
            </Table.Th>
            <Table.Td>{words(item)}</Table.Td>
            <Table.Td>
              {item.lastUsedAt ? formatDateTime(item.lastUsedAt, language) : t('accessReviews.report.never')}
              {item.unused && (
                <Badge variant="light" color="orange" ml="xs" miw="max-content">
                  {t('accessReviews.report.unusedBadge')}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              {item.decision ? (
                <>
                  <Badge variant="light" color={item.decision === 'revoked' ? 'red' : 'green'} miw="max-content">
                    {t(`accessReviews.review.decisions.${item.decision}`)}
                  </Badge>
                  {item.decidedAt && (
                    <Text size="xs" c="dimmed" mt={4}>
                      {t('accessReviews.review.decidedBy', { name: item.decidedBy ?? '–', date: formatDateTime(item.decidedAt, language) })}
                    </Text>
                  )}
                </>
              ) : (
                '–'
              )}
            </Table.Td>
            <Table.Td>
              {item.decision === null && (
                <Group gap="xs" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="light"
                    loading={busy === item.id}
                    aria-label={t('accessReviews.review.confirmNamed', { privilege: words(item), holder: item.holder })}
                    onClick={() => void decide(item, 'confirmed')}
                  >
                    {t('accessReviews.review.confirm')}
                  </Button>
                  <ConfirmAction
                    label={t('accessReviews.review.revoke')}
                    ariaLabel={t('accessReviews.review.revokeNamed', { privilege: words(item), holder: item.holder })}
                    title={t('accessReviews.review.revokeTitle')}
                    body={t('accessReviews.review.revokeBody', { holder: item.holder, privilege: words(item) })}
                    confirmLabel={t('accessReviews.review.revoke')}
                    onConfirm={() => decide(item, 'revoked')}
                  />
                </Group>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}
