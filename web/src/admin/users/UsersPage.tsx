import { isErasedAddress } from '../../../../src/platform/identity/identity.contract';
import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, Menu, NativeSelect, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { SearchField } from '../../shared/ui/SearchField';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { BulkUserActions } from './BulkUserActions';
import { api, type AdminUserView as UserView, type LinkHandover } from '../../shared/api';
import { useSession } from '../../shared/auth/AuthContext';
import { ROLE_PRIORITY } from '../../shared/auth/roles';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { Chevron } from '../../shared/ui/Chevron';
import { ConfirmAction, ConfirmDialog } from '../../shared/ui/ConfirmAction';
import { currentLanguage } from '../../shared/i18n';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { DataTable } from '../../shared/ui/DataTable';
import { ImportUsersPanel } from './ImportUsersPanel';
import { InviteUserModal } from './InviteUserModal';
import { RolesModal } from './RolesModal';
import { UserSessionsModal } from './UserSessionsModal';
import { LinkHandoverModal, type HandedOverLink } from './LinkHandoverModal';
import { endAllSessionsOfSite, fetchUsers, resendInvitation, sendPasswordReset, setUserActive, USERS_KEY } from './users.api';
import { apiQueryOf, exportUrlOf, pageCount, PAGE_SIZE, searchOf, USER_STATUSES, usersViewFrom, type UsersView } from './usersQuery';

type Dialog = { kind: 'roles' | 'sessions' | 'deactivate'; user: UserView } | { kind: 'invite' } | null;

const fullName = (user: UserView) => `${user.firstName} ${user.lastName}`.trim() || user.email;

/** Whether the user still needs an invitation link to choose a first password. */
const awaitsInvitation = (user: UserView) => user.invitation === 'pending' || user.invitation === 'expired';

/** The status shown: an active user who has not accepted an invitation is not simply "active". */
function StatusBadge({ user }: { user: UserView }) {
  const { t } = useTranslation();
  if (user.status === 'active' && awaitsInvitation(user)) {
    return (
      <Badge variant="dot" color={user.invitation === 'pending' ? 'yellow' : 'orange'}>
        {t(`users.invitation.${user.invitation === 'pending' ? 'pending' : 'expired'}`)}
      </Badge>
    );
  }
  return (
    <Badge variant="dot" color={user.status === 'active' ? 'green' : 'gray'}>
      {t(`users.status.${user.status}`)}
    </Badge>
  );
}

