import { Button, Checkbox, Group, Select, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../../shared/forms/fieldErrors';
import { nameErrors, normaliseName } from '../../shared/forms/names';
import { api } from '../../shared/api';
import { CATEGORIES_KEY, fetchCategories } from './categories.api';
import type { CourseView } from './courses.api';

export interface CourseFormValues {
  title: string;
  description: string;
  categoryId: string | null;
  language: string | null;
  tags: string[];
  selfEnrolment: boolean;
}

const FIELDS = ['title', 'description', 'categoryId', 'language', 'tags', 'selfEnrolment'];

export function formValuesOf(course: CourseView | null): CourseFormValues {
  return {
    title: course?.title ?? '',
    description: course?.description ?? '',
    categoryId: course?.category?.id ?? null,
    language: course?.language ?? null,
    tags: course?.tags ?? [],
    selfEnrolment: course?.selfEnrolment ?? false,
  };
}

interface CourseFormProps {
  initial: CourseFormValues;
  submitLabel: string;
  onSubmit: (values: CourseFormValues) => Promise<void>;
  onCancel?: () => void;
}

/** Title, description, category, language, tags and self-enrolment of a course; the server's field errors appear at their fields. */
export function CourseForm({ initial, submitLabel, onSubmit, onCancel }: CourseFormProps) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState(initial);
  const [badNames, setBadNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const categories = useQuery({ queryKey: CATEGORIES_KEY, queryFn: ({ signal }) => fetchCategories(api, signal) });
  const set = <K extends keyof CourseFormValues>(key: K, value: CourseFormValues[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const tags = Object.fromEntries(values.tags.map((tag, i) => [`tags.${i}`, tag]));
    const problems = nameErrors({ title: values.title, ...tags }, i18n.language);
    setBadNames(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit({
        ...values,
        title: normaliseName(values.title),
        tags: values.tags.map(normaliseName),
      });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const blankToNull = (text: string) => (text.trim() === '' ? null : text);
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        {error !== null && !namesAnyField(error, FIELDS) && <ErrorAlert error={error} />}
        <TextInput
          label={t('courses.form.title')}
          required
          value={values.title}
          onChange={(e) => {
            set('title', e.currentTarget.value);
          }}
          error={badNames.title ?? fieldError(error, 'title')}
          maxLength={200}
        />
        <Textarea
          label={t('courses.form.description')}
          value={values.description}
          onChange={(e) => {
            set('description', e.currentTarget.value);
          }}
          error={fieldError(error, 'description')}
          autosize
          minRows={3}
        />
        <Group grow align="flex-start">
          <Select
            label={t('courses.form.category')}
            placeholder={t('courses.form.noCategory')}
            data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={values.categoryId}
            onChange={(categoryId) => {
              set('categoryId', categoryId);
            }}
            clearable
            searchable
            nothingFoundMessage={t('courses.noneFound')}
            error={fieldError(error, 'categoryId')}
          />
          <TextInput
            label={t('courses.form.language')}
            description={t('courses.form.languageHint')}
            value={values.language ?? ''}
            onChange={(e) => {
              set('language', blankToNull(e.currentTarget.value));
            }}
            error={fieldError(error, 'language')}
          />
        </Group>
        <TagsInput
          label={t('courses.form.tags')}
          description={t('courses.form.tagsHint')}
          value={values.tags}
          onChange={(tags) => {
            set('tags', tags);
          }}
          error={Object.entries(badNames).find(([field]) => field.startsWith('tags.'))?.[1] ?? fieldError(error, 'tags', ...values.tags.map((_, i) => `tags.${i}`))}
        />
        <Checkbox
          label={t('courses.form.selfEnrolment')}
          checked={values.selfEnrolment}
          onChange={(e) => {
            set('selfEnrolment', e.currentTarget.checked);
          }}
        />
        <Group gap="sm">
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('courses.form.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
