import { Alert, Badge, Button, Divider, Group, Loader, Modal, PasswordInput, Paper, Radio, Stack, Switch, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { FailureMessage } from '../../shared/forms/FailureMessage';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { currentLanguage } from '../../shared/i18n';
import { CopyText } from '../../shared/ui/CopyText';
import { FactGrid } from '../../shared/ui/FactGrid';
import { formatDateTime } from '../../shared/ui/format';
import type { ItemView } from '../space.api';
import { fieldErrorUnder, namesAnyFieldUnder } from '../spaceForms';
import { EMPTY_SHARE_FORM, recipientsOf, shareInputOf, shareState, sortShares, type ShareForm } from './shareLinks';
import { ShareAnalytics } from '../analytics/ShareAnalytics';
import { createShare, fetchShares, revokeShare, setShareRecipients, sharesKey, type ShareView } from './sharing.api';

/** The fields of the new-link form: a refusal naming one of them is shown there. */
const FIELDS = ['audience', 'recipients', 'password', 'expiresAt', 'allowDownload', 'embedOrigins'] as const;
const AUDIENCES = ['public', 'tenant', 'recipients'] as const satisfies readonly ShareView['audience'][];

/** The addresses of a link for named people, to add to or take from (saved together). */
function RecipientsEditor({ share, onSaved }: { share: ShareView; onSaved: () => void }) {
  const { t } = useTranslation();
  const [recipients, setRecipients] = useState(share.recipients);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setSaved(false);
    setShareRecipients(api, share.id, recipientsOf(recipients))
      .then((changed) => {
        setRecipients(changed.recipients);
        setSaved(true);
        onSaved();
      })
      .catch((error: unknown) => setFailure(error))
      .finally(() => setBusy(false));
  };
  return (
    <form noValidate onSubmit={save}>
      <Stack gap="xs">
        <RecipientsInput value={recipients} onChange={setRecipients} error={fieldErrorUnder(failure, 'recipients')} />
        {failure !== null && !namesAnyFieldUnder(failure, ['recipients']) && (
          <Alert color="red" role="alert">
            <FailureMessage error={failure} />
          </Alert>
        )}
        {saved && <SuccessNote>{t('space.share.recipientsSaved')}</SuccessNote>}
        <Group>
          <Button type="submit" variant="light" size="xs" loading={busy}>
            {t('space.share.saveRecipients')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RecipientsInput({ value, onChange, error }: { value: string[]; onChange: (recipients: string[]) => void; error: string | undefined }) {
  const { t } = useTranslation();
  return (
    <TagsInput
      label={t('space.share.recipients')}
      description={t('space.share.recipientsHint')}
      value={value}
      onChange={onChange}
      maxTags={50}
      splitChars={[',', ' ', ';']}
      clearable
      clearButtonProps={{ 'aria-label': t('space.share.clearRecipients') }}
      error={error}
    />
  );
}
const STATE_COLOURS = { active: 'green', revoked: 'gray', expired: 'orange' } as const;

/** One link: what it allows, how often it was opened, its address and embed code to copy, and revoking it (asked first, in place). */
function ShareCard({ share, itemName, onRevoked, onRecipientsSaved }: { share: ShareView; itemName: string; onRevoked: () => void; onRecipientsSaved: () => void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const headingId = useId();
  const state = shareState(share);
  const [confirming, setConfirming] = useState(false);
  const [showViews, setShowViews] = useState(false);
  const viewsId = useId();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const created = formatDateTime(share.createdAt, language);
  const facts: [string, string][] = [
    [t('space.share.audience'), t(`space.share.audiences.${share.audience}`)],
    ...(share.audience === 'recipients' && shareState(share) !== 'active' ? ([[t('space.share.recipients'), share.recipients.join(', ')]] as [string, string][]) : []),
    [t('space.share.password'), share.hasPassword ? t('space.share.yes') : t('space.share.no')],
    [t('space.share.expires'), share.expiresAt ? formatDateTime(share.expiresAt, language) : t('space.share.never')],
    [t('space.share.download'), share.allowDownload ? t('space.share.allowed') : t('space.share.notAllowed')],
    [t('space.share.opens'), String(share.opens)],
    [t('space.share.visitors'), String(share.visitors)],
    [t('space.share.embedFrom'), share.embedOrigins.length > 0 ? share.embedOrigins.join(', ') : t('space.share.nowhere')],
  ];
  if (share.revokedAt) facts.push([t('space.share.revokedAt'), formatDateTime(share.revokedAt, language)]);
  const revoke = () => {
    setBusy(true);
    setFailure(null);
    revokeShare(api, share.id)
      .then(() => {
        setConfirming(false);
        onRevoked();
      })
      .catch((error: unknown) => setFailure(error))
      .finally(() => setBusy(false));
  };
  return (
    <Paper component="li" withBorder p="sm" radius="md" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={4} size="h5" id={headingId}>
            {t('space.share.linkOf', { date: created })}
          </Title>
          <Badge color={STATE_COLOURS[state]} variant="light">
            {t(`space.share.states.${state}`)}
          </Badge>
        </Group>
        <FactGrid facts={facts} cols={{ base: 2, sm: 3 }} />
        <Group>
          <Button variant="subtle" size="xs" aria-expanded={showViews} aria-controls={viewsId} aria-label={showViews ? undefined : t('space.analytics.showNamed', { date: created })} onClick={() => setShowViews(!showViews)}>
            {showViews ? t('space.analytics.hide') : t('space.analytics.show')}
          </Button>
        </Group>
        <div id={viewsId}>{showViews && <ShareAnalytics shareId={share.id} />}</div>
        {state === 'active' && (
          <>
            {share.audience === 'recipients' && <RecipientsEditor share={share} onSaved={onRecipientsSaved} />}
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <TextInput readOnly label={t('space.share.url')} value={share.url} style={{ flex: 1, minWidth: 0 }} onFocus={(event) => event.currentTarget.select()} />
              <CopyText value={share.url} label={t('space.share.copyUrl')} />
            </Group>
            <Stack gap={4}>
              <Textarea readOnly label={t('space.share.embedCode')} description={t('space.share.embedHint')} value={share.embedCode} autosize minRows={2} styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }} onFocus={(event) => event.currentTarget.select()} />
              <Group>
                <CopyText value={share.embedCode} label={t('space.share.copyEmbed')} />
              </Group>
            </Stack>
            {confirming ? (
              <Alert color="red" variant="light" title={t('space.share.revokeTitle')}>
                <Stack gap="xs">
                  <Text size="sm">{t('space.share.revokeBody')}</Text>
                  <Group gap="xs">
                    <Button ref={confirmRef} color="red" size="xs" loading={busy} onClick={revoke}>
                      {t('space.share.revokeConfirm')}
                    </Button>
                    <Button variant="default" size="xs" disabled={busy} onClick={() => setConfirming(false)}>
                      {t('app.cancel')}
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            ) : (
              <Group>
                <Button variant="light" color="red" size="xs" aria-label={t('space.share.revokeNamed', { date: created, name: itemName })} onClick={() => setConfirming(true)}>
                  {t('space.share.revoke')}
                </Button>
              </Group>
            )}
            {failure !== null && (
              <Alert color="red" role="alert">
                <FailureMessage error={failure} />
              </Alert>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** The form of a new link: who may open it, a password, until when, downloads, sites that may embed it. */
function NewShareForm({ item, onCreated }: { item: ItemView; onCreated: (share: ShareView) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<ShareForm>(EMPTY_SHARE_FORM);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [shortPassword, setShortPassword] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const change = (patch: Partial<ShareForm>) => setForm((current) => ({ ...current, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The server's rule, said before asking it (it would say the same).
    if (form.password !== '' && form.password.length < 8) {
      setShortPassword(true);
      passwordRef.current?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    createShare(api, item.id, shareInputOf(form))
      .then((share) => {
        setForm(EMPTY_SHARE_FORM);
        onCreated(share);
      })
      .catch((error: unknown) => setFailure(error))
      .finally(() => setBusy(false));
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <Radio.Group label={t('space.share.audience')} value={form.audience} onChange={(value) => change({ audience: AUDIENCES.find((audience) => audience === value) ?? 'public' })} error={fieldErrorUnder(failure, 'audience')}>
          <Stack gap={6} mt={6}>
            {AUDIENCES.map((audience) => (
              <Radio key={audience} value={audience} label={t(`space.share.audiences.${audience}`)} description={t(`space.share.audienceHints.${audience}`)} />
            ))}
          </Stack>
        </Radio.Group>
        {form.audience === 'recipients' && <RecipientsInput value={form.recipients} onChange={(recipients) => change({ recipients })} error={fieldErrorUnder(failure, 'recipients')} />}
        <PasswordInput
          ref={passwordRef}
          label={t('space.share.passwordOptional')}
          description={t('space.share.passwordHint')}
          value={form.password}
          autoComplete="new-password"
          maxLength={200}
          onChange={(event) => {
            change({ password: event.currentTarget.value });
            setShortPassword(false);
          }}
          error={shortPassword ? t('space.share.passwordShort') : fieldErrorUnder(failure, 'password')}
          visibilityToggleButtonProps={{ 'aria-label': t('space.share.showPassword') }}
        />
        <TextInput type="date" label={t('space.share.expiresOn')} description={t('space.share.expiresHint')} value={form.expiresOn} onChange={(event) => change({ expiresOn: event.currentTarget.value })} error={fieldErrorUnder(failure, 'expiresAt')} maw={240} />
        <Switch label={t('space.share.allowDownload')} checked={form.allowDownload} onChange={(event) => change({ allowDownload: event.currentTarget.checked })} error={fieldErrorUnder(failure, 'allowDownload')} />
        <TagsInput
          label={t('space.share.embedOrigins')}
          description={t('space.share.embedOriginsHint')}
          value={form.embedOrigins}
          onChange={(embedOrigins) => change({ embedOrigins })}
          maxTags={10}
          splitChars={[',', ' ']}
          clearable
          clearButtonProps={{ 'aria-label': t('space.share.clearOrigins') }}
          error={fieldErrorUnder(failure, 'embedOrigins')}
        />
        {failure !== null && !namesAnyFieldUnder(failure, FIELDS) && (
          <Alert color="red" role="alert">
            <FailureMessage error={failure} />
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {t('space.share.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Share": the item's links (copy, embed, revoke) and a new one (for members who may edit it). */
export function ShareDialog({ item, onClose }: { item: ItemView; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const shares = useQuery({ queryKey: sharesKey(item.id), queryFn: ({ signal }) => fetchShares(api, item.id, signal) });
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: sharesKey(item.id) });
  return (
    <Modal opened onClose={onClose} title={t('space.share.title', { name: item.name })} centered size="lg" closeButtonProps={{ 'aria-label': t('app.close') }}>
      <Stack gap="md">
        {notice && <SuccessNote>{notice}</SuccessNote>}
        <Title order={3} size="h4">
          {t('space.share.links')}
        </Title>
        {shares.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
        {shares.error && (
          <Alert color="red" role="alert">
            <FailureMessage error={shares.error} />
          </Alert>
        )}
        {shares.data && shares.data.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('space.share.none')}
          </Text>
        )}
        {shares.data && shares.data.length > 0 && (
          <Stack component="ul" gap="sm" aria-label={t('space.share.links')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {sortShares(shares.data).map((share) => (
              <ShareCard
                key={share.id}
                share={share}
                itemName={item.name}
                onRevoked={() => {
                  setNotice(t('space.share.revoked'));
                  void refresh();
                }}
                onRecipientsSaved={() => void refresh()}
              />
            ))}
          </Stack>
        )}
        <Divider />
        <Title order={3} size="h4">
          {t('space.share.newLink')}
        </Title>
        <NewShareForm
          item={item}
          onCreated={(share) => {
            setNotice(t('space.share.created'));
            queryClient.setQueryData<ShareView[]>(sharesKey(item.id), (current) => [share, ...(current ?? [])]);
            void refresh();
          }}
        />
      </Stack>
    </Modal>
  );
}
