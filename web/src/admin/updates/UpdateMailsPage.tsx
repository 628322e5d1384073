import { Button, Group, Loader, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UPDATE_BODY_MAX, UPDATE_SUBJECT_MAX } from '../../../../src/platform/privacy/consent/consent.contract';
import { api } from '../../shared/api';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { currentLanguage } from '../../shared/i18n';
import { ConfirmDialog } from '../../shared/ui/ConfirmAction';
import { DataTable } from '../../shared/ui/DataTable';
import { FactGrid } from '../../shared/ui/FactGrid';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { fetchUpdateMailsOverview, sendUpdateMailing, UPDATE_MAILS_KEYS } from './updates.api';

/** `/update-mails`: the administrator writes an update e-mail to the people with confirmed consent, and sees what was sent. */
export function UpdateMailsPage() {
  const { t } = useTranslation();
  usePageTitle(t('updateMails.admin.title'));
  const queryClient = useQueryClient();
  const overview = useQuery({ queryKey: UPDATE_MAILS_KEYS.overview, queryFn: ({ signal }) => fetchUpdateMailsOverview(api, signal) });
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [asking, setAsking] = useState(false);
  const [sentTo, setSentTo] = useState<number | null>(null);
  const language = currentLanguage();

  const data = overview.data;
  const recipients = data?.consents.confirmed ?? 0;
  const ready = subject.trim() !== '' && body.trim() !== '' && recipients > 0 && data?.mailSent === true;
  const send = async () => {
    const sent = await sendUpdateMailing(api, { subject: subject.trim(), message: body });
    setSentTo(sent.recipientCount);
    setSubject('');
    setBody('');
    await queryClient.invalidateQueries({ queryKey: UPDATE_MAILS_KEYS.overview });
  };

  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={1}>{t('updateMails.admin.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('updateMails.admin.intro')}
        </Text>
      </div>
      {overview.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {overview.error && <LoadError error={overview.error} onRetry={() => void overview.refetch()} />}
      {data && (
        <>
          <Section title={t('updateMails.admin.stats')}>
            <FactGrid
              cols={{ base: 1, sm: 3 }}
              strong
              facts={[
                [t('updateMails.admin.confirmed'), String(data.consents.confirmed)],
                [t('updateMails.admin.pending'), String(data.consents.pending)],
                [t('updateMails.admin.withdrawn'), String(data.consents.withdrawn)],
              ]}
            />
          </Section>
          <Section title={t('updateMails.admin.compose')}>
            <form
              aria-label={t('updateMails.admin.compose')}
              onSubmit={(event) => {
                event.preventDefault();
                setSentTo(null);
                if (ready) setAsking(true);
              }}
            >
              <Stack gap="md">
                {sentTo !== null && <SuccessNote>{t('updateMails.admin.sent', { count: sentTo })}</SuccessNote>}
                {!data.mailSent && <Text role="status">{t('updateMails.admin.noMailServer')}</Text>}
                {data.mailSent && recipients === 0 && <Text role="status">{t('updateMails.admin.noRecipients')}</Text>}
                <TextInput
                  label={t('updateMails.admin.subject')}
                  required
                  maxLength={UPDATE_SUBJECT_MAX}
                  value={subject}
                  onChange={(event) => {
                    setSubject(event.currentTarget.value);
                  }}
                />
                <Textarea
                  label={t('updateMails.admin.body')}
                  description={t('updateMails.admin.bodyHint')}
                  required
                  autosize
                  minRows={8}
                  maxLength={UPDATE_BODY_MAX}
                  value={body}
                  onChange={(event) => {
                    setBody(event.currentTarget.value);
                  }}
                />
                <Group>
                  <Button type="submit" disabled={!ready}>
                    {t('updateMails.admin.send')}
                  </Button>
                </Group>
              </Stack>
            </form>
            <ConfirmDialog
              opened={asking}
              onClose={() => {
                setAsking(false);
              }}
              title={t('updateMails.admin.confirmTitle')}
              body={t('updateMails.admin.confirmBody', { count: recipients, subject: subject.trim() })}
              confirmLabel={t('updateMails.admin.confirmSend')}
              danger={false}
              onConfirm={send}
            />
          </Section>
          <Section title={t('updateMails.admin.history')}>
            {data.mailings.length === 0 ? (
              <Text c="dimmed">{t('updateMails.admin.none')}</Text>
            ) : (
              <DataTable
                caption={t('updateMails.admin.history')}
                minWidth={560}
                headers={[t('updateMails.admin.columns.subject'), t('updateMails.admin.columns.sentAt'), t('updateMails.admin.columns.recipients'), t('updateMails.admin.columns.sentBy')]}
              >
                {data.mailings.map((mailing) => (
                  <Table.Tr key={mailing.id}>
                    <Table.Td>{mailing.subject}</Table.Td>
                    <Table.Td>{formatDateTime(mailing.createdAt, language)}</Table.Td>
                    <Table.Td>
                      {mailing.deliveredAt
                        ? mailing.deliveredCount
                        : t('updateMails.admin.delivering', { done: mailing.deliveredCount, total: mailing.recipientCount })}
                    </Table.Td>
                    <Table.Td>{mailing.sentBy ?? t('updateMails.admin.unknownSender')}</Table.Td>
                  </Table.Tr>
                ))}
              </DataTable>
            )}
          </Section>
        </>
      )}
    </Stack>
  );
}
