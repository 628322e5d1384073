import { Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api';
import { ErrorAlert } from '../shared/forms/ErrorAlert';
import { SuccessNote } from '../shared/forms/SuccessNote';
import { LoadError } from '../shared/ui/LoadError';
import { Section } from '../shared/ui/Section';
import { usePageTitle } from '../shared/ui/usePageTitle';
import { MyCertificates } from './certificates/MyCertificates';
import { CourseCover, EnrolmentSections } from './EnrolmentCards';
import { CATALOGUE_KEY, fetchCatalogue, fetchMyEnrolments, MY_ENROLMENTS_KEY, selfEnrol } from './learner.api';

function Catalogue() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const catalogue = useQuery({ queryKey: CATALOGUE_KEY, queryFn: ({ signal }) => fetchCatalogue(api, signal) });
  const enrol = useMutation({
    mutationFn: (course: { id: string; title: string }) => selfEnrol(api, course.id),
    onSuccess: async (_result, course) => {
      setNotice(t('learner.catalogue.done', { title: course.title }));
      await Promise.all([queryClient.invalidateQueries({ queryKey: CATALOGUE_KEY }), queryClient.invalidateQueries({ queryKey: MY_ENROLMENTS_KEY })]);
    },
  });
  return (
    <Section id="catalogue" title={t('learner.catalogue.title')} description={t('learner.catalogue.intro')}>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {enrol.error && <ErrorAlert error={enrol.error} />}
      {catalogue.error && <LoadError error={catalogue.error} onRetry={() => void catalogue.refetch()} />}
      {catalogue.isPending && <Loader size="sm" aria-label={t('app.loading')} />}
      {catalogue.data && (
        // Courses the learner is enrolled in are listed with their progress above, not here again.
        <OpenCourses
          courses={catalogue.data.courses.filter((course) => !course.enrolmentId)}
          anyOpen={catalogue.data.courses.length > 0}
          enrolling={enrol.isPending ? enrol.variables.id : null}
          onEnrol={(course) => enrol.mutate(course)}
        />
      )}
    </Section>
  );
}

function OpenCourses({
  courses,
  anyOpen,
  enrolling,
  onEnrol,
}: {
  courses: { id: string; title: string; description: string; hasCover: boolean }[];
  anyOpen: boolean;
  enrolling: string | null;
  onEnrol: (course: { id: string; title: string }) => void;
}) {
  const { t } = useTranslation();
  if (courses.length === 0) return <Text c="dimmed">{t(anyOpen ? 'learner.catalogue.allEnrolled' : 'learner.catalogue.none')}</Text>;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
      {courses.map((course) => (
        <Paper key={course.id} component="article" withBorder radius="md" p="md" aria-label={course.title}>
          <Stack gap="xs">
            {course.hasCover && <CourseCover courseId={course.id} />}
            <Title order={3} size="h5">
              {course.title}
            </Title>
            {course.description && (
              <Text size="sm" c="dimmed" lineClamp={3}>
                {course.description}
              </Text>
            )}
            <Group>
              <Button size="sm" loading={enrolling === course.id} aria-label={t('learner.catalogue.enrolLabel', { title: course.title })} onClick={() => onEnrol(course)}>
                {t('learner.catalogue.enrol')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** The learner's courses with progress: due soon, overdue, completed; the catalogue for self-enrolment. */
export function MyCoursesPage() {
  const { t } = useTranslation();
  usePageTitle(t('learner.title'));
  const enrolments = useQuery({ queryKey: MY_ENROLMENTS_KEY, queryFn: ({ signal }) => fetchMyEnrolments(api, signal) });
  return (
    <Stack gap="xl" maw={1200}>
      <Title order={1}>{t('learner.title')}</Title>
      {enrolments.error && <LoadError error={enrolments.error} onRetry={() => void enrolments.refetch()} />}
      {enrolments.isPending && <Loader size="sm" aria-label={t('app.loading')} />}
      {enrolments.data &&
        (enrolments.data.enrolments.length === 0 ? <Text c="dimmed">{t('learner.empty')}</Text> : <EnrolmentSections enrolments={enrolments.data.enrolments} />)}
      <MyCertificates />
      <Catalogue />
    </Stack>
  );
}
