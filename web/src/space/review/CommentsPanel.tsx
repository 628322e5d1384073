import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, MultiSelect, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { guestMarked } from './reviewRequests';
import { api } from '../../shared/api';
import { useSession } from '../../shared/auth/AuthContext';
import { FailureMessage } from '../../shared/forms/FailureMessage';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { currentLanguage } from '../../shared/i18n';
import { formatDateTime } from '../../shared/ui/format';
import { Section } from '../../shared/ui/Section';
import { contentUrl, type FileKind, type ItemView, type WorkspaceView } from '../space.api';
import { fieldErrorUnder, memberOptions, namesAnyFieldUnder } from '../spaceForms';
import { spaceCan } from '../spaceRoles';
import { ANCHORS_OF, anchorOf, commentQuery, describeAnchor, EMPTY_DRAFT, formatTime, NO_FILTERS, type AnchorDraft, type CommentAnchor, type CommentFilters, type RegionAnchor } from './anchors';
import { AttachmentList, AttachmentPicker, pastedPictures, useAttachmentDraft } from './Attachments';
import { addComment, commentsExportUrl, commentsKey, fetchThreads, replyTo, setThreadStatus, type ReplyView, type ThreadStatus, type ThreadView } from './review.api';
import classes from './review.module.css';

const STATUS_COLOURS: Record<ThreadStatus, string> = { open: 'blue', resolved: 'green', reopened: 'orange' };
const COMMENT_FIELDS = ['body', 'anchor', 'mentions', 'attachments'] as const;

/** What the page around the panel offers it: the player to read and seek, the image's regions. */
export interface ViewerLink {
  /** The file's video or audio element, once shown. */
  media: HTMLMediaElement | null;
  /** The region dragged on the image for a new comment. */
  region: RegionAnchor | null;
  setRegion: (region: RegionAnchor | null) => void;
  /** Outlines a comment's region on the image and brings it into view. */
  showRegion: (region: RegionAnchor) => void;
  /** Brings a page of the PDF shown in the page into view (a PDF's current version only). */
  showPage?: ((page: number) => void) | undefined;
}

/** The current time of the player, as it plays and seeks. */
function useMediaTime(media: HTMLMediaElement | null): number {
  const [time, setTime] = useState(0);
  useEffect(() => {
    if (!media) return;
    const update = () => setTime(media.currentTime);
    update();
    for (const name of ['timeupdate', 'seeked', 'loadedmetadata'] as const) media.addEventListener(name, update);
    return () => {
      for (const name of ['timeupdate', 'seeked', 'loadedmetadata'] as const) media.removeEventListener(name, update);
    };
  }, [media]);
  return time;
}

/** Moves the player to a comment's moment and brings it into view, focused (to play from there). */
function seekTo(media: HTMLMediaElement, seconds: number): void {
  media.currentTime = seconds;
  media.scrollIntoView({ block: 'nearest' });
  media.focus();
}

/** Where a thread applies, to go there: a moment seeks the player, a PDF page opens there, a region is outlined on the image. */
function AnchorControl({ anchor, file, version, viewer }: { anchor: CommentAnchor; file: ItemView; version: number; viewer: ViewerLink }) {
  const { t } = useTranslation();
  const { key, values } = describeAnchor(anchor);
  const label = t(`space.comments.anchors.${key}`, values);
  if (anchor.kind === 'time' && viewer.media) {
    const media = viewer.media;
    return (
      <Button
        variant="light"
        size="compact-sm"
        aria-label={t('space.comments.seek', { time: formatTime(anchor.seconds) })}
        onClick={() => seekTo(media, anchor.seconds)}
      >
        ▶ {label}
      </Button>
    );
  }
  if (anchor.kind === 'page' && file.fileKind === 'pdf') {
    const { showPage } = viewer;
    const page = anchor.page;
    const inNewTab = (
      <Anchor size="sm" href={`${contentUrl(file, { version })}#page=${String(page)}`} target="_blank" rel="noopener noreferrer">
        {label} ↗
      </Anchor>
    );
    // The page shown here is of the current version; an older version's opens in a tab of its own.
    if (!showPage || version !== file.currentVersion) return inNewTab;
    return (
      <Group gap="xs">
        <Button variant="light" size="compact-sm" onClick={() => showPage(page)}>
          {t('space.comments.showPage', { page })}
        </Button>
        {inNewTab}
      </Group>
    );
  }
  if (anchor.kind === 'region') {
    return (
      <Button variant="light" size="compact-sm" aria-label={t('space.comments.showRegion', { where: label })} onClick={() => viewer.showRegion(anchor)}>
        {label}
      </Button>
    );
  }
  // A slide, an Office page, the whole file: the thread's heading says it already.
  return null;
}

