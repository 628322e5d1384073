import { Blockquote, Button, Checkbox, Group, Loader, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchMyMailConsent, requestMailConsent, UPDATE_MAILS_KEYS, withdrawMailConsent, type MyMailConsentView } from '../admin/updates/updates.api';
import { api } from '../shared/api';
import { useSession } from '../shared/auth/AuthContext';
import { ErrorAlert } from '../shared/forms/ErrorAlert';
import { SuccessNote } from '../shared/forms/SuccessNote';
import { currentLanguage } from '../shared/i18n';
import { formatDateTime } from '../shared/ui/format';
import { LoadError } from '../shared/ui/LoadError';
import { Section } from '../shared/ui/Section';

/**
 * Consent to update e-mails (double opt-in): the box is shown with the exact text the server will
 * store, in the UI's language; ticking it and sending mails a confirmation link. Withdrawal at any time.
 */
export function UpdatesConsentSection() {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const consent = useQuery({ queryKey: UPDATE_MAILS_KEYS.myConsent, queryFn: ({ signal }) => fetchMyMailConsent(api, signal) });
  const [ticked, setTicked] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const language = currentLanguage();
  const settle = (view: MyMailConsentView, message: string) => {
    queryClient.setQueryData(UPDATE_MAILS_KEYS.myConsent, view);
    setTicked(false);
    setNote(message);
  };
  const ask = useMutation({
    mutationFn: (consentText: string) => requestMailConsent(api, { language, consentText }),
    onSuccess: (view) => {
      settle(view, t('updateMails.consent.requestedNote'));
    },
    // A changed text: show the new one, unticked, to be read and ticked again (never a pre-ticked consent).
    onError: () => {
      setTicked(false);
      void consent.refetch();
    },
  });
  const withdraw = useMutation({
    mutationFn: () => withdrawMailConsent(api),
    onSuccess: (view) => {
      settle(view, t('updateMails.consent.withdrawnNote'));
    },
  });

  const data = consent.data;
  const offered = data?.offeredTexts[language] ?? '';
  const date = (iso: string | null) => (iso ? formatDateTime(iso, language) : '');
  const failure = ask.error ?? withdraw.error;
  return (
    <Section id="updates" title={t('updateMails.consent.title')} description={t('updateMails.consent.description')}>
      {consent.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {consent.error && <LoadError error={consent.error} onRetry={() => void consent.refetch()} />}
      {note && <SuccessNote>{note}</SuccessNote>}
      {failure && <ErrorAlert error={failure} />}
      {data?.status === 'confirmed' && (
        <Stack gap="sm">
          <Text>{t('updateMails.consent.confirmed', { date: date(data.confirmedAt) })}</Text>
          <Blockquote p="sm">{data.consentText}</Blockquote>
          <Group>
            <Button variant="light" color="red" loading={withdraw.isPending} onClick={() => withdraw.mutate()}>
              {t('updateMails.consent.withdraw')}
            </Button>
          </Group>
        </Stack>
      )}
      {data?.status === 'pending' && (
        <Stack gap="sm">
          <Text>{t('updateMails.consent.pending', { email: user.email, date: date(data.requestedAt) })}</Text>
          <Group>
            <Button variant="default" loading={ask.isPending} onClick={() => ask.mutate(offered)}>
              {t('updateMails.consent.sendAgain')}
            </Button>
            <Button variant="subtle" color="red" loading={withdraw.isPending} onClick={() => withdraw.mutate()}>
              {t('updateMails.consent.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
      {data && !data.mailSent && data.status !== 'confirmed' && <Text role="status">{t('updateMails.consent.noMailServer')}</Text>}
      {data?.mailSent && (data.status === 'none' || data.status === 'withdrawn') && (
        <form
          aria-label={t('updateMails.consent.title')}
          onSubmit={(event) => {
            event.preventDefault();
            if (ticked) ask.mutate(offered);
          }}
        >
          <Stack gap="sm" maw={640}>
            {data.status === 'withdrawn' && (
              <Text size="sm">{data.endedByAddressChange ? t('updateMails.consent.addressChanged') : t('updateMails.consent.withdrawn', { date: date(data.withdrawnAt) })}</Text>
            )}
            <Checkbox
              label={t('updateMails.consent.checkbox')}
              description={
                <>
                  {t('updateMails.consent.textLabel')} <q lang={language}>{offered}</q>
                </>
              }
              checked={ticked}
              onChange={(event) => {
                setTicked(event.currentTarget.checked);
              }}
            />
            <Group>
              <Button type="submit" disabled={!ticked} loading={ask.isPending}>
                {t('updateMails.consent.request')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}
