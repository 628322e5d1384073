import { Alert, Anchor, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { FailureMessage } from '../../shared/forms/FailureMessage';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import type { WorkspaceView } from '../space.api';
import { fetchMyReviews, MY_REVIEWS_KEY, reviewRequestsKey } from './review.api';
import classes from './review.module.css';
import { FinishReviewButton, ReviewRequestCard } from './ReviewRequests';

/** `/space/reviews`: the review requests waiting for the signed-in member, soonest due first; each marked done here. */
export function MyReviewsPage({ workspace }: { workspace: WorkspaceView }) {
  const { t } = useTranslation();
  usePageTitle(`${t('space.reviews.mine')} – ${t('space.title')}`);
  const queryClient = useQueryClient();
  const requests = useQuery({ queryKey: MY_REVIEWS_KEY, queryFn: ({ signal }) => fetchMyReviews(api, signal) });
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Stack gap="lg" maw={820}>
      <Title order={1}>{t('space.reviews.mine')}</Title>
      <Text>{t('space.reviews.mineIntro')}</Text>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {requests.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {requests.error && (
        <Alert color="red" role="alert">
          <FailureMessage error={requests.error} />
        </Alert>
      )}
      {requests.data && requests.data.length === 0 && <Text c="dimmed">{t('space.reviews.nothingWaiting')}</Text>}
      {requests.data && requests.data.length > 0 && (
        <Stack component="ul" gap="sm" className={classes.list} aria-label={t('space.reviews.mine')}>
          {requests.data.map((request) => {
            const name = request.itemName;
            return (
              <ReviewRequestCard key={request.id} request={request} workspace={workspace} heading={name}>
                <Anchor component={Link} to={`/space/items/${request.itemId}`} size="sm">
                  {t('space.reviews.openFile', { name })}
                </Anchor>
                <FinishReviewButton
                  request={request}
                  fileName={name}
                  onDone={() => {
                    setNotice(t('space.reviews.finished', { name }));
                    void queryClient.invalidateQueries({ queryKey: MY_REVIEWS_KEY });
                    void queryClient.invalidateQueries({ queryKey: reviewRequestsKey(request.itemId) });
                  }}
                />
              </ReviewRequestCard>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
