import { Anchor, Button, Group, Loader, MultiSelect, Paper, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, isApiError } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../../shared/forms/fieldErrors';
import { nameErrors, normaliseName } from '../../shared/forms/names';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { StatusBadge } from '../courses/StatusBadge';
import { dateInputFromDueAt, dueAtFromDateInput } from '../enrolments/dueDate';
import { DueField } from '../enrolments/DueField';
import { CourseAdder } from './CourseAdder';
import { addCourse, courseErrors, isCourseField, moveCourse, prerequisiteOptions, removeCourse, setPrerequisites, type PathCourseRow } from './pathCourses';
import { createPath, fetchPath, pathKey, PATHS_KEY, savePath, type PathView } from './paths.api';
import { PATH_DESCRIPTION_MAX, PATH_TITLE_MAX } from '../../../../src/learn/paths/paths.contract';

const FIELDS = ['title', 'description', 'dueAt', 'certificateEnabled', 'courses'];

interface PathFormValues {
  title: string;
  description: string;
  due: string;
  certificateEnabled: boolean;
  courses: PathCourseRow[];
}

function valuesOf(path: PathView | undefined): PathFormValues {
  return {
    title: path?.title ?? '',
    description: path?.description ?? '',
    due: dateInputFromDueAt(path?.dueAt ?? null),
    certificateEnabled: path?.certificateEnabled ?? false,
    courses: (path?.courses ?? []).map((course) => ({ courseId: course.courseId, title: course.title, status: course.courseStatus, prerequisites: course.prerequisites })),
  };
}

interface CourseRowProps {
  row: PathCourseRow;
  index: number;
  rows: PathCourseRow[];
  errors: { prerequisites?: string; course?: string } | undefined;
  onChange: (rows: PathCourseRow[]) => void;
}

/** One course of the path: its place, what it requires first, and moving or removing it. */
function CourseRow({ row, index, rows, errors, onChange }: CourseRowProps) {
  const { t } = useTranslation();
  const title = row.title;
  return (
    <Paper component="li" withBorder radius="sm" p="sm" aria-label={t('paths.form.position', { position: index + 1 })}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={2} style={{ flex: '1 1 220px' }}>
            <Text fw={600}>
              {index + 1}. {title}
            </Text>
            {row.status !== 'published' && (
              <Group gap="xs">
                <StatusBadge status={row.status} />
                <Text size="sm" c="dimmed">
                  {t('paths.form.notPublished')}
                </Text>
              </Group>
            )}
            {errors?.course && (
              <Text size="sm" c="red">
                {errors.course}
              </Text>
            )}
          </Stack>
          <Group gap={6}>
            <Button size="xs" variant="default" disabled={index === 0} aria-label={t('paths.form.moveUpLabel', { title })} onClick={() => onChange(moveCourse(rows, index, -1))}>
              {t('paths.form.moveUp')}
            </Button>
            <Button
              size="xs"
              variant="default"
              disabled={index === rows.length - 1}
              aria-label={t('paths.form.moveDownLabel', { title })}
              onClick={() => onChange(moveCourse(rows, index, 1))}
            >
              {t('paths.form.moveDown')}
            </Button>
            <Button size="xs" variant="light" color="red" aria-label={t('paths.form.removeLabel', { title })} onClick={() => onChange(removeCourse(rows, row.courseId))}>
              {t('paths.form.remove')}
            </Button>
          </Group>
        </Group>
        <MultiSelect
          label={t('paths.form.prerequisitesOf', { title })}
          placeholder={row.prerequisites.length === 0 ? t('paths.form.noPrerequisites') : undefined}
          data={prerequisiteOptions(rows, row.courseId)}
          value={row.prerequisites}
          onChange={(prerequisites) => onChange(setPrerequisites(rows, row.courseId, prerequisites))}
          clearable
          clearButtonProps={{ 'aria-label': t('paths.form.clearPrerequisites', { title }) }}
          error={errors?.prerequisites}
          comboboxProps={{ withinPortal: true }}
        />
      </Stack>
    </Paper>
  );
}

