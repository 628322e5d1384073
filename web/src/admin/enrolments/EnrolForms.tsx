import { Button, Checkbox, Group, NativeSelect, Stack, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError } from '../../shared/forms/fieldErrors';
import { LoadError } from '../../shared/ui/LoadError';
import { displayName } from '../groups/UserSearch';
import { dueAtFromDateInput } from './dueDate';
import { DueField } from './DueField';
import { PickedUsers } from './PickedUsers';
import { useGroupOptions } from './useGroupOptions';

interface EnrolFormProps {
  title: string;
  /** With a due date of its own (a course's enrolments); a path's learners are due by the path's. */
  withDue?: boolean;
  onDone: (text: string) => void;
}

interface EnrolUsersFormProps extends EnrolFormProps {
  /** Users in already. */
  enrolled: readonly string[];
  /** The button's text for so many users picked. */
  submitLabel: (count: number) => string;
  /** Enrols the users picked; answers what to tell. */
  enrol: (userIds: string[], dueAt: string | null) => Promise<string>;
}

/** Enrols users found by name or e-mail, several at once. */
export function EnrolUsersForm({ title, withDue = false, submitLabel, onDone, enrolled, enrol }: EnrolUsersFormProps) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<UserView[]>([]);
  const [due, setDue] = useState('');
  const mutation = useMutation({
    mutationFn: () => enrol(picked.map((u) => u.id), dueAtFromDateInput(due)),
    onSuccess: (text) => {
      setPicked([]);
      onDone(text);
    },
  });
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate();
  };
  const names = new Map(picked.map((u) => [u.id, displayName(u)]));
  return (
    <form onSubmit={onSubmit} noValidate aria-label={title}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {title}
        </Title>
        {mutation.error && <ErrorAlert error={mutation.error} nameOf={(value) => names.get(value)} />}
        <PickedUsers label={t('enrolments.users.search')} enrolled={enrolled} picked={picked} onChange={setPicked} />
        <Group align="flex-end" gap="sm">
          {withDue && <DueField value={due} onChange={setDue} error={fieldError(mutation.error, 'dueAt')} />}
          <Button type="submit" disabled={picked.length === 0} loading={mutation.isPending}>
            {submitLabel(picked.length)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface EnrolGroupFormProps extends EnrolFormProps {
  submitLabel: string;
  /** Enrols the group chosen; answers what to tell. */
  enrol: (groupId: string, includeSubgroups: boolean, dueAt: string | null) => Promise<string>;
}

/** Enrols a group, by default with its sub-groups. */
export function EnrolGroupForm({ title, withDue = false, submitLabel, onDone, enrol }: EnrolGroupFormProps) {
  const { t } = useTranslation();
  const groups = useGroupOptions();
  const [groupId, setGroupId] = useState('');
  const [due, setDue] = useState('');
  const [subgroups, setSubgroups] = useState(true);
  const mutation = useMutation({
    mutationFn: () => enrol(groupId, subgroups, dueAtFromDateInput(due)),
    onSuccess: onDone,
  });
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label={title}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {title}
        </Title>
        {mutation.error && <ErrorAlert error={mutation.error} />}
        {groups.error && <LoadError error={groups.error} onRetry={() => void groups.refetch()} />}
        <Group align="flex-end" gap="sm">
          <NativeSelect
            label={t('enrolments.group.group')}
            value={groupId}
            onChange={(event) => {
              setGroupId(event.currentTarget.value);
            }}
            data={[{ value: '', label: t('enrolments.group.choose') }, ...groups.options]}
            w={{ base: '100%', xs: 260 }}
          />
          {withDue && <DueField value={due} onChange={setDue} error={fieldError(mutation.error, 'dueAt')} />}
        </Group>
        <Checkbox
          label={t('enrolments.group.subgroups')}
          checked={subgroups}
          onChange={(event) => {
            setSubgroups(event.currentTarget.checked);
          }}
        />
        <Group>
          <Button type="submit" disabled={groupId === ''} loading={mutation.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
