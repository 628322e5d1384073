import { Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { COURSES_KEY, fetchCourse, fetchCourses, type CourseView } from '../courses/courses.api';
import { StatusBadge } from '../courses/StatusBadge';

/** The site's courses by id, from the first page of the course list (enough to name a product's courses in lists). */
export function useCourseTitles(): ReadonlyMap<string, CourseView> {
  const query = new URLSearchParams({ limit: '200' }).toString();
  const courses = useQuery({ queryKey: [...COURSES_KEY, 'list', query], queryFn: ({ signal }) => fetchCourses(api, query, signal), staleTime: 60_000 });
  return new Map((courses.data?.courses ?? []).map((course) => [course.id, course]));
}

/** These courses, each read by its id (a product's courses, whatever page of the list they are on). */
function useCoursesById(ids: readonly string[]): Map<string, CourseView> {
  const results = useQueries({
    queries: ids.map((id) => ({ queryKey: [...COURSES_KEY, id], queryFn: ({ signal }: { signal: AbortSignal }) => fetchCourse(api, id, signal), staleTime: 60_000 })),
  });
  const found = new Map<string, CourseView>();
  for (const result of results) if (result.data) found.set(result.data.id, result.data);
  return found;
}

interface CoursePickerProps {
  value: string[];
  onChange: (courseIds: string[]) => void;
  /** One course (a course product) or several (a bundle). */
  single: boolean;
  error?: string | undefined;
}

/** The product's courses: the chosen ones, each removable, and a search of the site's courses to add one. */
export function CoursePicker({ value, onChange, single, error }: CoursePickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<CourseView | null>(null);
  const [q] = useDebouncedValue(search.trim(), 250);
  const query = new URLSearchParams({ limit: '50', ...(q && q !== chosen?.title ? { q } : {}) }).toString();
  const courses = useQuery({ queryKey: [...COURSES_KEY, 'list', query], queryFn: ({ signal }) => fetchCourses(api, query, signal), placeholderData: keepPreviousData });
  const known = useCoursesById(value);
  const offered = (courses.data?.courses ?? []).filter((course) => !value.includes(course.id));
  const label = (course: CourseView) => (course.status === 'published' ? course.title : `${course.title} (${t(`courses.status.${course.status}`)})`);
  const add = () => {
    if (!chosen) return;
    // A course product holds one course: choosing another replaces it.
    onChange(single ? [chosen.id] : [...value, chosen.id]);
    setChosen(null);
    setSearch('');
  };
  return (
    <Stack gap="sm">
      {value.length === 0 ? (
        <Text size="sm" c={error ? 'red' : 'dimmed'}>
          {error ?? t('market.products.form.noCourses')}
        </Text>
      ) : (
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('market.products.form.chosenCourses')}>
          {value.map((courseId) => {
            const course = known.get(courseId);
            const title = course?.title ?? t('market.products.form.courseLoading');
            return (
              <Paper key={courseId} component="li" withBorder radius="sm" p="xs">
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Group gap="xs" style={{ minWidth: 0 }}>
                    <Text style={{ overflowWrap: 'anywhere' }}>{title}</Text>
                    {course && course.status !== 'published' && <StatusBadge status={course.status} />}
                  </Group>
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    aria-label={t('market.products.form.removeCourseLabel', { title })}
                    onClick={() => {
                      onChange(value.filter((id) => id !== courseId));
                    }}
                  >
                    {t('market.products.form.removeCourse')}
                  </Button>
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
      {value.length > 0 && error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label={single ? t('market.products.form.chooseCourse') : t('market.products.form.addCourse')}
          description={t('market.products.form.courseSearchHint')}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('market.products.form.clearCourse') }}
          searchValue={search}
          onSearchChange={setSearch}
          // The server searched already: every course it found is offered.
          filter={({ options }) => options}
          data={[...(chosen && !offered.some((c) => c.id === chosen.id) ? [chosen] : []), ...offered].map((course) => ({ value: course.id, label: label(course) }))}
          value={chosen?.id ?? null}
          onChange={(id) => {
            setChosen(offered.find((course) => course.id === id) ?? null);
          }}
          nothingFoundMessage={t('market.products.form.noCourseFound')}
          error={courses.error?.message}
          w={{ base: '100%', xs: 360 }}
        />
        <Button variant="default" disabled={chosen === null} onClick={add}>
          {single && value.length > 0 ? t('market.products.form.replaceCourseButton') : t('market.products.form.addCourseButton')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The titles of a product's chosen courses, for the preview course's choice. */
export function useChosenCourses(ids: readonly string[]): Map<string, CourseView> {
  return useCoursesById(ids);
}
