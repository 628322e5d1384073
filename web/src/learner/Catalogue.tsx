import { Badge, Button, Group, Loader, NativeSelect, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api';
import { ErrorAlert } from '../shared/forms/ErrorAlert';
import { SuccessNote } from '../shared/forms/SuccessNote';
import { LoadError } from '../shared/ui/LoadError';
import { SearchField } from '../shared/ui/SearchField';
import { Section } from '../shared/ui/Section';
import { CourseCover } from './EnrolmentCards';
import { CATALOGUE_KEY, fetchCatalogue, MY_ENROLMENTS_KEY, selfEnrol, type CatalogueView } from './learner.api';

type CatalogueCourse = CatalogueView['courses'][number];

/** The open courses: search (debounced, or at once with Enter) and a category; enrol in one. */
export function Catalogue() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  // Clearing the filters starts the search box over.
  const [searchKey, setSearchKey] = useState(0);
  const [filter, setFilter] = useState({ q: '', categoryId: '' });
  const catalogue = useQuery({
    queryKey: [...CATALOGUE_KEY, filter],
    queryFn: ({ signal }) => fetchCatalogue(api, filter, signal),
    placeholderData: keepPreviousData,
  });
  const enrol = useMutation({
    mutationFn: (course: { id: string; title: string }) => selfEnrol(api, course.id),
    onSuccess: async (_result, course) => {
      setNotice(t('learner.catalogue.done', { title: course.title }));
      await Promise.all([queryClient.invalidateQueries({ queryKey: CATALOGUE_KEY }), queryClient.invalidateQueries({ queryKey: MY_ENROLMENTS_KEY })]);
    },
  });
  const clear = () => {
    setSearchKey((key) => key + 1);
    setFilter({ q: '', categoryId: '' });
  };
  const filtered = filter.q !== '' || filter.categoryId !== '';
  const data = catalogue.data;

  return (
    <Section id="catalogue" title={t('learner.catalogue.title')} description={t('learner.catalogue.intro')}>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {enrol.error && <ErrorAlert error={enrol.error} />}
      {catalogue.error && <LoadError error={catalogue.error} onRetry={() => void catalogue.refetch()} />}
      {catalogue.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {data && (filtered || data.courses.length > 0) && (
        <form role="search" aria-label={t('learner.catalogue.filters')} onSubmit={(event) => event.preventDefault()}>
          <Group gap="md" align="flex-end" wrap="wrap">
            <SearchField
              key={searchKey}
              label={t('learner.catalogue.search')}
              description={t('learner.catalogue.searchHint')}
              initial=""
              onSearch={(q) => setFilter((previous) => ({ ...previous, q: q.trim() }))}
              maxLength={200}
              w={{ base: '100%', xs: 300 }}
            />
            <NativeSelect
              label={t('learner.catalogue.category')}
              value={filter.categoryId}
              onChange={(e) => {
                const categoryId = e.currentTarget.value;
                setFilter((previous) => ({ ...previous, categoryId }));
              }}
              data={[
                { value: '', label: t('learner.catalogue.allCategories') },
                ...data.categories.map((c) => ({ value: c.id, label: t('learner.catalogue.categoryOption', { name: c.name, count: c.courseCount }) })),
              ]}
              w={{ base: '100%', xs: 260 }}
            />
          </Group>
        </form>
      )}
      {data && (
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {filtered && data.courses.length > 0 ? t('learner.catalogue.found', { count: data.courses.length }) : ''}
        </Text>
      )}
      {data && filtered && data.courses.length === 0 && (
        <Stack gap="xs" align="flex-start">
          <Text>{t('learner.catalogue.noMatch')}</Text>
          <Button variant="default" size="sm" onClick={clear}>
            {t('learner.catalogue.clearFilters')}
          </Button>
        </Stack>
      )}
      {data && !(filtered && data.courses.length === 0) && (
        // Courses the learner is enrolled in are listed with their progress above, not here again.
        <OpenCourses
          courses={data.courses.filter((course) => !course.enrolmentId)}
          anyOpen={data.courses.length > 0}
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
  courses: CatalogueCourse[];
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
            {course.category && (
              <Group gap={4}>
                <Badge variant="light" size="sm">
                  {course.category.name}
                </Badge>
              </Group>
            )}
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
