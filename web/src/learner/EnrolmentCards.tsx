import { Badge, Button, Group, Image, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDate } from '../shared/ui/format';
import { certificatePdfUrl } from './certificates/certificates.api';
import { useMyCertificates } from './certificates/MyCertificates';
import { playPath, type MyEnrolmentView } from './learner.api';

type Bucket = MyEnrolmentView['bucket'];
const BUCKETS: readonly Bucket[] = ['overdue', 'due_soon', 'in_progress', 'not_started', 'completed'];
const BUCKET_COLOURS: Record<Bucket, string> = { overdue: 'red', due_soon: 'orange', in_progress: 'blue', not_started: 'gray', completed: 'green' };

/** A course's cover image (decorative: the title beside it names the course). */
export function CourseCover({ courseId }: { courseId: string }) {
  return <Image src={`/api/learn/courses/${courseId}/cover`} alt="" h={120} radius="sm" fit="cover" loading="lazy" />;
}

function EnrolmentCard({ enrolment }: { enrolment: MyEnrolmentView }) {
  const { t, i18n } = useTranslation();
  const title = enrolment.courseTitle;
  const date = (iso: string) => formatDate(iso, i18n.language);
  const action =
    enrolment.bucket === 'completed' ? 'review' : enrolment.status === 'not_started' ? 'start' : 'continue';
  // The certificates are one query for all cards; a completed course's valid certificate is offered here.
  const certificates = useMyCertificates();
  const certificate = enrolment.bucket === 'completed' ? certificates.data?.certificates.find((c) => c.enrolmentId === enrolment.id && c.state === 'valid') : undefined;
  return (
    <Paper component="article" withBorder radius="md" p="md" aria-label={title}>
      <Stack gap="xs">
        {enrolment.hasCover && <CourseCover courseId={enrolment.courseId} />}
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h5">
            {title}
          </Title>
          {/* The status is never cut short: the title wraps instead. */}
          <Badge color={BUCKET_COLOURS[enrolment.bucket]} variant="light" style={{ flexShrink: 0 }}>
            {t(`learner.status.${enrolment.status}`)}
          </Badge>
        </Group>
        {enrolment.courseDescription && (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {enrolment.courseDescription}
          </Text>
        )}
        <Progress value={enrolment.progressPercent} aria-label={t('learner.progressLabel', { title })} color={BUCKET_COLOURS[enrolment.bucket]} />
        <Text size="sm">{t('learner.progress', { percent: enrolment.progressPercent })}</Text>
        {enrolment.scorePercent !== null && <Text size="sm">{t('learner.score', { score: Math.round(enrolment.scorePercent) })}</Text>}
        {enrolment.completedAt && enrolment.bucket === 'completed' ? (
          <Text size="sm">{t('learner.completedOn', { date: date(enrolment.completedAt) })}</Text>
        ) : (
          enrolment.dueAt && (
            <Text size="sm" c={enrolment.overdue ? 'red' : enrolment.dueSoon ? 'orange.8' : undefined} fw={enrolment.overdue || enrolment.dueSoon ? 600 : undefined}>
              {enrolment.overdue ? t('learner.overdueSince', { date: date(enrolment.dueAt) }) : t('learner.due', { date: date(enrolment.dueAt) })}
            </Text>
          )
        )}
        {enrolment.available ? (
          <Group>
            <Button component={Link} to={playPath(enrolment.id)} size="sm" variant={action === 'review' ? 'default' : 'filled'} aria-label={t(`learner.${action}Label`, { title })}>
              {t(`learner.${action}`)}
            </Button>
            {certificate && (
              <Button component="a" href={certificatePdfUrl(certificate.id)} download size="sm" variant="light" aria-label={t('certificates.card.downloadLabel', { title })}>
                {t('certificates.card.download')}
              </Button>
            )}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('learner.archived')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** The learner's enrolments in sections: overdue, due soon, in progress, not started, completed (empty sections left out). */
export function EnrolmentSections({ enrolments }: { enrolments: MyEnrolmentView[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xl">
      {BUCKETS.map((bucket) => {
        const items = enrolments.filter((e) => e.bucket === bucket);
        if (items.length === 0) return null;
        const headingId = `bucket-${bucket}`;
        return (
          <section key={bucket} aria-labelledby={headingId}>
            <Title order={2} size="h3" id={headingId} mb="sm">
              {t(`learner.buckets.${bucket}`)} ({items.length})
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
              {items.map((enrolment) => (
                <EnrolmentCard key={enrolment.id} enrolment={enrolment} />
              ))}
            </SimpleGrid>
          </section>
        );
      })}
    </Stack>
  );
}
