import { Anchor, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../shared/api';
import { useSession } from '../shared/auth/AuthContext';
import { LoadError } from '../shared/ui/LoadError';
import { usePageTitle } from '../shared/ui/usePageTitle';
import { EnrolmentSections } from './EnrolmentCards';
import { fetchMyEnrolments, MY_ENROLMENTS_KEY } from './learner.api';

/** `/` for learners: their courses, the urgent first, each with its progress and a way in. */
export function LearnerDashboard() {
  const { t } = useTranslation();
  const { user } = useSession();
  usePageTitle(t('nav.dashboard'));
  const enrolments = useQuery({ queryKey: MY_ENROLMENTS_KEY, queryFn: ({ signal }) => fetchMyEnrolments(api, signal) });
  return (
    <Stack gap="lg" maw={1200}>
      <div>
        <Title order={1}>{t('dashboard.greeting', { firstName: user.firstName || user.email })}</Title>
        <Text c="dimmed" mt={4}>
          {t('dashboard.learner.subtitle')}
        </Text>
      </div>
      {enrolments.error && <LoadError error={enrolments.error} onRetry={() => void enrolments.refetch()} />}
      {enrolments.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {enrolments.data &&
        (enrolments.data.enrolments.length === 0 ? (
          <Paper withBorder p="xl" radius="md">
            <Text>{t('learner.emptyWithCatalogue')}</Text>
            <Anchor component={Link} to="/my-courses#catalogue" mt="sm" display="inline-block">
              {t('learner.toCatalogue')}
            </Anchor>
          </Paper>
        ) : (
          <EnrolmentSections enrolments={enrolments.data.enrolments} />
        ))}
    </Stack>
  );
}
