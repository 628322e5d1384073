import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../shared/pages/NotFoundPage';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { PrivilegeReport } from './PrivilegeReport';
import { ReviewPage } from './ReviewPage';
import { ReviewsList } from './ReviewsList';

/** `/access-reviews`: the privilege report and the reviews; `/access-reviews/:id`: one review. */
export function AccessReviewsSection() {
  return (
    <Routes>
      <Route index element={<AccessReviewsPage />} />
      <Route path=":id" element={<ReviewPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function AccessReviewsPage() {
  const { t } = useTranslation();
  usePageTitle(t('accessReviews.title'));
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('accessReviews.title')}</Title>
        <Text c="dimmed" mt={4} maw={720}>
          {t('accessReviews.intro')}
        </Text>
      </div>
      <ReviewsList />
      <PrivilegeReport />
    </Stack>
  );
}
