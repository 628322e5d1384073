import { Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api';
import { LoadError } from '../shared/ui/LoadError';
import { usePageTitle } from '../shared/ui/usePageTitle';
import { Catalogue } from './Catalogue';
import { MyCertificates, useMyCertificates } from './certificates/MyCertificates';
import { useScrollToHash } from '../shared/ui/useScrollToHash';
import { EnrolmentSections } from './EnrolmentCards';
import { fetchMyEnrolments, MY_ENROLMENTS_KEY } from './learner.api';
import { MyPaths, useMyPaths } from './paths/MyPaths';

/** The learner's learning paths, then their courses with progress: due soon, overdue, completed; the catalogue for self-enrolment. */
export function MyCoursesPage() {
  const { t } = useTranslation();
  usePageTitle(t('learner.title'));
  const enrolments = useQuery({ queryKey: MY_ENROLMENTS_KEY, queryFn: ({ signal }) => fetchMyEnrolments(api, signal) });
  // The bell's link to the certificates (#certificates) lands there once the paths and courses above them are shown.
  const paths = useMyPaths();
  const certificates = useMyCertificates();
  useScrollToHash(enrolments.data !== undefined && certificates.data !== undefined && !paths.isPending);
  return (
    <Stack gap="xl" maw={1200}>
      <Title order={1}>{t('learner.title')}</Title>
      <MyPaths />
      {enrolments.error && <LoadError error={enrolments.error} onRetry={() => void enrolments.refetch()} />}
      {enrolments.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {enrolments.data &&
        (enrolments.data.enrolments.length === 0 ? <Text c="dimmed">{t('learner.empty')}</Text> : <EnrolmentSections enrolments={enrolments.data.enrolments} />)}
      <MyCertificates />
      <Catalogue />
    </Stack>
  );
}