/** Names of the mentioned members, as far as the Space lists them. */
function Mentions({ ids, workspace }: { ids: string[]; workspace: WorkspaceView }) {
  const { t } = useTranslation();
  const names = ids.flatMap((id) => workspace.members.find((member) => member.user.id === id)?.user.name ?? []);
  if (names.length === 0) return null;
  return (
    <Text size="xs" c="dimmed">
      {t('space.comments.mentioned', { names: names.join(', ') })}
    </Text>
  );
}

/** A reply or a thread's answer: text, members to mention, send. */
function ReplyForm({ thread, file, workspace, onDone, onCancel }: { thread: ThreadView; file: ItemView; workspace: WorkspaceView; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const pictures = useAttachmentDraft(file.id);
  const [body, setBody] = useState('');
  const [mentions, setMentions] = useState<string[]>([]);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setFailure(null);
    replyTo(api, thread.id, { body: body.trim(), mentions, attachments: pictures.ids })
      .then(onDone)
      .catch((error: unknown) => setFailure(error))
      .finally(() => setBusy(false));
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="xs">
        <Textarea
          label={t('space.comments.replyLabel', { name: guestMarked(thread.author, t) })}
          value={body}
          autosize
          minRows={2}
          maxLength={5000}
          required
          autoFocus
          onPaste={(event) => pictures.add(pastedPictures(event))}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? t('app.required') : fieldErrorUnder(failure, 'body')}
        />
        <AttachmentPicker draft={pictures} size="xs" />
        <MultiSelect
          label={t('space.comments.mention')}
          data={memberOptions(workspace.members, session.user.id)}
          value={mentions}
          onChange={setMentions}
          searchable
          maxValues={20}
          comboboxProps={{ withinPortal: true }}
          error={fieldErrorUnder(failure, 'mentions')}
        />
        {failure !== null && !namesAnyFieldUnder(failure, ['body', 'mentions']) && (
          <Alert color="red" role="alert">
            <FailureMessage error={failure} />
          </Alert>
        )}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={busy} disabled={pictures.uploading > 0}>
            {t('space.comments.sendReply')}
          </Button>
          <Button variant="default" size="xs" onClick={onCancel} disabled={busy}>
            {t('app.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CommentMeta({ comment }: { comment: ThreadView | ReplyView }) {
  const language = currentLanguage();
  return (
    <Text size="xs" c="dimmed">
      <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt, language)}</time>
    </Text>
  );
}

