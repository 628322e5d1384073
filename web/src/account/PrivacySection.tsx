import { Button, Group, List, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api';
import { currentLanguage } from '../shared/i18n';
import { SuccessNote } from '../shared/forms/SuccessNote';
import { ConfirmAction } from '../shared/ui/ConfirmAction';
import { formatDate } from '../shared/ui/format';
import { LoadError } from '../shared/ui/LoadError';
import { Section } from '../shared/ui/Section';
import { fetchOwnRequests, OWN_EXPORT_URL, PRIVACY_KEYS, requestErasure } from '../admin/privacy/privacy.api';

/** One's own data: download it all, ask for erasure, and see one's requests. */
export function PrivacySection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const requests = useQuery({ queryKey: PRIVACY_KEYS.own, queryFn: ({ signal }) => fetchOwnRequests(api, signal) });
  const language = currentLanguage();
  const open = requests.data?.find((request) => request.kind === 'erasure' && request.status === 'requested');

  return (
    <Section id="privacy" title={t('dataPrivacy.account.title')} description={t('dataPrivacy.account.description')}>
      <Stack gap="md">
        <div>
          <Button component="a" variant="default" href={OWN_EXPORT_URL} download>
            {t('dataPrivacy.account.download')}
          </Button>
          <Text size="sm" c="dimmed" mt={6}>
            {t('dataPrivacy.account.downloadHint')}
          </Text>
        </div>
        {open ? (
          <SuccessNote>{t('dataPrivacy.account.requested', { date: formatDate(open.requestedAt, language) })}</SuccessNote>
        ) : (
          <Group>
            <ConfirmAction
              label={t('dataPrivacy.account.requestErasure')}
              buttonProps={{ variant: 'default', color: 'red' }}
              title={t('dataPrivacy.account.requestTitle')}
              body={t('dataPrivacy.account.requestBody')}
              confirmLabel={t('dataPrivacy.account.requestConfirm')}
              onConfirm={async () => {
                await requestErasure(api);
                await queryClient.invalidateQueries({ queryKey: PRIVACY_KEYS.own });
              }}
            />
          </Group>
        )}
        {requests.error && <LoadError error={requests.error} onRetry={() => void requests.refetch()} />}
        {requests.data && requests.data.length > 0 && (
          <div>
            <Text fw={600} size="sm" component="h3" m={0}>
              {t('dataPrivacy.account.history')}
            </Text>
            <List size="sm" mt={4}>
              {requests.data.map((request) => (
                <List.Item key={request.id}>
                  {t(`dataPrivacy.kind.${request.kind}`)} · {formatDate(request.requestedAt, language)} · {t(`dataPrivacy.status.${request.status}`)}
                </List.Item>
              ))}
            </List>
          </div>
        )}
      </Stack>
    </Section>
  );
}
