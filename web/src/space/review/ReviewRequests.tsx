import { Alert, Badge, Button, Group, List, Loader, Modal, MultiSelect, Paper, Stack, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { useSession } from '../../shared/auth/AuthContext';
import { FailureMessage } from '../../shared/forms/FailureMessage';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { currentLanguage } from '../../shared/i18n';
import { formatDate, formatDateTime } from '../../shared/ui/format';
import { ConfirmDialog } from '../../shared/ui/ConfirmAction';
import { Section } from '../../shared/ui/Section';
import type { ItemView, WorkspaceView } from '../space.api';
import { fieldErrorUnder, memberOptions, namesAnyFieldUnder } from '../spaceForms';
import { spaceCan } from '../spaceRoles';
import { fetchReviewRequests, finishReview, MY_REVIEWS_KEY, removeGuest, requestReview, resendGuestLink, reviewRequestsKey, type ReviewRequestView } from './review.api';
import { guestMarked, inAWeek, isOverdue, missingOf, reviewInputOf, reviewProgress, waitsFor, type ReviewForm } from './reviewRequests';
import classes from './review.module.css';

const FIELDS = ['reviewers', 'guests', 'dueAt', 'message'] as const;

/** The name of a member of the Space by id, as far as the Space lists them (site administrators are owners without being listed). */
function useMemberName(workspace: WorkspaceView): (id: string) => string | undefined {
  const { t } = useTranslation();
  const session = useSession();
  return (id) => (id === session.user.id ? t('space.reviews.you') : workspace.members.find((member) => member.user.id === id)?.user.name);
}

/** "Request review": members to ask, by when, what to look at. */
export function RequestReviewDialog({ file, workspace, onClose, onDone }: { file: ItemView; workspace: WorkspaceView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const candidates = memberOptions(workspace.members, session.user.id);
  const [form, setForm] = useState<ReviewForm>({ reviewers: [], guests: [], dueOn: inAWeek(), message: '' });
  const [missing, setMissing] = useState({ reviewers: false, dueOn: false });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const lacking = missingOf(form);
    setMissing(lacking);
    if (lacking.reviewers || lacking.dueOn) return;
    setBusy(true);
    setFailure(null);
    requestReview(api, file.id, reviewInputOf(form))
      .then(onDone)
      .catch((error: unknown) => setFailure(error))
      .finally(() => setBusy(false));
  };
  return (
    <Modal opened onClose={busy ? () => undefined : onClose} title={t('space.reviews.requestTitle', { name: file.name })} centered closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form noValidate onSubmit={submit}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('space.reviews.requestHint', { version: file.currentVersion ?? 1 })}
          </Text>
          {candidates.length === 0 ? (
            <Alert color="gray" title={t('space.reviews.reviewers')}>
              {t('space.reviews.noOtherMembers')}
            </Alert>
          ) : (
            <MultiSelect
              label={t('space.reviews.reviewers')}
              description={t('space.reviews.reviewersHint')}
              data={candidates}
              value={form.reviewers}
              onChange={(reviewers) => {
                setForm({ ...form, reviewers });
                setMissing({ ...missing, reviewers: false });
              }}
              searchable
              required
              maxValues={50}
              comboboxProps={{ withinPortal: true }}
              error={missing.reviewers ? t('space.reviews.reviewersMissing') : fieldErrorUnder(failure, 'reviewers')}
            />
          )}
          <TagsInput
            label={t('space.reviews.guests')}
            description={t('space.reviews.guestsHint')}
            value={form.guests}
            onChange={(guests) => {
              setForm({ ...form, guests });
              setMissing({ ...missing, reviewers: false });
            }}
            maxTags={20}
            splitChars={[',', ' ', ';']}
            error={candidates.length === 0 && missing.reviewers ? t('space.reviews.reviewersMissing') : fieldErrorUnder(failure, 'guests')}
          />
          <TextInput
            type="date"
            label={t('space.reviews.dueOn')}
            value={form.dueOn}
            required
            maw={240}
            onChange={(event) => {
              setForm({ ...form, dueOn: event.currentTarget.value });
              setMissing({ ...missing, dueOn: false });
            }}
            error={missing.dueOn ? t('app.required') : fieldErrorUnder(failure, 'dueAt')}
          />
          <Textarea label={t('space.reviews.message')} description={t('space.reviews.messageHint')} value={form.message} autosize minRows={3} maxLength={2000} onChange={(event) => setForm({ ...form, message: event.currentTarget.value })} error={fieldErrorUnder(failure, 'message')} />
          {failure !== null && !namesAnyFieldUnder(failure, FIELDS) && (
            <Alert color="red" role="alert">
              <FailureMessage error={failure} />
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('space.reviews.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** "My review is done", for a reviewer the request waits for. */
export function FinishReviewButton({ request, fileName, onDone }: { request: ReviewRequestView; fileName: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <Stack gap="xs">
      <Group>
        <Button
          size="xs"
          loading={busy}
          aria-label={t('space.reviews.finishNamed', { name: fileName })}
          onClick={() => {
            setBusy(true);
            setFailure(null);
            finishReview(api, request.id)
              .then(onDone)
              .catch((error: unknown) => setFailure(error))
              .finally(() => setBusy(false));
          }}
        >
          {t('space.reviews.finish')}
        </Button>
      </Group>
      {failure !== null && (
        <Alert color="red" role="alert">
          <FailureMessage error={failure} />
        </Alert>
      )}
    </Stack>
  );
}

/** For who asked or may edit the file: mail a guest their link again, or take them off the request. */
function GuestActions({ request, guest, onChanged }: { request: ReviewRequestView; guest: ReviewRequestView['reviewers'][number]; onChanged: (notice: string) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [removing, setRemoving] = useState(false);
  const resend = () => {
    setBusy(true);
    setFailure(null);
    resendGuestLink(api, request.id, guest.id)
      .then(() => onChanged(t('space.reviews.linkResent', { name: guest.name })))
      .catch((error: unknown) => setFailure(error))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <Group gap={4} component="span">
        <Button size="compact-xs" variant="subtle" loading={busy} aria-label={t('space.reviews.resendNamed', { name: guest.name })} onClick={resend}>
          {t('space.reviews.resend')}
        </Button>
        <Button size="compact-xs" variant="subtle" color="red" aria-label={t('space.reviews.removeGuestNamed', { name: guest.name })} onClick={() => setRemoving(true)}>
          {t('space.reviews.removeGuest')}
        </Button>
      </Group>
      {failure !== null && (
        <Text size="sm" c="red" role="alert">
          <FailureMessage error={failure} />
        </Text>
      )}
      <ConfirmDialog
        opened={removing}
        onClose={() => setRemoving(false)}
        title={t('space.reviews.removeGuestTitle', { name: guest.name })}
        body={t('space.reviews.removeGuestBody')}
        confirmLabel={t('space.reviews.removeGuest')}
        onConfirm={async () => {
          await removeGuest(api, request.id, guest.id);
          onChanged(t('space.reviews.guestRemoved', { name: guest.name }));
        }}
      />
    </>
  );
}

/** One request: the version, due date, who asked, the message and each reviewer's state in words. */
export function ReviewRequestCard({
  request,
  workspace,
  heading,
  children,
  onGuestChanged,
}: {
  request: ReviewRequestView;
  workspace: WorkspaceView;
  heading: string;
  children?: ReactNode;
  /** Given to who may manage the request's guests: the guests get "send again" and "remove". */
  onGuestChanged?: ((notice: string) => void) | undefined;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const nameOf = useMemberName(workspace);
  const headingId = useId();
  const { done, total } = reviewProgress(request);
  const overdue = isOverdue(request);
  // The server names who asked (a site administrator is an owner without a member row).
  const requester = request.requestedByName || nameOf(request.requestedBy);
  const facts = [t('space.reviews.dueBy', { date: formatDate(request.dueAt, language) }), t('space.reviews.versionN', { version: request.version }), ...(requester ? [t('space.reviews.askedBy', { name: requester })] : [])];
  return (
    <Paper component="li" withBorder p="sm" radius="md" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" align="flex-start">
          <Title order={3} size="h5" id={headingId} className={classes.body}>
            {heading}
          </Title>
          <Group gap={4}>
            {overdue && (
              <Badge color="red" variant="light">
                {t('space.reviews.overdue')}
              </Badge>
            )}
            <Badge color={done === total ? 'green' : 'gray'} variant="light">
              {t('space.reviews.progress', { done, total })}
            </Badge>
          </Group>
        </Group>
        <Text size="sm">{facts.join(' · ')}</Text>
        {request.message && (
          <Text size="sm" className={classes.body} fs="italic">
            {request.message}
          </Text>
        )}
        <List size="sm" spacing={2} listStyleType="none" aria-label={t('space.reviews.reviewersOf', { heading })} style={{ paddingLeft: 0 }}>
          {request.reviewers.map((reviewer) => (
            <List.Item key={reviewer.id}>
              {reviewer.doneAt ? '✓' : '○'} {guestMarked(reviewer, t)}: {reviewer.doneAt ? t('space.reviews.doneOn', { date: formatDateTime(reviewer.doneAt, language) }) : t('space.reviews.notDone')}
              {reviewer.guest && onGuestChanged && <GuestActions request={request} guest={reviewer} onChanged={onGuestChanged} />}
            </List.Item>
          ))}
        </List>
        {children}
      </Stack>
    </Paper>
  );
}

/** The file's review requests with each reviewer's state; "Request review" for those who may edit it. */
export function ReviewRequestsPanel({ file, workspace }: { file: ItemView; workspace: WorkspaceView }) {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const requests = useQuery({ queryKey: reviewRequestsKey(file.id), queryFn: ({ signal }) => fetchReviewRequests(api, file.id, signal) });
  const [asking, setAsking] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = (text: string) => {
    setNotice(text);
    void queryClient.invalidateQueries({ queryKey: reviewRequestsKey(file.id) });
    void queryClient.invalidateQueries({ queryKey: MY_REVIEWS_KEY });
  };
  const language = currentLanguage();
  return (
    <Section title={t('space.reviews.title')}>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {spaceCan(file.role, 'edit') && file.currentVersion !== null && (
        <Group>
          <Button variant="default" size="sm" onClick={() => setAsking(true)}>
            {t('space.reviews.request')}
          </Button>
        </Group>
      )}
      {requests.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {requests.error && (
        <Alert color="red" role="alert">
          <FailureMessage error={requests.error} />
        </Alert>
      )}
      {requests.data && requests.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('space.reviews.none')}
        </Text>
      )}
      {requests.data && requests.data.length > 0 && (
        <Stack component="ul" gap="sm" className={classes.list} aria-label={t('space.reviews.title')}>
          {requests.data.map((request) => (
            <ReviewRequestCard
              key={request.id}
              request={request}
              workspace={workspace}
              heading={t('space.reviews.requestOf', { date: formatDateTime(request.createdAt, language) })}
              onGuestChanged={spaceCan(file.role, 'edit') || request.requestedBy === session.user.id ? refresh : undefined}
            >
              {waitsFor(request, session.user.id) && <FinishReviewButton request={request} fileName={file.name} onDone={() => refresh(t('space.reviews.finished', { name: file.name }))} />}
            </ReviewRequestCard>
          ))}
        </Stack>
      )}
      {asking && (
        <RequestReviewDialog
          file={file}
          workspace={workspace}
          onClose={() => setAsking(false)}
          onDone={() => {
            setAsking(false);
            refresh(t('space.reviews.requested'));
          }}
        />
      )}
    </Section>
  );
}
