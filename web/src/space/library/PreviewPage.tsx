import { Anchor, Badge, Button, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router-dom';
import { api } from '../../shared/api';
import { usePermissions } from '../../shared/auth/permissions';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { currentLanguage } from '../../shared/i18n';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { contentUrl, coursePlayerPath, fetchItem, fetchItems, fetchRendition, ITEMS_KEY, sendBrowserThumbnail, SPACE_KEY, type ItemView, type WorkspaceView } from '../space.api';
import { captureVideoFrame } from './videoFrame';
import { renderPdfFirstPage } from './pdfFirstPage';
import { PdfPages } from './PdfPages';
import { spaceCan } from '../spaceRoles';
import type { RegionAnchor } from '../review/anchors';
import { CommentsPanel } from '../review/CommentsPanel';
import { RegionImage } from '../review/RegionImage';
import { PublishPanel } from '../publishing/PublishPanel';
import { ReviewRequestsPanel } from '../review/ReviewRequests';
import { ShareDialog } from '../sharing/ShareDialog';
import { ItemDialog, type DialogKind } from './ItemDialogs';
import { useTypeLabel } from './ItemIcon';
import classes from './library.module.css';
import { folderPath, LibraryBreadcrumbs } from './LibraryPage';
import { formatBytes } from './libraryQuery';

/** The image's regions: the one dragged for a new comment, the one of a comment shown. */
interface RegionState {
  draft: RegionAnchor | null;
  onDraw: ((region: RegionAnchor | null) => void) | undefined;
  shown: RegionAnchor | null;
}

/** How the browser makes a small picture of a kind the server cannot decode. */
const BROWSER_PICTURES: Partial<Record<string, (src: string) => Promise<Blob | null>>> = { video: captureVideoFrame, pdf: renderPdfFirstPage };

/**
 * A video or PDF without a small picture gets one from the browser of a member who may edit it: a
 * frame taken by a video element of its own, or the first page drawn by PDF.js, once per version
 * and page visit. Best effort: a browser that cannot decode the file sends nothing, and the list
 * shows the kind's symbol as before.
 */
function useBrowserThumbnail(file: ItemView | undefined): void {
  const queryClient = useQueryClient();
  const make = file?.fileKind ? BROWSER_PICTURES[file.fileKind] : undefined;
  const wanted = file !== undefined && make !== undefined && file.kind === 'file' && !file.hasThumbnail && file.currentVersion !== null && spaceCan(file.role, 'edit');
  const key = wanted ? `${file.id}@${file.currentVersion}` : null;
  useEffect(() => {
    if (!key || !file || !make) return;
    let cancelled = false;
    void make(contentUrl(file)).then(async (picture) => {
      if (!picture || cancelled) return;
      await sendBrowserThumbnail(api, file, picture).catch(() => undefined);
      await queryClient.invalidateQueries({ queryKey: ITEMS_KEY });
    });
    return () => {
      cancelled = true;
    };
    // Once per version: the item's other changes do not take another frame.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
}

/** An Office file: its PDF version, where one was uploaded beside it (same folder, same name). */
function OfficeView({ item }: { item: ItemView }) {
  const { t } = useTranslation();
  const rendition = useQuery({ queryKey: [...ITEMS_KEY, item.id, 'rendition'], queryFn: ({ signal }) => fetchRendition(api, item.id, signal) });
  if (rendition.isPending) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (!rendition.data) return <Text>{t('space.preview.noRendition')}</Text>;
  return (
    <Anchor href={contentUrl(rendition.data)} target="_blank" rel="noopener noreferrer">
      {t('space.preview.openRendition')}
    </Anchor>
  );
}

/**
 * The file itself, as the browser shows its kind; anything else is offered as a download. The
 * player is handed to the comments (`onMedia`), an image takes regions for them.
 */
function FileView({ item, onMedia, regions, shownPage }: { item: ItemView; onMedia: (media: HTMLMediaElement | null) => void; regions: RegionState; shownPage: { page: number } | null }) {
  const { t } = useTranslation();
  // Operator staff under a grant may not open the player (its credential would outlast the grant).
  const mayPlay = usePermissions().data?.granted.has('space.workspace.play') === true;
  const src = contentUrl(item);
  switch (item.fileKind) {
    case 'image':
      return <RegionImage className={classes.preview} src={src} alt={t('space.preview.image', { name: item.name })} draft={regions.draft} onDraw={regions.onDraw} shown={regions.shown} />;
    case 'video':
      return (
        <video ref={onMedia} className={classes.preview} src={src} controls preload="metadata" aria-label={t('space.preview.video', { name: item.name })}>
          <track kind="captions" />
        </video>
      );
    case 'audio':
      return <audio ref={onMedia} src={src} controls preload="metadata" aria-label={t('space.preview.audio', { name: item.name })} style={{ width: '100%' }} />;
    case 'pdf':
      // Drawn here by PDF.js (the page frames nothing of this origin); the browser's own viewer is a link away.
      return <PdfPages src={src} shownPage={shownPage} />;
    case 'course':
      return (
        <Stack gap="xs" align="flex-start">
          <Text>{t('space.preview.course')}</Text>
          {mayPlay && (
            <Button component={Link} to={coursePlayerPath(item.id)}>
              {t('space.preview.playCourse')}
            </Button>
          )}
        </Stack>
      );
    case 'office':
      return <OfficeView item={item} />;
    default:
      return <Text>{t('space.preview.noPreview')}</Text>;
  }
}

/** `/space/items/:id`: a file with its preview, details and actions (a folder opens as a folder). */
export function PreviewPage({ itemId, workspace }: { itemId: string; workspace: WorkspaceView }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const typeLabel = useTypeLabel();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const item = useQuery({ queryKey: [...ITEMS_KEY, itemId], queryFn: ({ signal }) => fetchItem(api, itemId, signal) });
  useBrowserThumbnail(item.data);
  const parentId = item.data?.parentId ?? null;
  // The way to the file's folder, for the breadcrumbs.
  const folder = useQuery({
    queryKey: [...ITEMS_KEY, 'list', 'path', parentId],
    queryFn: ({ signal }) => fetchItems(api, new URLSearchParams({ ...(parentId ? { parentId } : {}), limit: '1' }).toString(), signal),
    enabled: item.data !== undefined,
  });
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [sharing, setSharing] = useState(false);
  const [media, setMedia] = useState<HTMLMediaElement | null>(null);
  const [region, setRegion] = useState<RegionAnchor | null>(null);
  const [shownRegion, setShownRegion] = useState<RegionAnchor | null>(null);
  const [shownPage, setShownPage] = useState<{ page: number } | null>(null);
  const previewRef = useRef<HTMLElement>(null);
  const [notice, setNotice] = useState<string | null>(null);
  usePageTitle(item.data ? `${item.data.name} – ${t('space.title')}` : t('space.title'));

  if (item.error) return <LoadError error={item.error} onRetry={() => void item.refetch()} />;
  if (!item.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  const file = item.data;
  if (file.kind !== 'file') return <Navigate to={folderPath(file.id)} replace />;
  const canEdit = spaceCan(file.role, 'edit');
  const viewer = {
    media,
    region,
    setRegion,
    showRegion: (shown: RegionAnchor) => {
      setShownRegion(shown);
      previewRef.current?.scrollIntoView({ block: 'nearest' });
    },
    showPage:
      file.fileKind === 'pdf'
        ? (page: number) => {
            // A new object each time: the same page again scrolls there again.
            setShownPage({ page });
            previewRef.current?.scrollIntoView({ block: 'nearest' });
          }
        : undefined,
  };
  const folderName = folder.data?.folder?.name ?? t('space.library.top');
  const action = (kind: DialogKind, label: string) => (
    <Button variant="default" size="sm" onClick={() => setDialog(kind)}>
      {label}
    </Button>
  );

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <LibraryBreadcrumbs path={folder.data?.path ?? []} current={file.name} />
        <Title order={1} className={classes.name}>
          {file.name}
        </Title>
        <Anchor component={Link} to={folderPath(parentId)} size="sm">
          ← {t('space.preview.back', { folder: folderName })}
        </Anchor>
      </Stack>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      <Group gap="sm">
        {file.currentVersion !== null && (
          <Button component="a" href={contentUrl(file, { download: true })}>
            {t('space.actions.download')}
          </Button>
        )}
        {canEdit && (
          <Button variant="default" size="sm" onClick={() => setSharing(true)}>
            {t('space.share.open')}
          </Button>
        )}
        {canEdit && action('rename', t('space.actions.rename'))}
        {canEdit && action('tags', t('space.actions.tags'))}
        {canEdit && action('move', t('space.actions.move'))}
        {canEdit && action('copy', t('space.actions.copy'))}
        {action('versions', t('space.actions.versions'))}
        {spaceCan(file.role, 'manageAccess') && action('access', t('space.actions.access'))}
        {canEdit && (
          <Button variant="light" color="red" size="sm" onClick={() => setDialog('trash')}>
            {t('space.actions.trash')}
          </Button>
        )}
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Paper ref={previewRef} withBorder p="md" radius="md" component="section" aria-label={t('space.actions.preview')}>
              {file.currentVersion !== null ? (
                <FileView item={file} onMedia={setMedia} regions={{ draft: region, onDraw: spaceCan(file.role, 'comment') ? setRegion : undefined, shown: shownRegion }} shownPage={shownPage} />
              ) : (
                <Text>{t('space.preview.noPreview')}</Text>
              )}
            </Paper>
            {file.currentVersion !== null && <CommentsPanel file={file} workspace={workspace} viewer={viewer} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="space-details">
          <Title order={2} size="h4" id="space-details" mb="sm">
            {t('space.preview.details')}
          </Title>
          <dl style={{ margin: 0 }}>
            {[
              [t('space.preview.type'), typeLabel(file)],
              [t('space.preview.size'), formatBytes(file.size, language)],
              [t('space.preview.owner'), file.owner.name],
              [t('space.preview.updated'), formatDateTime(file.updatedAt, language)],
              [t('space.preview.version'), file.currentVersion === null ? '—' : String(file.currentVersion)],
            ].map(([term, value]) => (
              <div key={term}>
                <Text component="dt" size="sm" c="dimmed">
                  {term}
                </Text>
                <Text component="dd" ml={0} mb="xs">
                  {value}
                </Text>
              </div>
            ))}
            <div>
            <Text component="dt" size="sm" c="dimmed">
              {t('space.preview.tags')}
            </Text>
            <Text component="dd" ml={0}>
              {file.tags.length === 0 ? (
                t('space.preview.noTags')
              ) : (
                <Group component="span" gap={4}>
                  {file.tags.map((tag) => (
                    <Badge key={tag} size="sm" variant="outline" tt="none" component="span">
                      {tag}
                    </Badge>
                  ))}
                </Group>
              )}
            </Text>
            </div>
          </dl>
        </Paper>
        {file.currentVersion !== null && (
          <Stack gap="lg" mt="lg">
            {file.fileKind === 'course' && <PublishPanel file={file} />}
            <ReviewRequestsPanel file={file} workspace={workspace} />
          </Stack>
        )}
        </Grid.Col>
      </Grid>
      {sharing && <ShareDialog item={file} onClose={() => setSharing(false)} />}
      {dialog && (
        <ItemDialog
          kind={dialog}
          item={file}
          workspace={workspace}
          onClose={() => setDialog(null)}
          onDone={(text) => {
            setDialog(null);
            void queryClient.invalidateQueries({ queryKey: SPACE_KEY });
            if (dialog === 'trash') void navigate(folderPath(parentId), { state: { notice: text } });
            else setNotice(text);
          }}
        />
      )}
    </Stack>
  );
}
