import { Anchor, Badge, Button, Group, List, Loader, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { usePermissions } from '../../shared/auth/permissions';
import { canVisit } from '../../shared/auth/roles';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDate } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { IssuedCertificates } from '../courses/IssuedCertificates';
import { StatusBadge } from '../courses/StatusBadge';
import { EnrolGroupForm, EnrolUsersForm } from '../enrolments/EnrolForms';
import { displayName } from '../groups/UserSearch';
import {
  deletePath,
  enrolGroupInPath,
  enrolInPath,
  fetchPath,
  fetchPathCertificates,
  fetchPathEnrolments,
  pathCertificatesKey,
  pathEnrolmentsKey,
  pathKey,
  PATHS_KEY,
  removePathEnrolment,
  removePathGroup,
  type PathView,
} from './paths.api';

/** The path's courses in order, each with the courses it waits for (a link to the course for those who keep courses). */
function PathCourses({ path, canOpenCourses }: { path: PathView; canOpenCourses: boolean }) {
  const { t } = useTranslation();
  const titleOf = new Map(path.courses.map((course) => [course.courseId, course.title]));
  return (
    <Section title={t('paths.detail.courses')}>
      <List type="ordered" spacing="xs">
        {path.courses.map((course) => (
          <List.Item key={course.courseId}>
            <Group gap="xs">
              {canOpenCourses ? (
                <Anchor component={Link} to={`/courses/${course.courseId}`}>
                  {course.title}
                </Anchor>
              ) : (
                <Text span>{course.title}</Text>
              )}
              {course.courseStatus !== 'published' && <StatusBadge status={course.courseStatus} />}
            </Group>
            <Text size="sm" c="dimmed">
              {course.prerequisites.length === 0
                ? t('paths.detail.openAtOnce')
                : t('paths.detail.requires', { titles: course.prerequisites.map((id) => titleOf.get(id) ?? id).join(', ') })}
              {course.courseStatus !== 'published' && ` · ${t('paths.form.notPublished')}`}
            </Text>
          </List.Item>
        ))}
      </List>
    </Section>
  );
}

