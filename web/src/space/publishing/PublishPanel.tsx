import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { usePermissions } from '../../shared/auth/permissions';
import { FailureMessage } from '../../shared/forms/FailureMessage';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { currentLanguage } from '../../shared/i18n';
import { formatDateTime } from '../../shared/ui/format';
import { Section } from '../../shared/ui/Section';
import type { ItemView } from '../space.api';
import { spaceCan } from '../spaceRoles';
import { anyPending, lastCourse } from './publications';
import { fetchPublications, publicationsKey, publishToLearn, type PublicationView } from './publishing.api';

const STATUS_COLOURS = { pending: 'blue', published: 'green', failed: 'red' } as const;
/** A label as long as a course's title wraps instead of being cut off. */
const WRAPPING = { root: { height: 'auto', minHeight: 36, paddingBlock: 6 }, label: { whiteSpace: 'normal', textAlign: 'center' } } as const;

function PublicationCard({ publication, mayOpenCourses }: { publication: PublicationView; mayOpenCourses: boolean }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const course = publication.course;
  const title = course?.title ?? t('space.publish.untitled');
  return (
    <Paper component="li" withBorder p="sm" radius="md">
      <Stack gap={4}>
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={600}>
            {t('space.publish.versionN', { version: publication.version })}
          </Text>
          <Badge color={STATUS_COLOURS[publication.status]} variant="light">
            {t(`space.publish.statuses.${publication.status}`)}
          </Badge>
        </Group>
        {course && (
          <Text size="sm">
            {t('space.publish.inCourse')}{' '}
            {mayOpenCourses ? (
              <Anchor component={Link} to={`/courses/${course.id}`}>
                {title}
              </Anchor>
            ) : (
              title
            )}
            {course.version !== null && ` (${t('space.publish.courseVersion', { version: course.version })})`}
          </Text>
        )}
        {publication.status === 'pending' && (
          <Text size="sm" c="dimmed">
            {t('space.publish.pendingHint')}
          </Text>
        )}
        {publication.status === 'failed' && (
          <Text size="sm">
            {t('space.publish.failedHint')} <code>{publication.errorCode ?? '—'}</code>
          </Text>
        )}
        <Text size="xs" c="dimmed">
          <time dateTime={publication.createdAt}>{formatDateTime(publication.createdAt, language)}</time>
        </Text>
      </Stack>
    </Paper>
  );
}

/**
 * "Publish to Learn" of a course package (for who may edit it in Space and publish courses in
 * Learn), and where it is published: Learn imports it in the background, the list follows until done.
 */
export function PublishPanel({ file }: { file: ItemView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const permissions = usePermissions().data?.granted;
  const mayPublish = spaceCan(file.role, 'edit') && permissions?.has('learn.courses.publish') === true;
  const mayOpenCourses = permissions?.has('learn.courses.manage') === true;
  const publications = useQuery({
    queryKey: publicationsKey(file.id),
    queryFn: ({ signal }) => fetchPublications(api, file.id, signal),
    refetchInterval: (query) => (anyPending(query.state.data ?? []) ? 1500 : false),
  });
  const [busy, setBusy] = useState<'new' | 'update' | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const previous = lastCourse(publications.data ?? []);
  const publish = (courseId: string | null) => {
    setBusy(courseId ? 'update' : 'new');
    setFailure(null);
    setNotice(null);
    publishToLearn(api, file.id, { courseId })
      .then(() => {
        setNotice(t('space.publish.queued'));
        return queryClient.invalidateQueries({ queryKey: publicationsKey(file.id) });
      })
      .catch((error: unknown) => setFailure(error))
      .finally(() => setBusy(null));
  };
  return (
    <Section title={t('space.publish.title')} description={mayPublish ? t('space.publish.intro', { version: file.currentVersion ?? 1 }) : undefined}>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {mayPublish && (
        <Group gap="sm">
          {previous ? (
            <>
              <Button styles={WRAPPING} loading={busy === 'update'} disabled={busy !== null} onClick={() => publish(previous.id)}>
                {t('space.publish.update', { title: previous.title ?? t('space.publish.untitled') })}
              </Button>
              <Button styles={WRAPPING} variant="default" loading={busy === 'new'} disabled={busy !== null} onClick={() => publish(null)}>
                {t('space.publish.asNew')}
              </Button>
            </>
          ) : (
            <Button loading={busy === 'new'} onClick={() => publish(null)}>
              {t('space.publish.publish')}
            </Button>
          )}
        </Group>
      )}
      {failure !== null && (
        <Alert color="red" role="alert">
          <FailureMessage error={failure} />
        </Alert>
      )}
      {publications.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {publications.error && (
        <Alert color="red" role="alert">
          <FailureMessage error={publications.error} />
        </Alert>
      )}
      {publications.data && publications.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('space.publish.none')}
        </Text>
      )}
      {publications.data && publications.data.length > 0 && (
        <Stack component="ul" gap="sm" aria-label={t('space.publish.where')} style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-live="polite">
          {publications.data.map((publication) => (
            <PublicationCard key={publication.id} publication={publication} mayOpenCourses={mayOpenCourses} />
          ))}
        </Stack>
      )}
    </Section>
  );
}