/** One thread: where it applies, its status, the comment and its replies, resolve or reopen, reply. */
function ThreadCard({ thread, file, workspace, viewer, canComment, canEdit, onChanged }: { thread: ThreadView; file: ItemView; workspace: WorkspaceView; viewer: ViewerLink; canComment: boolean; canEdit: boolean; onChanged: (notice: string) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const headingId = useId();
  const [replying, setReplying] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const mayChangeStatus = canComment && (canEdit || thread.author.id === session.user.id);
  const next = thread.status === 'resolved' ? 'reopened' : 'resolved';
  const { key, values } = describeAnchor(thread.anchor);
  const where = t(`space.comments.anchors.${key}`, values);
  const changeStatus = () => {
    setBusy(true);
    setFailure(null);
    setThreadStatus(api, thread.id, next)
      .then(() => onChanged(next === 'resolved' ? t('space.comments.resolvedNote') : t('space.comments.reopenedNote')))
      .catch((error: unknown) => setFailure(error))
      .finally(() => setBusy(false));
  };
  return (
    <Paper component="li" withBorder p="sm" radius="md" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" align="flex-start">
          <Title order={3} size="h5" id={headingId} className={classes.body}>
            {t('space.comments.threadHeading', { name: guestMarked(thread.author, t), where })}
          </Title>
          <Group gap={4}>
            <Badge color={STATUS_COLOURS[thread.status]} variant="light">
              {t(`space.comments.statuses.${thread.status}`)}
            </Badge>
            {thread.onOlderVersion && (
              <Badge color="gray" variant="outline">
                {t('space.comments.onVersion', { version: thread.version })}
              </Badge>
            )}
          </Group>
        </Group>
        <Group gap="xs">
          <AnchorControl anchor={thread.anchor} file={file} version={thread.version} viewer={viewer} />
          <CommentMeta comment={thread} />
        </Group>
        <Text size="sm" className={classes.body}>
          {thread.body}
        </Text>
        <AttachmentList attachments={thread.attachments} />
        <Mentions ids={thread.mentions} workspace={workspace} />
        {thread.replies.length > 0 && (
          <Stack component="ul" gap="xs" className={classes.replies} aria-label={t('space.comments.repliesTo', { name: guestMarked(thread.author, t) })}>
            {thread.replies.map((reply) => (
              <li key={reply.id}>
                <Text size="sm" fw={600}>
                  {guestMarked(reply.author, t)}
                </Text>
                <CommentMeta comment={reply} />
                <Text size="sm" className={classes.body}>
                  {reply.body}
                </Text>
                <AttachmentList attachments={reply.attachments} />
                <Mentions ids={reply.mentions} workspace={workspace} />
              </li>
            ))}
          </Stack>
        )}
        {failure !== null && (
          <Alert color="red" role="alert">
            <FailureMessage error={failure} />
          </Alert>
        )}
        {replying ? (
          <ReplyForm
            thread={thread}
            file={file}
            workspace={workspace}
            onCancel={() => setReplying(false)}
            onDone={() => {
              setReplying(false);
              onChanged(t('space.comments.replied'));
            }}
          />
        ) : (
          (canComment || mayChangeStatus) && (
            <Group gap="xs">
              {canComment && (
                <Button variant="default" size="xs" aria-label={t('space.comments.replyTo', { name: guestMarked(thread.author, t), where })} onClick={() => setReplying(true)}>
                  {t('space.comments.reply')}
                </Button>
              )}
              {mayChangeStatus && (
                <Button variant="light" size="xs" loading={busy} aria-label={t(next === 'resolved' ? 'space.comments.resolveNamed' : 'space.comments.reopenNamed', { name: guestMarked(thread.author, t), where })} onClick={changeStatus}>
                  {t(next === 'resolved' ? 'space.comments.resolve' : 'space.comments.reopen')}
                </Button>
              )}
            </Group>
          )
        )}
      </Stack>
    </Paper>
  );
}

/** The part of the form that says where the comment applies, from where the viewer is. */
function AnchorFields({ fileKind, draft, onChange, mediaTime, viewer, error }: { fileKind: FileKind; draft: AnchorDraft; onChange: (draft: AnchorDraft) => void; mediaTime: number; viewer: ViewerLink; error: string | undefined }) {
  const { t } = useTranslation();
  const fits = ANCHORS_OF[fileKind];
  if (fits.includes('time')) {
    return (
      <Checkbox
        label={t('space.comments.atTime', { time: formatTime(mediaTime) })}
        description={t('space.comments.atTimeHint')}
        checked={draft.atTime}
        onChange={(event) => onChange({ ...draft, atTime: event.currentTarget.checked })}
        error={error}
      />
    );
  }
  if (fits.includes('page')) {
    return (
      <TextInput
        label={t('space.comments.page')}
        description={t('space.comments.pageHint')}
        inputMode="numeric"
        value={draft.page}
        maw={240}
        onChange={(event) => onChange({ ...draft, page: event.currentTarget.value.replace(/\D/g, '') })}
        error={error}
      />
    );
  }
  if (fits.includes('region')) {
    const { key, values } = viewer.region ? describeAnchor(viewer.region) : { key: 'file' as const, values: {} };
    return (
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('space.comments.where')}
        </Text>
        <Text size="sm" c="dimmed">
          {t('space.comments.regionHint')}
        </Text>
        <Group gap="xs">
          <Text size="sm" aria-live="polite">
            {viewer.region ? t('space.comments.regionMarked', { where: t(`space.comments.anchors.${key}`, values) }) : t('space.comments.wholeImage')}
          </Text>
          {viewer.region && (
            <Button variant="subtle" size="compact-sm" onClick={() => viewer.setRegion(null)}>
              {t('space.comments.clearRegion')}
            </Button>
          )}
        </Group>
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    );
  }
  if (fits.includes('slide')) {
    return <TextInput label={t('space.comments.slide')} description={t('space.comments.slideHint')} value={draft.slide} maxLength={200} onChange={(event) => onChange({ ...draft, slide: event.currentTarget.value })} error={error} />;
  }
  return null;
}

