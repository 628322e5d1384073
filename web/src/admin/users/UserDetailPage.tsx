import { Anchor, Badge, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, type AdminUserView } from '../../shared/api';
import { useSession } from '../../shared/auth/AuthContext';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../../shared/forms/fieldErrors';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { CompletionChart } from '../reports/CompletionChart';
import { ReportTable } from '../reports/ReportTable';
import { fetchLearnerReport, REPORTS_KEY } from '../reports/reports.api';
import { UserSessionsModal } from './UserSessionsModal';
import { isErasedAddress } from '../../../../src/platform/identity/identity.contract';
import { UserPrivacyPanel } from '../privacy/UserPrivacyPanel';
import { deleteUser, fetchUser, fetchUserGroups, updateUser, USERS_KEY } from './users.api';

const PROFILE_FIELDS = ['firstName', 'lastName', 'email'] as const;
const nameOf = (user: Pick<AdminUserView, 'firstName' | 'lastName' | 'email'>) => `${user.firstName} ${user.lastName}`.trim() || user.email;

function ProfileForm({ user }: { user: AdminUserView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ firstName: user.firstName, lastName: user.lastName, email: user.email });
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      updateUser(api, user.id, {
        firstName: values.firstName,
        lastName: values.lastName,
        email: values.email,
      }),
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
  });
  const set = (key: keyof typeof values) => (event: { currentTarget: { value: string } }) => {
    setSaved(false);
    setValues({ ...values, [key]: event.currentTarget.value });
  };
  return (
    <form
      aria-labelledby="user-profile"
      onSubmit={(event: SubmitEvent<HTMLFormElement>) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm" maw={480}>
        <Title order={2} size="h3" id="user-profile">
          {t('userDetail.profile')}
        </Title>
        {saved && <SuccessNote>{t('userDetail.saved')}</SuccessNote>}
        {save.error && !namesAnyField(save.error, PROFILE_FIELDS) && <ErrorAlert error={save.error} />}
        <TextInput label={t('users.firstName')} value={values.firstName} onChange={set('firstName')} error={fieldError(save.error, 'firstName')} required />
        <TextInput label={t('users.lastName')} value={values.lastName} onChange={set('lastName')} error={fieldError(save.error, 'lastName')} required />
        <TextInput label={t('users.email')} type="email" value={values.email} onChange={set('email')} error={fieldError(save.error, 'email')} required />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('userDetail.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function UserCourses({ user }: { user: AdminUserView }) {
  const { t } = useTranslation();
  const report = useQuery({ queryKey: [...REPORTS_KEY, 'learner', user.id, 'detail'], queryFn: ({ signal }) => fetchLearnerReport(api, user.id, 'limit=50', signal) });
  return (
    <Stack gap="sm" component="section" aria-labelledby="user-courses">
      <Title order={2} size="h3" id="user-courses">
        {t('userDetail.courses')}
      </Title>
      {report.error && <LoadError error={report.error} onRetry={() => void report.refetch()} />}
      {report.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {report.data &&
        (report.data.total === 0 ? (
          <Text c="dimmed">{t('userDetail.noCourses')}</Text>
        ) : (
          <>
            <CompletionChart summary={report.data.summary} title={t('reports.chart.title')} />
            <ReportTable rows={report.data.rows} variant="learner" caption={t('userDetail.courses')} />
          </>
        ))}
    </Stack>
  );
}

/** `/users/:userId`: one user's profile (editable), groups, courses with progress, sessions; delete with what it takes along said first. */
export function UserDetailPage() {
  const { t } = useTranslation();
  const { userId = '' } = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const [showSessions, setShowSessions] = useState(false);
  const user = useQuery({ queryKey: [...USERS_KEY, userId], queryFn: ({ signal }) => fetchUser(api, userId, signal) });
  const groups = useQuery({ queryKey: [...USERS_KEY, userId, 'groups'], queryFn: ({ signal }) => fetchUserGroups(api, userId, signal) });
  usePageTitle(user.data ? nameOf(user.data) : t('nav.users'));

  if (user.error) return <LoadError error={user.error} onRetry={() => void user.refetch()} />;
  if (!user.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  const data = user.data;
  const name = nameOf(data);

  return (
    <Stack gap="lg" maw={1200}>
      <Anchor component={Link} to="/users" size="sm">
        ← {t('userDetail.back')}
      </Anchor>
      <div>
        <Title order={1} style={{ overflowWrap: 'anywhere' }}>
          {name}
        </Title>
        <Group gap={6} mt={4}>
          <Text c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {data.email}
          </Text>
          <Badge variant="dot" color={data.status === 'active' ? 'green' : 'gray'}>
            {t(`users.status.${data.status}`)}
          </Badge>
          {data.roles.map((role) => (
            <Badge key={role} variant="light" size="sm">
              {t(`roles.${role}`)}
            </Badge>
          ))}
        </Group>
      </div>
      <Paper withBorder radius="md" p="lg">
        {/* An erased person's account only keeps their records counting: nothing of it can be changed (the server refuses it too). */}
        {isErasedAddress(data.email) ? <Text>{t('userDetail.erasedNote')}</Text> : <ProfileForm key={`${data.id}:${data.email}`} user={data} />}
      </Paper>
      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="user-groups">
        <Title order={2} size="h3" id="user-groups" mb="sm">
          {t('userDetail.groups')}
        </Title>
        {groups.error && <LoadError error={groups.error} onRetry={() => void groups.refetch()} />}
        {groups.data &&
          (groups.data.groups.length === 0 ? (
            <Text c="dimmed">{t('userDetail.noGroups')}</Text>
          ) : (
            <Group gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {groups.data.groups.map((g) => (
                <Badge key={g.id} component="li" variant="outline" size="lg">
                  {g.name}
                </Badge>
              ))}
            </Group>
          ))}
      </Paper>
      <Paper withBorder radius="md" p="lg">
        <UserCourses user={data} />
      </Paper>
      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="user-sessions">
        <Group justify="space-between">
          <Title order={2} size="h3" id="user-sessions">
            {t('userDetail.sessions')}
          </Title>
          <Button
            variant="default"
            onClick={() => {
              setShowSessions(true);
            }}
          >
            {t('userDetail.showSessions')}
          </Button>
        </Group>
      </Paper>
      <UserPrivacyPanel user={data} name={name} onErased={() => user.refetch()} />
      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="user-delete">
        <Stack gap="sm">
          <Title order={2} size="h3" id="user-delete">
            {t('userDetail.danger')}
          </Title>
          <Text size="sm">{t('userDetail.deleteBody')}</Text>
          {data.id === session.user.id ? (
            <Text size="sm" c="dimmed">
              {t('userDetail.self')}
            </Text>
          ) : (
            <Group>
              <ConfirmAction
                label={t('userDetail.delete')}
                buttonProps={{ size: 'sm' }}
                title={t('userDetail.deleteTitle', { name })}
                body={t('userDetail.deleteBody')}
                confirmLabel={t('userDetail.delete')}
                onConfirm={async () => {
                  await deleteUser(api, data.id);
                  void navigate('/users', { state: { notice: t('userDetail.deleted', { name }) } });
                }}
              />
            </Group>
          )}
        </Stack>
      </Paper>
      {showSessions && (
        <UserSessionsModal
          user={data}
          onClose={() => {
            setShowSessions(false);
          }}
        />
      )}
    </Stack>
  );
}