/** The groups enrolled in the path; adding and removing one for those who enrol. */
function PathGroups({ path, canEnrol, onDone }: { path: PathView; canEnrol: boolean; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  return (
    <Section title={t('paths.groups.title')} description={t('paths.groups.intro')}>
      {canEnrol && (
        <EnrolGroupForm
          title={t('paths.groups.add')}
          submitLabel={t('paths.groups.submit')}
          enrol={async (groupId, includeSubgroups) => {
            const result = await enrolGroupInPath(api, path.id, { groupId, includeSubgroups });
            return t('paths.groups.done', { count: result.enrolled });
          }}
          onDone={onDone}
        />
      )}
      {path.groups.length === 0 ? (
        <Text c="dimmed">{t('paths.groups.none')}</Text>
      ) : (
        <DataTable caption={t('paths.groups.caption')} minWidth={420} actions={canEnrol} headers={[t('paths.groups.group'), t('paths.groups.subgroups')]}>
          {path.groups.map((g) => (
            <Table.Tr key={g.id}>
              <Table.Td>{g.groupName}</Table.Td>
              <Table.Td>{g.includeSubgroups ? t('enrolments.groups.yes') : t('enrolments.groups.no')}</Table.Td>
              {canEnrol && (
                <Table.Td>
                  <ConfirmAction
                    label={t('paths.groups.remove')}
                    ariaLabel={t('paths.groups.removeLabel', { name: g.groupName })}
                    title={t('paths.groups.removeTitle', { name: g.groupName })}
                    body={t('paths.groups.removeBody')}
                    confirmLabel={t('paths.groups.remove')}
                    onConfirm={async () => {
                      const result = await removePathGroup(api, g.id);
                      onDone(t('paths.left', { count: result.removed, kept: result.kept }));
                    }}
                  />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}

/** The learners in the path with their progress; enrolling and removing them for those who enrol. */
function PathLearners({ pathId, canEnrol, onDone }: { pathId: string; canEnrol: boolean; onDone: (text: string) => void }) {
  const { t, i18n } = useTranslation();
  const enrolments = useQuery({ queryKey: pathEnrolmentsKey(pathId), queryFn: ({ signal }) => fetchPathEnrolments(api, pathId, signal) });
  return (
    <Section title={t('paths.learners.title')}>
      {canEnrol && (
        <EnrolUsersForm
          title={t('paths.learners.add')}
          enrolled={enrolments.data?.map((e) => e.userId) ?? []}
          submitLabel={(count) => t('paths.learners.submit', { count })}
          enrol={async (userIds) => {
            const result = await enrolInPath(api, pathId, { userIds });
            return t('paths.learners.done', { created: result.created.length, already: result.alreadyEnrolled });
          }}
          onDone={onDone}
        />
      )}
      {enrolments.error && <LoadError error={enrolments.error} onRetry={() => void enrolments.refetch()} />}
      {enrolments.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {enrolments.data?.length === 0 && <Text c="dimmed">{t('paths.learners.none')}</Text>}
      {enrolments.data && enrolments.data.length > 0 && (
        <DataTable
          caption={t('paths.learners.caption')}
          minWidth={860}
          actions={canEnrol}
          headers={[t('paths.learners.name'), t('paths.learners.email'), t('paths.learners.source'), t('paths.learners.progress'), t('paths.learners.state'), t('paths.learners.completed')]}
        >
          {enrolments.data.map((e) => {
            const name = displayName(e);
            return (
              <Table.Tr key={e.id}>
                <Table.Td>{name}</Table.Td>
                <Table.Td>{e.email}</Table.Td>
                <Table.Td>{e.source === 'group' ? t('paths.learners.group', { name: e.groupName ?? '' }) : t('paths.learners.direct')}</Table.Td>
                <Table.Td miw={140}>
                  <Text size="sm">
                    {t('paths.learners.coursesDone', { done: e.coursesCompleted, total: e.coursesTotal })} ({e.percent} %)
                  </Text>
                  <Progress value={e.percent} size="sm" mt={4} aria-label={t('paths.learners.progressLabel', { name })} color={e.state === 'completed' ? 'green' : 'blue'} />
                </Table.Td>
                <Table.Td>
                  {t(`paths.learners.states.${e.state}`)}{' '}
                  {e.overdue && (
                    <Badge color="red" variant="light" size="sm">
                      {t('paths.learners.overdue')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{e.completedAt ? formatDate(e.completedAt, i18n.language) : '–'}</Table.Td>
                {canEnrol && (
                  <Table.Td>
                    {e.source === 'group' ? (
                      <Text size="xs" c="dimmed" maw={220}>
                        {t('paths.learners.fromGroup')}
                      </Text>
                    ) : (
                      <ConfirmAction
                        label={t('paths.learners.remove')}
                        ariaLabel={t('paths.learners.removeLabel', { name })}
                        title={t('paths.learners.removeTitle', { name })}
                        body={t('paths.learners.removeBody', { name })}
                        confirmLabel={t('paths.learners.remove')}
                        onConfirm={async () => {
                          const result = await removePathEnrolment(api, e.id);
                          onDone(t('paths.left', { count: result.removed, kept: result.kept }));
                        }}
                      />
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </DataTable>
      )}
    </Section>
  );
}

/** `/paths/:pathId`: the path's courses, the groups and learners in it with their progress. */
export function PathDetailPage() {
  const { t, i18n } = useTranslation();
  const { pathId = '' } = useParams();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const permissions = usePermissions().data;
  const granted = permissions?.granted;
  const canManage = granted?.has('learn.paths.manage') === true;
  const canEnrol = granted?.has('learn.paths.enrol') === true;
  const path = useQuery({ queryKey: pathKey(pathId), queryFn: ({ signal }) => fetchPath(api, pathId, signal) });
  usePageTitle(path.data?.title ?? t('paths.title'));
  // A notice the editor left (the path was saved), shown once.
  const [notice, setNotice] = useState<string | null>(() => (location.state as { notice?: string } | null)?.notice ?? null);
  const done = (text: string) => {
    setNotice(text);
    void queryClient.invalidateQueries({ queryKey: PATHS_KEY });
  };

  if (path.error) return <LoadError error={path.error} onRetry={() => void path.refetch()} />;
  if (!path.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  const data = path.data;

  return (
    <Stack gap="lg" maw={1100}>
      <Anchor component={Link} to="..">
        {t('paths.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4} maw={720}>
          <Title order={1}>{data.title}</Title>
          <Group gap="xs">
            <Text size="sm">{data.dueAt ? t('paths.detail.due', { date: formatDate(data.dueAt, i18n.language) }) : t('paths.detail.noDue')}</Text>
            {data.certificateEnabled && (
              <Badge variant="light" color="green">
                {t('paths.withCertificate')}
              </Badge>
            )}
          </Group>
          {data.description && <Text style={{ whiteSpace: 'pre-line' }}>{data.description}</Text>}
        </Stack>
        {canManage && (
          <Group gap="sm">
            <Button component={Link} to="edit" variant="default">
              {t('paths.detail.edit')}
            </Button>
            <ConfirmAction
              label={t('paths.detail.delete')}
              buttonProps={{ size: 'sm' }}
              title={t('paths.detail.deleteTitle', { title: data.title })}
              body={t('paths.detail.deleteBody')}
              confirmLabel={t('paths.detail.delete')}
              onConfirm={async () => {
                const result = await deletePath(api, pathId);
                queryClient.removeQueries({ queryKey: pathKey(pathId) });
                await queryClient.invalidateQueries({ queryKey: PATHS_KEY });
                void navigate('..', { relative: 'path', state: { notice: t('paths.detail.deleted', { title: data.title, count: result.removed, kept: result.kept }) } });
              }}
            />
          </Group>
        )}
      </Group>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      <PathCourses path={data} canOpenCourses={permissions !== undefined && canVisit(permissions.navigable, '/courses')} />
      <PathGroups path={data} canEnrol={canEnrol} onDone={done} />
      <PathLearners pathId={pathId} canEnrol={canEnrol} onDone={done} />
      {granted?.has('learn.certificates.view') === true && (
        <Section title={t('paths.certificates.title')}>
          <IssuedCertificates queryKey={pathCertificatesKey(pathId)} load={(signal) => fetchPathCertificates(api, pathId, signal)} caption={t('paths.certificates.caption')} />
        </Section>
      )}
    </Stack>
  );
}
