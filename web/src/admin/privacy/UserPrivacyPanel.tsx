import { isErasedAddress } from '../../../../src/platform/identity/identity.contract';
import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type AdminUserView } from '../../shared/api';
import { currentLanguage } from '../../shared/i18n';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { ConfirmDialog } from '../../shared/ui/ConfirmAction';
import { formatDate } from '../../shared/ui/format';
import { eraseUser, fetchSiteRequests, PRIVACY_KEYS, userExportUrl } from './privacy.api';


/** On a user's page: download their data, or erase them (typing their address to confirm). */
export function UserPrivacyPanel({ user, name, onErased }: { user: AdminUserView; name: string; onErased: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [erasing, setErasing] = useState(false);
  const [confirmEmail, setConfirmEmail] = useState('');
  // The name as it was: once erased, the reloaded user is called "Deleted person".
  const [erased, setErased] = useState<string | null>(null);
  const open = useQuery({ queryKey: [...PRIVACY_KEYS.site, 'requested'], queryFn: ({ signal }) => fetchSiteRequests(api, 'requested', signal) });
  const openRequest = open.data?.find((request) => request.subjectUserId === user.id && request.kind === 'erasure');
  const gone = isErasedAddress(user.email);

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="user-privacy">
      <Stack gap="sm">
        <Title order={2} size="h3" id="user-privacy">
          {t('dataPrivacy.admin.title')}
        </Title>
        {erased !== null && <SuccessNote>{t('dataPrivacy.admin.erased', { name: erased })}</SuccessNote>}
        {gone ? (
          <Text size="sm">{t('dataPrivacy.admin.erasedAlready')}</Text>
        ) : (
          <>
            <Text size="sm">{t('dataPrivacy.admin.description')}</Text>
            {openRequest && (
              <Text size="sm" fw={600} role="status">
                {t('dataPrivacy.admin.openRequest', { date: formatDate(openRequest.requestedAt, currentLanguage()) })}
              </Text>
            )}
            <Group>
              <Button component="a" variant="default" href={userExportUrl(user.id)} download>
                {t('dataPrivacy.admin.download')}
              </Button>
              <Button
                color="red"
                variant="light"
                onClick={() => {
                  setConfirmEmail('');
                  setErasing(true);
                }}
              >
                {t('dataPrivacy.admin.erase')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
      <ConfirmDialog
        opened={erasing}
        onClose={() => {
          setErasing(false);
        }}
        title={t('dataPrivacy.admin.eraseTitle', { name })}
        body={
          <Stack gap="sm">
            <Text>{t('dataPrivacy.admin.eraseBody')}</Text>
            <TextInput
              label={t('dataPrivacy.admin.confirmEmail', { email: user.email })}
              type="email"
              autoComplete="off"
              value={confirmEmail}
              onChange={(event) => {
                setConfirmEmail(event.currentTarget.value);
              }}
            />
          </Stack>
        }
        confirmLabel={t('dataPrivacy.admin.eraseConfirm')}
        confirmDisabled={confirmEmail.trim().toLowerCase() !== user.email.toLowerCase()}
        onConfirm={async () => {
          await eraseUser(api, user.id, confirmEmail.trim());
          setErased(name);
          await queryClient.invalidateQueries({ queryKey: PRIVACY_KEYS.site });
          await onErased();
        }}
      />
    </Paper>
  );
}
