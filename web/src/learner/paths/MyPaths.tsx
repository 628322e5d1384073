import { Badge, Button, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { formatDate } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { certificatePdfUrl } from '../certificates/certificates.api';
import { fetchMyPaths, MY_PATHS_KEY, playPath, type MyPathCourseView, type MyPathView } from '../learner.api';
import { courseAction } from './courseAction';

const STATE_COLOURS: Record<MyPathView['state'], string> = { not_started: 'gray', in_progress: 'blue', completed: 'green' };

/** One course of a path: open (with its button to the player), locked until named courses are finished, or not available yet. */
function PathCourse({ course, position }: { course: MyPathCourseView; position: number }) {
  const { t } = useTranslation();
  const title = course.title;
  const action = courseAction(course.status);
  return (
    <Stack component="li" gap={4}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text fw={600} size="sm" style={{ flex: '1 1 160px' }}>
          {position}. {title}
        </Text>
        {course.availability === 'open' && course.status && (
          <Badge variant="light" color={action === 'review' ? 'green' : 'blue'} style={{ flexShrink: 0 }}>
            {t(`learner.status.${course.status}`)}
          </Badge>
        )}
      </Group>
      {course.availability === 'open' && course.enrolmentId && (
        <Group>
          <Button component={Link} to={playPath(course.enrolmentId)} size="xs" variant={action === 'review' ? 'default' : 'filled'} aria-label={t(`learner.${action}Label`, { title })}>
            {t(`learner.${action}`)}
          </Button>
        </Group>
      )}
      {course.availability === 'locked' && (
        <Text size="sm" c="dimmed">
          {t('learner.paths.locked', { titles: course.waitingFor.map((w) => w.title).join(', ') })}
        </Text>
      )}
      {course.availability === 'unavailable' && (
        <Text size="sm" c="dimmed">
          {t('learner.paths.unavailable')}
        </Text>
      )}
    </Stack>
  );
}

function PathCard({ path }: { path: MyPathView }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string) => formatDate(iso, i18n.language);
  const progress = t('learner.paths.progress', { done: path.coursesCompleted, total: path.coursesTotal });
  return (
    <Paper component="article" withBorder radius="md" p="md" aria-label={path.title}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h5">
            {path.title}
          </Title>
          <Badge color={STATE_COLOURS[path.state]} variant="light" style={{ flexShrink: 0 }}>
            {t(`learner.paths.states.${path.state}`)}
          </Badge>
        </Group>
        {path.description && (
          <Text size="sm" c="dimmed" lineClamp={3}>
            {path.description}
          </Text>
        )}
        <Progress value={path.percent} aria-label={progress} color={STATE_COLOURS[path.state]} />
        <Text size="sm">{progress}</Text>
        {path.completedAt && path.state === 'completed' ? (
          <Text size="sm">{t('learner.paths.completed', { date: date(path.completedAt) })}</Text>
        ) : (
          path.dueAt && (
            <Text size="sm" c={path.overdue ? 'red' : undefined} fw={path.overdue ? 600 : undefined}>
              {path.overdue ? t('learner.overdueSince', { date: date(path.dueAt) }) : t('learner.due', { date: date(path.dueAt) })}
            </Text>
          )
        )}
        <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('learner.paths.courses', { title: path.title })}>
          {path.courses.map((course, index) => (
            <PathCourse key={course.courseId} course={course} position={index + 1} />
          ))}
        </Stack>
        {path.certificateId && (
          <Group>
            <Button component="a" href={certificatePdfUrl(path.certificateId)} download size="sm" variant="light" aria-label={t('certificates.card.downloadLabel', { title: path.title })}>
              {t('certificates.card.download')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** The learner's learning paths (one query, shared by the page that waits for what is above its certificates). */
export function useMyPaths() {
  return useQuery({ queryKey: MY_PATHS_KEY, queryFn: ({ signal }) => fetchMyPaths(api, signal) });
}

/** The learner's learning paths, each with its progress and its courses in order; nothing when the learner is in none. */
export function MyPaths() {
  const { t } = useTranslation();
  const paths = useMyPaths();
  if (paths.error) return <LoadError error={paths.error} onRetry={() => void paths.refetch()} />;
  if (!paths.data || paths.data.length === 0) return null;
  return (
    <section aria-labelledby="learning-paths">
      <Title order={2} size="h3" id="learning-paths" mb="sm">
        {t('learner.paths.title')} ({paths.data.length})
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {paths.data.map((path) => (
          <PathCard key={path.pathEnrolmentId} path={path} />
        ))}
      </SimpleGrid>
    </section>
  );
}
