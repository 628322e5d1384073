import { Stack, Text, Title } from '@mantine/core';
import { useScrollToHash } from '../shared/ui/useScrollToHash';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shared/auth/AuthContext';
import { usePageTitle } from '../shared/ui/usePageTitle';
import { ApiTokensSection } from './ApiTokensSection';
import { ChangeEmailSection } from './ChangeEmailSection';
import { ChangePasswordSection } from './ChangePasswordSection';
import { MfaSection } from './MfaSection';
import { SessionsSection } from './SessionsSection';
import { UpdatesConsentSection } from './UpdatesConsentSection';
import { PrivacySection } from './PrivacySection';

/** `/account`: the signed-in user's own sessions, password, address, second factor and API tokens. */
export function AccountPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  usePageTitle(t('account.title'));
  useScrollToHash();
  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={1}>{t('account.title')}</Title>
        <Text c="dimmed" mt={4}>
          {`${user.firstName} ${user.lastName}`.trim()} · {user.email}
        </Text>
      </div>
      <SessionsSection />
      <ChangePasswordSection />
      <ChangeEmailSection />
      <MfaSection />
      <ApiTokensSection />
      <UpdatesConsentSection />
      <PrivacySection />
    </Stack>
  );
}
