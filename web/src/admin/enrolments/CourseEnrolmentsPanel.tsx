import { Badge, Button, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { usePermissions } from '../../shared/auth/permissions';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { formatDate } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { DataTable } from '../../shared/ui/DataTable';
import { displayName } from '../groups/UserSearch';
import { dateInputFromDueAt, dueAtFromDateInput } from './dueDate';
import { DueField } from './DueField';
import { EnrolGroupForm, EnrolUsersForm } from './EnrolForms';
import {
  changeDue,
  courseEnrolmentsKey,
  enrolGroup,
  enrolUsers,
  fetchCourseEnrolments,
  removeGroupEnrolment,
  resetAttempt,
  unenrol,
  type CourseEnrolmentView,
} from './enrolments.api';

function DueDialog({ enrolment, onClose, onSaved }: { enrolment: CourseEnrolmentView | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [due, setDue] = useState(dateInputFromDueAt(enrolment?.dueAt ?? null));
  const mutation = useMutation({
    mutationFn: () => changeDue(api, enrolment!.id, dueAtFromDateInput(due)),
    onSuccess: () => {
      onSaved();
      onClose();
    },
  });
  const name = enrolment ? displayName(enrolment) : '';
  return (
    <Modal opened={enrolment !== null} onClose={onClose} title={t('enrolments.list.changeDueTitle', { name })} centered closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          mutation.mutate();
        }}
        noValidate
      >
        <Stack gap="md">
          {mutation.error && <ErrorAlert error={mutation.error} />}
          <DueField value={due} onChange={setDue} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t('enrolments.list.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The enrolments of one course (users and groups, due dates, unenrol, reset); shown on the course page. */
export function CourseEnrolmentsPanel({ courseId }: { courseId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<CourseEnrolmentView | null>(null);
  // Enrolling needs what the server's enrolments policy grants; until the permissions are known, nothing to act on shows.
  const canEnrol = usePermissions().data?.granted.has('learn.enrolments.manage') === true;
  const key = courseEnrolmentsKey(courseId);
  const data = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchCourseEnrolments(api, courseId, signal) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const done = (text: string) => {
    setNotice(text);
    void refresh();
  };
  const date = (iso: string | null) => (iso ? formatDate(iso, i18n.language) : t('enrolments.noDue'));

  return (
    <Section title={t('enrolments.title')}>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {canEnrol && (
        <Stack gap="xl">
          <EnrolUsersForm
            title={t('enrolments.users.title')}
            withDue
            enrolled={data.data?.enrolments.map((e) => e.userId) ?? []}
            submitLabel={(count) => t('enrolments.users.submit', { count })}
            enrol={async (userIds, dueAt) => {
              const result = await enrolUsers(api, courseId, { userIds, ...(dueAt ? { dueAt } : {}) });
              return t('enrolments.users.done', { created: result.created.length, already: result.alreadyEnrolled });
            }}
            onDone={done}
          />
          <EnrolGroupForm
            title={t('enrolments.group.title')}
            withDue
            submitLabel={t('enrolments.group.submit')}
            enrol={async (groupId, includeSubgroups, dueAt) => {
              const result = await enrolGroup(api, courseId, { groupId, includeSubgroups, ...(dueAt ? { dueAt } : {}) });
              return t('enrolments.group.done', { count: result.created.length });
            }}
            onDone={done}
          />
        </Stack>
      )}
      {data.error && <LoadError error={data.error} onRetry={() => void data.refetch()} />}
      {data.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {data.data && (
        <>
          <Title order={3} size="h4">
            {t('enrolments.groups.title')}
          </Title>
          {data.data.groups.length === 0 ? (
            <Text c="dimmed">{t('enrolments.groups.none')}</Text>
          ) : (
            <DataTable
              caption={t('enrolments.groups.title')}
              minWidth={560}
              actions
              headers={[t('enrolments.groups.group'), t('enrolments.dueDate'), t('enrolments.groups.subgroups'), t('enrolments.groups.count')]}
            >
              {data.data.groups.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td>{g.groupName}</Table.Td>
                  <Table.Td>{date(g.dueAt)}</Table.Td>
                  <Table.Td>{g.includeSubgroups ? t('enrolments.groups.yes') : t('enrolments.groups.no')}</Table.Td>
                  <Table.Td>{g.enrolmentCount}</Table.Td>
                  <Table.Td>
                    {canEnrol && (
                      <ConfirmAction
                        label={t('enrolments.groups.remove')}
                        ariaLabel={t('enrolments.groups.removeLabel', { name: g.groupName })}
                        title={t('enrolments.groups.removeTitle', { name: g.groupName })}
                        body={t('enrolments.groups.removeBody')}
                        confirmLabel={t('enrolments.groups.remove')}
                        onConfirm={async () => {
                          const result = await removeGroupEnrolment(api, g.id);
                          done(t('enrolments.groups.removed', { count: result.removed, kept: result.kept }));
                        }}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}

          <Title order={3} size="h4">
            {t('enrolments.list.title')}
          </Title>
          {data.data.enrolments.length === 0 ? (
            <Text c="dimmed">{t('enrolments.list.none')}</Text>
          ) : (
            <DataTable
              caption={t('enrolments.list.title')}
              minWidth={900}
              actions
              headers={[t('enrolments.list.name'), t('enrolments.list.email'), t('enrolments.list.source'), t('enrolments.dueDate'), t('enrolments.list.status'), t('enrolments.list.score')]}
            >
              {data.data.enrolments.map((e) => {
                const name = displayName(e);
                return (
                  <Table.Tr key={e.id}>
                    <Table.Td>{name}</Table.Td>
                    <Table.Td>{e.email}</Table.Td>
                    <Table.Td>
                      {e.source === 'group'
                        ? t('enrolments.list.sources.group', { name: e.groupName ?? '' })
                        : e.source === 'path'
                          ? t('enrolments.list.sources.path', { name: e.pathTitle ?? '' })
                          : t(`enrolments.list.sources.${e.source}`)}
                    </Table.Td>
                    <Table.Td>
                      {date(e.dueAt)}{' '}
                      {e.overdue && (
                        <Badge color="red" variant="light" size="sm">
                          {t('enrolments.list.overdue')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{t(`enrolments.statuses.${e.status}`)}</Table.Td>
                    <Table.Td>{e.scorePercent === null ? '–' : `${String(Math.round(e.scorePercent))} %`}</Table.Td>
                    <Table.Td>
                      {canEnrol && (
                        <Stack gap={4}>
                          <Group gap={6} wrap="nowrap">
                            <Button
                              size="xs"
                              variant="default"
                              aria-label={t('enrolments.list.changeDueLabel', { name })}
                              onClick={() => {
                                setEditing(e);
                              }}
                            >
                              {t('enrolments.list.changeDue')}
                            </Button>
                            <ConfirmAction
                              label={t('enrolments.list.reset')}
                              ariaLabel={t('enrolments.list.resetLabel', { name })}
                              title={t('enrolments.list.resetTitle', { name })}
                              body={t('enrolments.list.resetBody')}
                              confirmLabel={t('enrolments.list.reset')}
                              buttonProps={{ variant: 'default' }}
                              onConfirm={async () => {
                                await resetAttempt(api, e.id);
                                done(t('enrolments.list.resetDone', { name }));
                              }}
                            />
                            {e.source !== 'group' && e.source !== 'path' && (
                              <ConfirmAction
                                label={t('enrolments.list.unenrol')}
                                ariaLabel={t('enrolments.list.unenrolLabel', { name })}
                                title={t('enrolments.list.unenrolTitle', { name })}
                                body={t('enrolments.list.unenrolBody')}
                                confirmLabel={t('enrolments.list.unenrol')}
                                onConfirm={async () => {
                                  await unenrol(api, e.id);
                                  await refresh();
                                }}
                              />
                            )}
                          </Group>
                          {(e.source === 'group' || e.source === 'path') && (
                            <Text size="xs" c="dimmed" maw={260}>
                              {t(e.source === 'group' ? 'enrolments.list.fromGroup' : 'enrolments.list.fromPath')}
                            </Text>
                          )}
                        </Stack>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </DataTable>
          )}
        </>
      )}
      {editing && <DueDialog key={editing.id} enrolment={editing} onClose={() => { setEditing(null); }} onSaved={() => void refresh()} />}
    </Section>
  );
}