/** `/users`: search, filter and page through the users; invite, import, change roles, deactivate. */
export function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.users'));
  const session = useSession();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const view = usersViewFrom(searchParams);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [importing, setImporting] = useState(false);
  const location = useLocation();
  // A notice another page left (a user was deleted there), shown once.
  const [notice, setNotice] = useState<string | null>(() => (location.state as { notice?: string } | null)?.notice ?? null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [handover, setHandover] = useState<HandedOverLink | null>(null);
  /** Says what happened to a link the site sent: mailed, or (mail off) shown to copy. */
  const handOver = (kind: HandedOverLink['kind'], user: { email: string }, answer: LinkHandover, mailedNotice: string) => {
    if (answer.mail === 'off' && answer.link) setHandover({ kind, email: user.email, link: answer.link });
    else setNotice(mailedNotice);
  };

  const query = apiQueryOf(view);
  const users = useQuery({
    queryKey: [...USERS_KEY, query],
    queryFn: ({ signal }) => fetchUsers(api, query, signal),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: USERS_KEY });

  const show = (next: Partial<UsersView>) => {
    setSearchParams(searchOf({ ...view, page: 1, ...next }), { replace: true });
  };

  const closeDialog = () => {
    setDialog(null);
  };
  // Erased accounts take no action, so they are never part of a selection.
  const selectable = (users.data?.users ?? []).filter((u) => !isErasedAddress(u.email));
  const total = users.data?.total ?? 0;
  const first = total === 0 ? 0 : (view.page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, view.page * PAGE_SIZE);

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('nav.users')}</Title>
        <Group gap="sm">
          <ConfirmAction
            label={t('users.siteSessions.endAll')}
            buttonProps={{ size: 'sm', variant: 'default', color: 'red' }}
            title={t('users.siteSessions.title')}
            body={t('users.siteSessions.body')}
            confirmLabel={t('users.siteSessions.confirm')}
            onConfirm={async () => {
              setNotice(null);
              const { ended } = await endAllSessionsOfSite(api);
              setNotice(t('users.siteSessions.done', { count: ended }));
            }}
          />
          <Button
            variant="default"
            onClick={() => {
              setImporting(true);
            }}
          >
            {t('users.import.open')}
          </Button>
          <Button component="a" variant="default" href={exportUrlOf(view, currentLanguage())} download>
            {t('users.export')}
          </Button>
          <Button
            onClick={() => {
              setNotice(null);
              setDialog({ kind: 'invite' });
            }}
          >
            {t('users.invite.open')}
          </Button>
        </Group>
      </Group>

      {users.data && !users.data.mailConfigured && (
        <Alert color="yellow" title={t('users.mailOff.title')}>
          {t('users.mailOff.body')}
        </Alert>
      )}

      {notice && <SuccessNote>{notice}</SuccessNote>}

      {importing && (
        <ImportUsersPanel
          onImported={() => void refresh()}
          onClose={() => {
            setImporting(false);
          }}
        />
      )}

      <Group gap="md" align="flex-end" role="search" aria-label={t('users.filters')}>
        <SearchField label={t('users.search')} name="q" initial={view.q} onSearch={(q) => show({ q })} w={280} />
        <NativeSelect
          label={t('users.roleFilter')}
          name="role"
          value={view.role ?? ''}
          onChange={(event) => {
            const role = ROLE_PRIORITY.find((r) => r === event.currentTarget.value);
            show({ role });
          }}
          data={[{ value: '', label: t('users.allRoles') }, ...ROLE_PRIORITY.map((role) => ({ value: role, label: t(`roles.${role}`) }))]}
        />
        <NativeSelect
          label={t('users.statusFilter')}
          name="status"
          value={view.status ?? ''}
          onChange={(event) => {
            const status = USER_STATUSES.find((s) => s === event.currentTarget.value);
            show({ status });
          }}
          data={[{ value: '', label: t('users.allStatuses') }, ...USER_STATUSES.map((status) => ({ value: status, label: t(`users.status.${status}`) }))]}
        />
      </Group>

      {users.error && <LoadError error={users.error} onRetry={() => void users.refetch()} />}
      {users.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {selected.size > 0 && (
        <BulkUserActions
          userIds={[...selected]}
          nameOfUser={(id) => {
            const user = users.data?.users.find((u) => u.id === id);
            return user ? `${user.firstName} ${user.lastName}`.trim() || user.email : undefined;
          }}
          onDone={(text) => {
            setNotice(text);
            void refresh();
          }}
          onClear={() => {
            setSelected(new Set());
          }}
        />
      )}
      {users.data && (
        <>
          <Text size="sm" c="dimmed" role="status" aria-live="polite">
            {total === 0 ? t('users.noneFound') : t('users.showing', { first, last, count: total })}
          </Text>
          {users.data.users.length > 0 && (
            <DataTable
              caption={t('nav.users')}
              minWidth={760}
              spacing="sm"
              highlightOnHover
              actions
              headers={[
                <Checkbox
                  key="all"
                  aria-label={t('userDetail.selectPage')}
                  checked={selectable.length > 0 && selectable.every((u) => selected.has(u.id))}
                  indeterminate={!selectable.every((u) => selected.has(u.id)) && selectable.some((u) => selected.has(u.id))}
                  disabled={selectable.length === 0}
                  onChange={(event) => {
                    const next = new Set(selected);
                    for (const u of selectable) {
                      if (event.currentTarget.checked) next.add(u.id);
                      else next.delete(u.id);
                    }
                    setSelected(next);
                  }}
                />,
                t('users.name'),
                t('users.email'),
                t('users.roles'),
                t('users.statusLabel'),
              ]}
            >
              {users.data.users.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Checkbox
                      aria-label={t('userDetail.select', { name: fullName(user) })}
                      // An erased account takes no action: it is not offered for one.
                      disabled={isErasedAddress(user.email)}
                      checked={selected.has(user.id)}
                      onChange={(event) => {
                        const next = new Set(selected);
                        if (event.currentTarget.checked) next.add(user.id);
                        else next.delete(user.id);
                        setSelected(next);
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/users/${user.id}`}>
                      {fullName(user)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{user.email}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {user.roles.map((role) => (
                        <Badge key={role} variant="light" size="sm">
                          {t(`roles.${role}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge user={user} />
                  </Table.Td>
                  <Table.Td>
                    <UserActions
                      user={user}
                      isSelf={user.id === session.user.id}
                      onPick={(kind) => {
                        setNotice(null);
                        setDialog({ kind, user });
                      }}
                      onReactivate={async () => {
                        await setUserActive(api, user.id, true);
                        setNotice(t('users.reactivated', { name: fullName(user) }));
                        await refresh();
                      }}
                      onResendInvitation={async () => {
                        setNotice(null);
                        handOver('invitation', user, await resendInvitation(api, user.id), t('users.invitation.resent', { email: user.email }));
                        await refresh();
                      }}
                      onSendReset={async () => {
                        setNotice(null);
                        handOver('reset', user, await sendPasswordReset(api, user.id), t('users.reset.sent', { email: user.email }));
                      }}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}
          {pageCount(total) > 1 && (
            <nav aria-label={t('users.pages')}>
              <Pagination
                total={pageCount(total)}
                value={Math.min(view.page, pageCount(total))}
                onChange={(page) => {
                  setSearchParams(searchOf({ ...view, page }), { replace: false });
                }}
                getItemProps={(page) => ({ 'aria-label': t('users.page', { page }) })}
                getControlProps={(control) => ({ 'aria-label': t(`users.pageControl.${control}`) })}
              />
            </nav>
          )}
        </>
      )}

      <InviteUserModal
        opened={dialog?.kind === 'invite'}
        onClose={closeDialog}
        onInvited={(user) => {
          closeDialog();
          handOver('invitation', user, user, t('users.invite.done', { email: user.email }));
          void refresh();
        }}
      />
      {handover && (
        <LinkHandoverModal
          handover={handover}
          onClose={() => {
            setHandover(null);
          }}
        />
      )}
      {dialog?.kind === 'roles' && (
        <RolesModal
          user={dialog.user}
          onClose={closeDialog}
          onSaved={(user) => {
            closeDialog();
            setNotice(t('users.rolesSaved', { name: fullName(user) }));
            void refresh();
          }}
        />
      )}
      {dialog?.kind === 'sessions' && <UserSessionsModal user={dialog.user} onClose={closeDialog} />}
      {dialog?.kind === 'deactivate' && (
        <ConfirmDialog
          opened
          onClose={closeDialog}
          title={t('users.deactivateTitle', { name: fullName(dialog.user) })}
          body={t('users.deactivateBody')}
          confirmLabel={t('users.deactivate')}
          onConfirm={async () => {
            await setUserActive(api, dialog.user.id, false);
            setNotice(t('users.deactivated', { name: fullName(dialog.user) }));
            await refresh();
          }}
        />
      )}
    </Stack>
  );
}

interface UserActionsProps {
  user: UserView;
  isSelf: boolean;
  onPick: (kind: 'roles' | 'sessions' | 'deactivate') => void;
  onReactivate: () => Promise<void>;
  onResendInvitation: () => Promise<void>;
  onSendReset: () => Promise<void>;
}

function UserActions({ user, isSelf, onPick, onReactivate, onResendInvitation, onSendReset }: UserActionsProps) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<string | null>(null);
  const run = (action: () => Promise<void>) => () => {
    setFailure(null);
    action().catch((error: unknown) => {
      setFailure(error instanceof Error ? error.message : String(error));
    });
  };
  // An erased person's account only keeps their records counting: nothing to offer (the server refuses it too).
  if (isErasedAddress(user.email)) {
    return (
      <Text size="sm" c="dimmed">
        {t('users.erasedNoActions')}
      </Text>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="subtle" size="xs" rightSection={<Chevron />} aria-label={t('users.actionsFor', { name: fullName(user) })}>
            {t('app.actions')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            onClick={() => {
              onPick('roles');
            }}
          >
            {t('users.editRoles')}
          </Menu.Item>
          <Menu.Item
            onClick={() => {
              onPick('sessions');
            }}
          >
            {t('users.sessions.open')}
          </Menu.Item>
          {user.status === 'active' &&
            (awaitsInvitation(user) ? (
              <Menu.Item onClick={run(onResendInvitation)}>{t('users.invitation.resend')}</Menu.Item>
            ) : (
              <Menu.Item onClick={run(onSendReset)}>{t('users.reset.send')}</Menu.Item>
            ))}
          {user.status === 'active' ? (
            !isSelf && (
              <Menu.Item
                color="red"
                onClick={() => {
                  onPick('deactivate');
                }}
              >
                {t('users.deactivate')}
              </Menu.Item>
            )
          ) : (
            <Menu.Item onClick={run(onReactivate)}>
              {t('users.reactivate')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      {failure && (
        <Text size="xs" c="red" role="alert">
          {failure}
        </Text>
      )}
    </Group>
  );
}
