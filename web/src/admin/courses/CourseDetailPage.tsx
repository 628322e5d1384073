import { Anchor, Button, Group, Loader, Modal, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { usePermissions } from '../../shared/auth/permissions';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { CourseEnrolmentsPanel } from '../enrolments/CourseEnrolmentsPanel';
import { CourseReportPanel } from '../reports/CourseReportPanel';
import { copyCourse, COURSES_KEY, deleteCourse, fetchCourse, setCourseStatus, updateCourse, type CourseStatusValue, type CourseView } from './courses.api';
import { CertificatePanel } from './CertificatePanel';
import { CourseForm, formValuesOf } from './CourseForm';
import { CoverPanel } from './CoverPanel';
import { PackageUploadPanel } from './PackageUploadPanel';
import { StatusBadge } from './StatusBadge';
import { VersionsTable } from './VersionsTable';

const STATUS_NOTES = { published: 'courses.published', archived: 'courses.archived', draft: 'courses.drafted' } as const satisfies Record<CourseStatusValue, string>;

/** `/courses/:courseId`: details, status, versions and upload, and the enrolments and report tabs. */
export function CourseDetailPage() {
  const { t } = useTranslation();
  const { courseId = '' } = useParams();
  const queryClient = useQueryClient();
  const key = [...COURSES_KEY, courseId];
  const course = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchCourse(api, courseId, signal) });
  // Operator staff under a grant may not open the player (its credential would outlast the grant).
  const mayPreview = usePermissions().data?.granted.has('learn.courses.preview') === true;
  usePageTitle(course.data?.title ?? t('courses.title'));
  const [editing, setEditing] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  // A notice the page that led here left (a copy was made), shown once.
  const [notice, setNotice] = useState<string | null>(() => (location.state as { notice?: string } | null)?.notice ?? null);
  const [statusError, setStatusError] = useState<unknown>(null);

  const show = (next: CourseView) => {
    queryClient.setQueryData(key, next);
    void queryClient.invalidateQueries({ queryKey: [...COURSES_KEY, 'list'] });
  };
  const changeStatus = async (status: CourseStatusValue) => {
    setStatusError(null);
    setNotice(null);
    try {
      show(await setCourseStatus(api, courseId, status));
      setNotice(t(STATUS_NOTES[status]));
    } catch (error) {
      setStatusError(error);
    }
  };

  if (course.error) return <LoadError error={course.error} onRetry={() => void course.refetch()} />;
  if (!course.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  const data = course.data;

  return (
    <Stack gap="lg" maw={1100}>
      <Anchor component={Link} to="..">
        {t('courses.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{data.title}</Title>
          <Group gap="xs">
            <StatusBadge status={data.status} />
            {data.category && <Text size="sm">{data.category.name}</Text>}
            {data.language && <Text size="sm">{data.language}</Text>}
          </Group>
          {data.description && <Text>{data.description}</Text>}
        </Stack>
        <Group gap="sm">
          {data.currentVersion && mayPreview && (
            <Button component={Link} to={`/play/preview/${data.currentVersion.id}`} variant="default">
              {t('courses.actions.preview')}
            </Button>
          )}
          <Button
            variant="default"
            onClick={() => {
              setEditing(true);
            }}
          >
            {t('courses.actions.edit')}
          </Button>
          {data.status !== 'published' && <Button onClick={() => void changeStatus('published')}>{t('courses.actions.publish')}</Button>}
          {data.status === 'published' && (
            <ConfirmAction
              label={t('courses.actions.archive')}
              buttonProps={{ size: 'sm', variant: 'default', color: 'gray' }}
              title={t('courses.archiveConfirm.title')}
              body={t('courses.archiveConfirm.body')}
              confirmLabel={t('courses.archiveConfirm.confirm')}
              danger={false}
              onConfirm={async () => {
                setStatusError(null);
                setNotice(null);
                show(await setCourseStatus(api, courseId, 'archived'));
                setNotice(t(STATUS_NOTES.archived));
              }}
            />
          )}
          {data.status === 'archived' && (
            <Button variant="default" onClick={() => void changeStatus('draft')}>
              {t('courses.actions.toDraft')}
            </Button>
          )}
          <Button
            variant="default"
            onClick={() => {
              setStatusError(null);
              copyCourse(api, courseId)
                .then((copy) => {
                  void queryClient.invalidateQueries({ queryKey: [...COURSES_KEY, 'list'] });
                  void navigate(`../${copy.id}`, { relative: 'path', state: { notice: t('courses.copy.done') } });
                })
                .catch(setStatusError);
            }}
          >
            {t('courses.copy.button')}
          </Button>
          {data.status !== 'published' && (
            <ConfirmAction
              label={t('courses.deleteConfirm.button')}
              buttonProps={{ size: 'sm' }}
              title={t('courses.deleteConfirm.title')}
              body={t('courses.deleteConfirm.body')}
              confirmLabel={t('courses.deleteConfirm.confirm')}
              onConfirm={async () => {
                await deleteCourse(api, courseId);
                void queryClient.invalidateQueries({ queryKey: [...COURSES_KEY, 'list'] });
                void navigate('..', { relative: 'path', state: { notice: t('courses.deleteConfirm.done', { title: data.title }) } });
              }}
            />
          )}
        </Group>
      </Group>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {statusError !== null && <ErrorAlert error={statusError} />}

      <Modal
        opened={editing}
        onClose={() => {
          setEditing(false);
        }}
        title={t('courses.form.editTitle')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('app.close') }}
      >
        <CourseForm
          initial={formValuesOf(data)}
          submitLabel={t('courses.form.save')}
          onCancel={() => {
            setEditing(false);
          }}
          onSubmit={async (values) => {
            show(await updateCourse(api, courseId, values));
            setEditing(false);
            setNotice(t('courses.form.saved'));
          }}
        />
      </Modal>

      {/* A note on what was just done belongs to the panel it was done on: another panel starts without it. */}
      <Tabs defaultValue="content" keepMounted={false} onChange={() => setNotice(null)}>
        <Tabs.List mb="md">
          <Tabs.Tab value="content">{t('courses.tabs.content')}</Tabs.Tab>
          <Tabs.Tab value="enrolments">{t('courses.tabs.enrolments')}</Tabs.Tab>
          <Tabs.Tab value="report">{t('courses.tabs.report')}</Tabs.Tab>
          <Tabs.Tab value="certificate">{t('certificates.admin.tab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="content">
          <Stack gap="lg">
            <Stack gap="xs">
              <Title order={2} size="h3">
                {t('courses.versions.heading')}
              </Title>
              <VersionsTable courseId={courseId} />
            </Stack>
            <PackageUploadPanel
              courseId={courseId}
              onImported={(result) => {
                show(result.course);
                void queryClient.invalidateQueries({ queryKey: [...COURSES_KEY, courseId, 'versions'] });
              }}
            />
            <CoverPanel course={data} onChanged={show} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="enrolments">
          <CourseEnrolmentsPanel courseId={courseId} />
        </Tabs.Panel>
        <Tabs.Panel value="report">
          <CourseReportPanel courseId={courseId} />
        </Tabs.Panel>
        <Tabs.Panel value="certificate">
          <CertificatePanel courseId={courseId} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
