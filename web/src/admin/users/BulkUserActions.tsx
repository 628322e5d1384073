import { Button, Group, NativeSelect, Paper, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fetchCourses } from '../courses/courses.api';
import { enrolUsers } from '../enrolments/enrolments.api';
import { addMembers, fetchGroups, GROUPS_KEY } from '../groups/groups.api';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { ResetLinksModal } from './LinkHandoverModal';
import { sendPasswordResets, setUsersActive } from './users.api';

interface BulkUserActionsProps {
  userIds: string[];
  /** What happened, for the page's notice; the list is read again. */
  onDone: (notice: string) => void;
  onClear: () => void;
  /** The name of a selected user the page has loaded, to name one the server refuses. */
  nameOfUser: (userId: string) => string | undefined;
}

/**
 * What an administrator does to the selected users at once: deactivate, reactivate, add to a
 * group, enrol in a course. Each is all or none on the server (an unknown user refuses the whole
 * request).
 */
export function BulkUserActions({ userIds, onDone, onClear, nameOfUser }: BulkUserActionsProps) {
  const { t } = useTranslation();
  const [groupId, setGroupId] = useState('');
  const [courseId, setCourseId] = useState('');
  const [resetLinks, setResetLinks] = useState<{ email: string; link: string }[] | null>(null);
  const groups = useQuery({ queryKey: GROUPS_KEY, queryFn: ({ signal }) => fetchGroups(api, signal) });
  const courses = useQuery({ queryKey: ['learn', 'courses', 'bulk-picker'], queryFn: ({ signal }) => fetchCourses(api, 'status=published&limit=100', signal) });
  const action = useMutation({
    mutationFn: async (kind: 'deactivate' | 'reactivate' | 'group' | 'enrol'): Promise<string> => {
      if (kind === 'deactivate' || kind === 'reactivate') {
        const { changed } = await setUsersActive(api, userIds, kind === 'reactivate');
        return t('userDetail.statusChanged', { count: changed });
      }
      if (kind === 'group') {
        const { changed } = await addMembers(api, groupId, userIds);
        return t('userDetail.addedToGroup', { count: changed, group: groups.data?.groups.find((g) => g.id === groupId)?.name ?? '' });
      }
      const result = await enrolUsers(api, courseId, { userIds });
      return t('userDetail.enrolled', { count: result.created.length, course: courses.data?.courses.find((c) => c.id === courseId)?.title ?? '' });
    },
    onSuccess: onDone,
  });

  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-label={t('userDetail.bulkActions')}>
      <Group gap="md" align="flex-end">
        <Text fw={600} role="status" aria-live="polite">
          {t('userDetail.selected', { count: userIds.length })}
        </Text>
        <Button size="xs" variant="default" loading={action.isPending && action.variables === 'deactivate'} onClick={() => action.mutate('deactivate')}>
          {t('userDetail.deactivate')}
        </Button>
        <Button size="xs" variant="default" loading={action.isPending && action.variables === 'reactivate'} onClick={() => action.mutate('reactivate')}>
          {t('userDetail.reactivate')}
        </Button>
        <ConfirmAction
          label={t('userDetail.resetPasswords')}
          buttonProps={{ size: 'xs', variant: 'default' }}
          title={t('userDetail.resetPasswordsTitle', { count: userIds.length })}
          body={t('userDetail.resetPasswordsBody')}
          confirmLabel={t('userDetail.resetPasswords')}
          danger={false}
          nameOf={nameOfUser}
          onConfirm={async () => {
            // A refusal is shown in the question; mail off: the links are handed over to copy.
            const answer = await sendPasswordResets(api, userIds);
            if (answer.links) setResetLinks(answer.links);
            else onDone(t('userDetail.resetPasswordsSent', { count: answer.sent }));
          }}
        />
        <Group gap={6} align="flex-end">
          <NativeSelect
            size="xs"
            label={t('userDetail.pickGroup')}
            value={groupId}
            onChange={(event) => {
              setGroupId(event.currentTarget.value);
            }}
            data={[{ value: '', label: t('userDetail.chooseGroup') }, ...(groups.data?.groups ?? []).map((g) => ({ value: g.id, label: g.name }))]}
          />
          <Button size="xs" variant="default" disabled={groupId === ''} loading={action.isPending && action.variables === 'group'} onClick={() => action.mutate('group')}>
            {t('userDetail.addToGroup')}
          </Button>
        </Group>
        <Group gap={6} align="flex-end">
          <NativeSelect
            size="xs"
            label={t('userDetail.pickCourse')}
            value={courseId}
            onChange={(event) => {
              setCourseId(event.currentTarget.value);
            }}
            data={[{ value: '', label: t('userDetail.chooseCourse') }, ...(courses.data?.courses ?? []).map((c) => ({ value: c.id, label: c.title }))]}
          />
          <Button size="xs" variant="default" disabled={courseId === ''} loading={action.isPending && action.variables === 'enrol'} onClick={() => action.mutate('enrol')}>
            {t('userDetail.enrol')}
          </Button>
        </Group>
        <Button size="xs" variant="subtle" onClick={onClear}>
          {t('userDetail.clear')}
        </Button>
      </Group>
      {action.error && <ErrorAlert error={action.error} nameOf={nameOfUser} />}
      {resetLinks && (
        <ResetLinksModal
          links={resetLinks}
          onClose={() => {
            setResetLinks(null);
            onDone('');
          }}
        />
      )}
    </Paper>
  );
}
