import { Anchor, Button, Checkbox, Loader, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { currentLanguage } from '../../shared/i18n';
import { ConfirmDialog } from '../../shared/ui/ConfirmAction';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { fetchSiteRequests, PRIVACY_KEYS, rejectRequest, type SiteRequestView } from './privacy.api';

/** `/privacy-requests`: the site's erasure requests (carried out on the person's page, or refused here) and the exports made. */
export function PrivacyRequestsPage() {
  const { t } = useTranslation();
  usePageTitle(t('dataPrivacy.admin.requestsTitle'));
  const queryClient = useQueryClient();
  const [onlyOpen, setOnlyOpen] = useState(true);
  const [rejecting, setRejecting] = useState<SiteRequestView | null>(null);
  const [reason, setReason] = useState('');
  const status = onlyOpen ? 'requested' : undefined;
  const requests = useQuery({ queryKey: [...PRIVACY_KEYS.site, status ?? 'all'], queryFn: ({ signal }) => fetchSiteRequests(api, status, signal) });
  const language = currentLanguage();

  return (
    <Stack gap="lg" maw={1200}>
      <Title order={1}>{t('dataPrivacy.admin.requestsTitle')}</Title>
      <Section title={t('dataPrivacy.admin.requestsTitle')} description={t('dataPrivacy.admin.requestsDescription')}>
        <Checkbox
          label={t('dataPrivacy.admin.filterOpen')}
          checked={onlyOpen}
          onChange={(event) => {
            setOnlyOpen(event.currentTarget.checked);
          }}
        />
        {requests.error && <LoadError error={requests.error} onRetry={() => void requests.refetch()} />}
        {!requests.data && !requests.error && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
        {requests.data &&
          (requests.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('dataPrivacy.admin.none')}
            </Text>
          ) : (
            <DataTable
              caption={t('dataPrivacy.admin.requestsTitle')}
              minWidth={720}
              actions
              headers={[t('dataPrivacy.admin.person'), t('dataPrivacy.admin.kind'), t('dataPrivacy.admin.status'), t('dataPrivacy.admin.requestedAt'), t('dataPrivacy.admin.handledAt')]}
            >
              {requests.data.map((request) => (
                <Table.Tr key={request.id}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Anchor component={Link} to={`/users/${request.subjectUserId}`}>
                      {request.subjectName || request.subjectEmail}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`dataPrivacy.kind.${request.kind}`)}</Table.Td>
                  <Table.Td>{t(`dataPrivacy.status.${request.status}`)}</Table.Td>
                  <Table.Td>{formatDateTime(request.requestedAt, language)}</Table.Td>
                  <Table.Td>{request.handledAt ? formatDateTime(request.handledAt, language) : '–'}</Table.Td>
                  <Table.Td>
                    {request.kind === 'erasure' && request.status === 'requested' && (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`${t('dataPrivacy.admin.reject')}: ${request.subjectName || request.subjectEmail}`}
                        onClick={() => {
                          setReason('');
                          setRejecting(request);
                        }}
                      >
                        {t('dataPrivacy.admin.reject')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          ))}
      </Section>
      <ConfirmDialog
        opened={rejecting !== null}
        onClose={() => {
          setRejecting(null);
        }}
        title={t('dataPrivacy.admin.rejectTitle')}
        body={
          <Textarea
            label={t('dataPrivacy.admin.rejectReason')}
            value={reason}
            autosize
            minRows={2}
            onChange={(event) => {
              setReason(event.currentTarget.value);
            }}
          />
        }
        confirmLabel={t('dataPrivacy.admin.reject')}
        confirmDisabled={reason.trim() === ''}
        onConfirm={async () => {
          if (!rejecting) return;
          await rejectRequest(api, rejecting.id, reason.trim());
          await queryClient.invalidateQueries({ queryKey: PRIVACY_KEYS.site });
        }}
      />
    </Stack>
  );
}