/** A new comment on the file: where (from the viewer), the text, members to mention. */
function NewCommentForm({ file, workspace, viewer, onDone }: { file: ItemView; workspace: WorkspaceView; viewer: ViewerLink; onDone: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const fileKind: FileKind = file.fileKind ?? 'other';
  const mediaTime = useMediaTime(viewer.media);
  const [draft, setDraft] = useState<AnchorDraft>(EMPTY_DRAFT);
  const [body, setBody] = useState('');
  const [mentions, setMentions] = useState<string[]>([]);
  const pictures = useAttachmentDraft(file.id);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setMissing(true);
      bodyRef.current?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    const anchor = anchorOf(fileKind, { ...draft, seconds: mediaTime, region: viewer.region });
    addComment(api, file.id, { body: body.trim(), anchor, mentions, attachments: pictures.ids })
      .then(() => {
        setBody('');
        setMentions([]);
        pictures.clear();
        setDraft(EMPTY_DRAFT);
        viewer.setRegion(null);
        onDone();
      })
      .catch((error: unknown) => setFailure(error))
      .finally(() => setBusy(false));
  };
  return (
    <form noValidate onSubmit={submit} aria-labelledby="space-new-comment">
      <Stack gap="sm">
        <Title order={3} size="h5" id="space-new-comment">
          {t('space.comments.new')}
        </Title>
        <AnchorFields fileKind={fileKind} draft={draft} onChange={setDraft} mediaTime={mediaTime} viewer={viewer} error={fieldErrorUnder(failure, 'anchor')} />
        <Textarea
          ref={bodyRef}
          label={t('space.comments.body')}
          value={body}
          autosize
          minRows={3}
          maxLength={5000}
          required
          // Writing about a moment: the player stops there.
          onFocus={() => viewer.media?.pause()}
          onPaste={(event) => pictures.add(pastedPictures(event))}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? t('app.required') : fieldErrorUnder(failure, 'body')}
        />
        <AttachmentPicker draft={pictures} />
        <MultiSelect
          label={t('space.comments.mention')}
          description={t('space.comments.mentionHint')}
          data={memberOptions(workspace.members, session.user.id)}
          value={mentions}
          onChange={setMentions}
          searchable
          maxValues={20}
          comboboxProps={{ withinPortal: true }}
          error={fieldErrorUnder(failure, 'mentions')}
        />
        {failure !== null && !namesAnyFieldUnder(failure, COMMENT_FIELDS) && (
          <Alert color="red" role="alert">
            <FailureMessage error={failure} />
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy} disabled={pictures.uploading > 0}>
            {t('space.comments.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The file's comments: filters, the threads with their anchors and replies, a new comment, the CSV export. */
export function CommentsPanel({ file, workspace, viewer }: { file: ItemView; workspace: WorkspaceView; viewer: ViewerLink }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<CommentFilters>(NO_FILTERS);
  const [notice, setNotice] = useState<string | null>(null);
  const query = commentQuery(filters);
  const threads = useQuery({ queryKey: [...commentsKey(file.id), query], queryFn: ({ signal }) => fetchThreads(api, file.id, query, signal) });
  const canComment = spaceCan(file.role, 'comment');
  const canEdit = spaceCan(file.role, 'edit');
  const changed = (text: string) => {
    setNotice(text);
    void queryClient.invalidateQueries({ queryKey: commentsKey(file.id) });
  };
  const authors = new Map(workspace.members.map((member) => [member.user.id, member.user.name || member.user.email]));
  for (const thread of threads.data?.threads ?? []) authors.set(thread.author.id, guestMarked(thread.author, t));
  const versions = Array.from({ length: file.currentVersion ?? 0 }, (_, index) => String(index + 1)).reverse();
  const filtered = query !== '';
  return (
    <Section title={t('space.comments.title')} description={t('space.comments.intro')}>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {canComment && <NewCommentForm file={file} workspace={workspace} viewer={viewer} onDone={() => changed(t('space.comments.added'))} />}
      <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
        <Text component="legend" size="sm" fw={600} p={0}>
          {t('space.comments.filters')}
        </Text>
        <Group gap="sm" align="flex-end">
          <NativeSelect
            label={t('space.comments.status')}
            value={filters.status}
            onChange={(event) => {
              const status = (['open', 'resolved', 'reopened'] as const).find((value) => value === event.currentTarget.value) ?? '';
              setFilters({ ...filters, status });
            }}
            data={[{ value: '', label: t('space.comments.anyStatus') }, ...(['open', 'resolved', 'reopened'] as const).map((status) => ({ value: status, label: t(`space.comments.statuses.${status}`) }))]}
          />
          <NativeSelect
            label={t('space.comments.author')}
            value={filters.authorId}
            onChange={(event) => setFilters({ ...filters, authorId: event.currentTarget.value })}
            data={[{ value: '', label: t('space.comments.anyAuthor') }, ...[...authors].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label))]}
          />
          <NativeSelect
            label={t('space.comments.version')}
            value={filters.version}
            onChange={(event) => setFilters({ ...filters, version: event.currentTarget.value })}
            data={[{ value: '', label: t('space.comments.anyVersion') }, ...versions.map((version) => ({ value: version, label: t('space.comments.versionNumber', { version }) }))]}
          />
        </Group>
        <Group gap="md">
          {filtered && (
            <Button variant="subtle" size="compact-sm" onClick={() => setFilters(NO_FILTERS)}>
              {t('space.comments.clearFilters')}
            </Button>
          )}
          <Anchor size="sm" href={commentsExportUrl(file.id, query, 'csv')} download>
            {t('space.comments.csv')}
          </Anchor>
          <Anchor size="sm" href={commentsExportUrl(file.id, query, 'pdf')} download>
            {t('space.comments.pdf')}
          </Anchor>
        </Group>
      </Stack>
      {threads.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {threads.error && (
        <Alert color="red" role="alert">
          <FailureMessage error={threads.error} />
        </Alert>
      )}
      {threads.data && threads.data.threads.length === 0 && (
        <Text size="sm" c="dimmed">
          {filtered ? t('space.comments.noneFound') : t('space.comments.none')}
        </Text>
      )}
      {threads.data && threads.data.threads.length > 0 && (
        <Stack component="ul" gap="sm" className={classes.list} aria-label={t('space.comments.listLabel', { count: threads.data.threads.length })}>
          {threads.data.threads.map((thread) => (
            <ThreadCard key={thread.id} thread={thread} file={file} workspace={workspace} viewer={viewer} canComment={canComment} canEdit={canEdit} onChanged={changed} />
          ))}
        </Stack>
      )}
    </Section>
  );
}
