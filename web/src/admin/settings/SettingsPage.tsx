import { Loader, Stack, Tabs, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../shared/api';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { BansPanel } from './BansPanel';
import { fetchSettings, SETTINGS_KEY } from './settings.api';
import { SettingsForm } from './SettingsForm';

const TABS = { general: '/settings', security: '/settings/security' } as const;

/** `/settings` (the site's settings) and `/settings/security` (running blocks). */
export function SettingsPage() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const tab = pathname.replace(/\/+$/, '') === TABS.security ? 'security' : 'general';
  usePageTitle(tab === 'security' ? t('security.title') : t('settings.title'));

  return (
    <Stack gap="lg" maw={960}>
      <Title order={1}>{t('nav.settings')}</Title>
      <Tabs
        value={tab}
        onChange={(value) => {
          if (value === 'general' || value === 'security') void navigate(TABS[value]);
        }}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="general">{t('settings.title')}</Tabs.Tab>
          <Tabs.Tab value="security">{t('security.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="general">
          <GeneralSettings />
        </Tabs.Panel>
        <Tabs.Panel value="security">
          <BansPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function GeneralSettings() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: ({ signal }) => fetchSettings(api, signal), staleTime: 0 });
  if (settings.isPending) return <Loader size="sm" aria-label={t('app.loading')} />;
  if (settings.error) return <LoadError error={settings.error} onRetry={() => void settings.refetch()} />;
  return <SettingsForm settings={settings.data} />;
}