/** The whole path as one form: details, then the courses in order with their prerequisites; the server's complaints appear where they belong. */
function PathForm({ path }: { path?: PathView }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(() => valuesOf(path));
  const [badTitle, setBadTitle] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  // The courses in the order they were last sent: the server's `courses.N` refers to these.
  const [sent, setSent] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof PathFormValues>(key: K, value: PathFormValues[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = nameErrors({ title: values.title }, i18n.language).title;
    setBadTitle(problem);
    if (problem) return;
    const body = {
      title: normaliseName(values.title),
      description: values.description,
      dueAt: dueAtFromDateInput(values.due),
      certificateEnabled: values.certificateEnabled,
      courses: values.courses.map((row) => ({ courseId: row.courseId, prerequisites: row.prerequisites })),
    };
    setBusy(true);
    setError(null);
    setSent(values.courses.map((row) => row.courseId));
    try {
      const saved = path ? await savePath(api, path.id, body) : await createPath(api, body);
      queryClient.setQueryData(pathKey(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: PATHS_KEY, exact: true });
      void navigate(`/paths/${saved.id}`, { state: { notice: t(path ? 'paths.form.saved' : 'paths.form.created') } });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const rowErrors = isApiError(error) ? courseErrors(error.fields, sent) : new Map<string, { prerequisites?: string; course?: string }>();
  const aboutFields = namesAnyField(error, FIELDS) || (isApiError(error) && error.fields.some((f) => isCourseField(f.field)));
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="lg">
        {error !== null && !aboutFields && <ErrorAlert error={error} />}
        <Section title={t('paths.form.details')}>
          <TextInput
            label={t('paths.form.title')}
            required
            value={values.title}
            onChange={(e) => {
              set('title', e.currentTarget.value);
            }}
            error={badTitle ?? fieldError(error, 'title')}
            maxLength={PATH_TITLE_MAX}
          />
          <Textarea
            label={t('paths.form.description')}
            value={values.description}
            onChange={(e) => {
              set('description', e.currentTarget.value);
            }}
            error={fieldError(error, 'description')}
            maxLength={PATH_DESCRIPTION_MAX}
            autosize
            minRows={3}
          />
          <DueField
            value={values.due}
            onChange={(due) => {
              set('due', due);
            }}
            error={fieldError(error, 'dueAt')}
            hint={t('paths.form.dueHint')}
            pastHint={t('paths.form.duePast')}
          />
          <Switch
            label={t('paths.form.certificate')}
            description={t('paths.form.certificateHint')}
            checked={values.certificateEnabled}
            onChange={(e) => {
              set('certificateEnabled', e.currentTarget.checked);
            }}
          />
        </Section>
        <Section title={t('paths.form.courses')} description={t('paths.form.coursesIntro')}>
          <Text size="sm">{t('paths.form.prerequisitesIntro')}</Text>
          {values.courses.length === 0 ? (
            <Text c={fieldError(error, 'courses') ? 'red' : 'dimmed'}>{fieldError(error, 'courses') ?? t('paths.form.noCourses')}</Text>
          ) : (
            <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('paths.form.courses')}>
              {values.courses.map((row, index) => (
                <CourseRow
                  key={row.courseId}
                  row={row}
                  index={index}
                  rows={values.courses}
                  errors={rowErrors.get(row.courseId)}
                  onChange={(courses) => {
                    set('courses', courses);
                  }}
                />
              ))}
            </Stack>
          )}
          {values.courses.length > 0 && fieldError(error, 'courses') && (
            <Text size="sm" c="red">
              {fieldError(error, 'courses')}
            </Text>
          )}
          <CourseAdder
            inPath={values.courses.map((row) => row.courseId)}
            onAdd={(course) => {
              set('courses', addCourse(values.courses, course));
            }}
          />
        </Section>
        <Group gap="sm">
          <Button type="submit" loading={busy}>
            {path ? t('paths.form.save') : t('paths.form.create')}
          </Button>
          <Button component={Link} to={path ? `/paths/${path.id}` : '/paths'} variant="default">
            {t('paths.form.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** `/paths/new` and `/paths/:pathId/edit`: the path editor. */
export function PathEditorPage({ pathId }: { pathId?: string | undefined }) {
  const { t } = useTranslation();
  const path = useQuery({ queryKey: pathKey(pathId ?? ''), queryFn: ({ signal }) => fetchPath(api, pathId ?? '', signal), enabled: pathId !== undefined });
  const heading = pathId === undefined ? t('paths.form.createTitle') : t('paths.form.editTitle', { title: path.data?.title ?? '' });
  usePageTitle(pathId === undefined || path.data ? heading : t('paths.title'));
  if (pathId !== undefined && path.error) return <LoadError error={path.error} onRetry={() => void path.refetch()} />;
  if (pathId !== undefined && !path.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  return (
    <Stack gap="lg" maw={900}>
      <Anchor component={Link} to={pathId === undefined ? '/paths' : `/paths/${pathId}`}>
        {pathId === undefined ? t('paths.back') : (path.data?.title ?? t('paths.back'))}
      </Anchor>
      <Title order={1}>{heading}</Title>
      <PathForm {...(path.data ? { path: path.data } : {})} />
    </Stack>
  );
}
