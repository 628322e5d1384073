import { Center, Loader, Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../shared/api';
import { useAuth } from '../shared/auth/AuthContext';
import { NotFoundPage } from '../shared/pages/NotFoundPage';
import { LoadError } from '../shared/ui/LoadError';
import { openCoursePreview } from '../space/space.api';
import { Player } from './Player';
import { fetchPreview, launchCourse, openSharedCourse, openStorePreview, PLAYER_KEYS, type LaunchData } from './player.api';

function Loading() {
  const { t } = useTranslation();
  return (
    <Center h="100dvh">
      <Loader role="status" aria-label={t('player.loading')} />
    </Center>
  );
}

function Failed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return (
    <Center h="100dvh" p="md">
      <Stack maw={560}>
        <LoadError error={error} onRetry={onRetry} />
      </Stack>
    </Center>
  );
}

/** Signing out from the player (after it let go of the course); a failure to reach the server still ends the session here. */
function useSignOut(): () => void {
  const { signOut, endSessionLocally } = useAuth();
  return useCallback(() => {
    signOut().catch(() => endSessionLocally('signed-out'));
  }, [signOut, endSessionLocally]);
}

/** A learner's attempt: launching resumes the open attempt (or starts one) and counts as access. */
function LearnerPlayer() {
  const { enrolmentId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const launch = useQuery({
    queryKey: PLAYER_KEYS.launch(enrolmentId),
    queryFn: () => launchCourse(api, enrolmentId),
    // Launching writes (access, a new attempt): once per visit, never in the background.
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const exit = useCallback(() => void navigate('/'), [navigate]);
  const signOut = useSignOut();
  const newAttempt = useCallback(async () => {
    const data = await launchCourse(api, enrolmentId, { newAttempt: true });
    queryClient.setQueryData<LaunchData>(PLAYER_KEYS.launch(enrolmentId), data);
  }, [enrolmentId, queryClient]);

  if (launch.isPending) return <Loading />;
  if (launch.error) return <Failed error={launch.error} onRetry={() => void launch.refetch()} />;
  // A new attempt is a new player (new API, new commit client).
  return <Player key={launch.data.attemptId} data={launch.data} onExit={exit} onSignOut={signOut} onNewAttempt={() => void newAttempt()} />;
}

/**
 * A preview that records nothing (or, for a share link's visitor, records only for the link's
 * analytics; a store visitor's free preview records nothing): the same player, opened once per visit (each opening issues a credential).
 */
function PreviewPlayer({ queryKey, open, onExit }: { queryKey: readonly unknown[]; open: () => Promise<LaunchData>; onExit?: () => void }) {
  const navigate = useNavigate();
  const preview = useQuery({
    queryKey,
    queryFn: open,
    // Each preview issues a credential: once per visit, never in the background.
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const back = useCallback(() => void navigate(-1), [navigate]);
  const signOut = useSignOut();
  if (preview.isPending) return <Loading />;
  if (preview.error) return <Failed error={preview.error} onRetry={() => void preview.refetch()} />;
  // A share link's visitor has no session to end: they go back to the link's page.
  return <Player data={preview.data} onExit={onExit ?? back} onSignOut={onExit ? undefined : signOut} />;
}

/** A course shared by a link, for the link's visitor, who needs no account (`/shared-course/:token?item=&view=`). */
export function SharedCoursePlayer() {
  const { token = '' } = useParams();
  const [search] = useSearchParams();
  const itemId = search.get('item') ?? '';
  const viewId = search.get('view') ?? '';
  // Back to the link's page (the file's own, in a shared folder); a full load, as it is served by the server.
  const exit = useCallback(() => window.location.assign(`/s/${encodeURIComponent(token)}${itemId ? `?item=${encodeURIComponent(itemId)}` : ''}`), [token, itemId]);
  return <PreviewPlayer queryKey={PLAYER_KEYS.sharedCourse(token, itemId, viewId)} open={() => openSharedCourse(api, token, itemId, viewId)} onExit={exit} />;
}

/** The free preview of a store product's course, for anybody, who needs no account (`/store-preview/:slug/:courseId`); back to the product's landing page. */
export function StorePreviewPlayer() {
  const { slug = '', courseId = '' } = useParams();
  // The landing page is served by the server: a full load.
  const exit = useCallback(() => window.location.assign(`/store/p/${encodeURIComponent(slug)}`), [slug]);
  return <PreviewPlayer queryKey={PLAYER_KEYS.storePreview(slug, courseId)} open={() => openStorePreview(api, slug, courseId)} onExit={exit} />;
}

/** An administrator's preview of a course's content version. */
function CourseVersionPreview() {
  const { versionId = '' } = useParams();
  return <PreviewPlayer queryKey={PLAYER_KEYS.preview(versionId)} open={() => fetchPreview(api, versionId)} />;
}

/** A course package of the Space library, for anyone who may see it there (?version= for an older one). */
function SpaceCoursePreview() {
  const { itemId = '' } = useParams();
  const [search] = useSearchParams();
  const asked = Number(search.get('version'));
  const version = Number.isInteger(asked) && asked > 0 ? asked : null;
  return <PreviewPlayer queryKey={PLAYER_KEYS.spacePreview(itemId, version)} open={() => openCoursePreview(api, itemId, version)} />;
}

/** The course player (full window, under /play/…): a learner's attempt, or a preview that records nothing (an admin's of a course version, a Space member's of a library course). */
export function PlayerRoutes() {
  return (
    <Routes>
      <Route path="preview/:versionId" element={<CourseVersionPreview />} />
      <Route path="space/:itemId" element={<SpaceCoursePreview />} />
      <Route path=":enrolmentId" element={<LearnerPlayer />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
