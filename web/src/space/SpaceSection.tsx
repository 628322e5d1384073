import { Alert, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api, isApiError } from '../shared/api';
import { NotFoundPage } from '../shared/pages/NotFoundPage';
import { LoadError } from '../shared/ui/LoadError';
import { usePageTitle } from '../shared/ui/usePageTitle';
import { LibraryPage } from './library/LibraryPage';
import { PreviewPage } from './library/PreviewPage';
import { TrashPage } from './library/TrashPage';
import { MembersPage } from './members/MembersPage';
import { MyReviewsPage } from './review/MyReviewsPage';
import { fetchWorkspace, NOT_MEMBER_CODE, WORKSPACE_KEY, type WorkspaceView } from './space.api';
import { spaceCan } from './spaceRoles';

/** The library of one folder (the page starts afresh in another folder: its dialogs belong to one folder). */
function FolderRoute({ workspace }: { workspace: WorkspaceView }) {
  const { folderId } = useParams();
  return <LibraryPage key={folderId ?? ''} folderId={folderId ?? null} workspace={workspace} />;
}

function ItemRoute({ workspace }: { workspace: WorkspaceView }) {
  const { itemId } = useParams();
  return <PreviewPage key={itemId} itemId={itemId ?? ''} workspace={workspace} />;
}

/** A signed-in user the Space has not taken in: what to do about it, instead of an error. */
function NotMemberPage() {
  const { t } = useTranslation();
  usePageTitle(t('space.title'));
  return (
    <Stack gap="lg" maw={720}>
      <Title order={1}>{t('space.title')}</Title>
      <Alert color="blue" title={<Title order={2} size="h4">{t('space.notMember.title')}</Title>}>
        <Text>{t('space.notMember.body')}</Text>
      </Alert>
    </Stack>
  );
}

const TABS = [
  { value: 'library', path: '/space' },
  { value: 'reviews', path: '/space/reviews' },
  { value: 'trash', path: '/space/trash' },
  { value: 'members', path: '/space/members' },
] as const;

/** The Space's own navigation: library, my reviews, trash, members (the last for those who manage them). */
function SpaceTabs({ workspace, children }: { workspace: WorkspaceView; children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = TABS.find((tab) => tab.path !== '/space' && pathname.startsWith(tab.path))?.value ?? 'library';
  const tabs = TABS.filter((tab) => tab.value !== 'members' || spaceCan(workspace.myRole, 'manageMembers'));
  return (
    <Stack gap="lg">
      <Tabs
        value={current}
        onChange={(value) => {
          const tab = tabs.find((entry) => entry.value === value);
          if (tab) void navigate(tab.path);
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('space.tabs.label')}>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value}>
              {t(`space.tabs.${tab.value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {children}
    </Stack>
  );
}

/** `/space`: the team's course library, its trash and its members (for the Space's administrators). */
export function SpaceSection() {
  const { t } = useTranslation();
  const workspace = useQuery({ queryKey: WORKSPACE_KEY, queryFn: ({ signal }) => fetchWorkspace(api, signal), retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2 });
  if (workspace.error) {
    if (isApiError(workspace.error) && workspace.error.code === NOT_MEMBER_CODE) return <NotMemberPage />;
    return <LoadError error={workspace.error} onRetry={() => void workspace.refetch()} />;
  }
  if (!workspace.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} m="md" />;
  const data = workspace.data;
  const within = (page: ReactNode) => <SpaceTabs workspace={data}>{page}</SpaceTabs>;
  return (
    <Routes>
      <Route index element={within(<FolderRoute workspace={data} />)} />
      <Route path="folders/:folderId" element={within(<FolderRoute workspace={data} />)} />
      <Route path="items/:itemId" element={within(<ItemRoute workspace={data} />)} />
      <Route path="reviews" element={within(<MyReviewsPage workspace={data} />)} />
      <Route path="trash" element={within(<TrashPage workspace={data} />)} />
      <Route path="members" element={spaceCan(data.myRole, 'manageMembers') ? within(<MembersPage workspace={data} />) : <NotFoundPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
