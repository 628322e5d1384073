import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReviewSummaryView } from './accessReviews.api';

/** Open, overdue or completed, as a badge. */
export function ReviewState({ review }: { review: Pick<ReviewSummaryView, 'completedAt' | 'overdue'> }) {
  const { t } = useTranslation();
  const state = review.completedAt ? 'done' : review.overdue ? 'overdue' : 'open';
  const colour = { done: 'green', overdue: 'red', open: 'blue' }[state];
  return (
    <Badge variant="light" color={colour} miw="max-content">
      {t(`accessReviews.reviews.states.${state}`)}
    </Badge>
  );
}
