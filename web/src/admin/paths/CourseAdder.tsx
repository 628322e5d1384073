import { Button, Group, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { COURSES_KEY, fetchCourses, type CourseView } from '../courses/courses.api';

/** Finds one of the site's courses by its title and adds it to the path (those in the path already are not offered). */
export function CourseAdder({ inPath, onAdd }: { inPath: readonly string[]; onAdd: (course: CourseView) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<CourseView | null>(null);
  const [q] = useDebouncedValue(search.trim(), 250);
  const query = new URLSearchParams({ limit: '50', ...(q && q !== chosen?.title ? { q } : {}) }).toString();
  const courses = useQuery({ queryKey: [...COURSES_KEY, 'list', query], queryFn: ({ signal }) => fetchCourses(api, query, signal), placeholderData: keepPreviousData });
  const offered = (courses.data?.courses ?? []).filter((course) => !inPath.includes(course.id));
  const label = (course: CourseView) => (course.status === 'published' ? course.title : `${course.title} (${t(`courses.status.${course.status}`)})`);
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <Select
        label={t('paths.form.addCourse')}
        description={t('paths.form.addCourseHint')}
        searchable
        clearable
        clearButtonProps={{ 'aria-label': t('paths.form.clearCourse') }}
        searchValue={search}
        onSearchChange={setSearch}
        // The server searched already: every course it found is offered.
        filter={({ options }) => options}
        data={[...(chosen && !offered.some((c) => c.id === chosen.id) ? [chosen] : []), ...offered].map((course) => ({ value: course.id, label: label(course) }))}
        value={chosen?.id ?? null}
        onChange={(id) => {
          setChosen(offered.find((course) => course.id === id) ?? null);
        }}
        nothingFoundMessage={t('paths.form.noCourseFound')}
        error={courses.error?.message}
        w={{ base: '100%', xs: 360 }}
      />
      <Button
        variant="default"
        disabled={chosen === null}
        onClick={() => {
          if (!chosen) return;
          onAdd(chosen);
          setChosen(null);
          setSearch('');
        }}
      >
        {t('paths.form.addCourseButton')}
      </Button>
    </Group>
  );
}
