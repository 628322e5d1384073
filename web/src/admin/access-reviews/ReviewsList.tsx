import { Anchor, Button, Group, Loader, NumberInput, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { currentLanguage } from '../../shared/i18n';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { ACCESS_REVIEWS_KEY, fetchReviews, startReview, type ReviewSummaryView } from './accessReviews.api';
import { ReviewState } from './ReviewState';

const DEFAULT_DUE_DAYS = 14;
const DEFAULT_UNUSED_DAYS = 90;

/** The site's reviews with their progress, and starting a new one (which opens its page). */
export function ReviewsList() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [dueInDays, setDueInDays] = useState(DEFAULT_DUE_DAYS);
  const reviews = useQuery({ queryKey: [...ACCESS_REVIEWS_KEY, 'reviews'], queryFn: ({ signal }) => fetchReviews(api, signal) });
  const start = useMutation({
    mutationFn: () => startReview(api, { dueInDays, unusedDays: DEFAULT_UNUSED_DAYS }),
    onSuccess: async (started) => {
      await queryClient.invalidateQueries({ queryKey: ACCESS_REVIEWS_KEY });
      void navigate(`/access-reviews/${started.review.id}`);
    },
  });
  // One open review at a time (the server refuses a second one too).
  const open = reviews.data?.reviews.some((r: ReviewSummaryView) => r.completedAt === null) ?? false;

  return (
    <Section title={t('accessReviews.reviews.title')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          start.mutate();
        }}
      >
        <Group align="end" gap="md" wrap="wrap">
          <NumberInput
            label={t('accessReviews.reviews.dueInDays')}
            min={1}
            max={90}
            value={dueInDays}
            onChange={(value) => {
              const days = typeof value === 'number' ? value : Number.parseInt(value, 10);
              if (Number.isInteger(days) && days >= 1 && days <= 90) setDueInDays(days);
            }}
            w={200}
          />
          <Button type="submit" loading={start.isPending} disabled={open}>
            {t('accessReviews.reviews.start')}
          </Button>
        </Group>
        {open && (
          <Text size="sm" c="dimmed" mt="xs">
            {t('accessReviews.reviews.openHint')}
          </Text>
        )}
      </form>
      <ErrorAlert error={start.error} />
      {reviews.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {reviews.error && <LoadError error={reviews.error} onRetry={() => void reviews.refetch()} />}
      {reviews.data &&
        (reviews.data.reviews.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('accessReviews.reviews.none')}
          </Text>
        ) : (
          <DataTable
            caption={t('accessReviews.reviews.caption')}
            minWidth={720}
            headers={[
              t('accessReviews.reviews.columns.started'),
              t('accessReviews.reviews.columns.by'),
              t('accessReviews.reviews.columns.due'),
              t('accessReviews.reviews.columns.progress'),
              t('accessReviews.reviews.columns.state'),
            ]}
          >
            {reviews.data.reviews.map((review) => (
              <Table.Tr key={review.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/access-reviews/${review.id}`} aria-label={t('accessReviews.reviews.open', { date: formatDateTime(review.startedAt, language) })}>
                    {formatDateTime(review.startedAt, language)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{review.startedBy ?? '–'}</Table.Td>
                <Table.Td>{formatDateTime(review.dueAt, language)}</Table.Td>
                <Table.Td>{t('accessReviews.reviews.progress', { decided: review.decided, total: review.total })}</Table.Td>
                <Table.Td>
                  <ReviewState review={review} />
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        ))}
    </Section>
  );
}
