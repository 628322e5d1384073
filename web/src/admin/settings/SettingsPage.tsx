import { Loader, Stack, Tabs, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import type { ReactNode } from 'react';
import { api, type TenantSettings } from '../../shared/api';
import { BrandingPanel } from '../branding/BrandingPanel';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { BansPanel } from './BansPanel';
import { fetchSettings, SETTINGS_KEY } from './settings.api';
import { SettingsForm } from './SettingsForm';

const TABS = { general: '/settings', branding: '/settings/branding', security: '/settings/security' } as const;
type Tab = keyof typeof TABS;

/** `/settings` (the site's settings), `/settings/branding` (name, colour, logo) and `/settings/security` (running blocks). */
export function SettingsPage() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const path = pathname.replace(/\/+$/, '');
  const tab: Tab = path === TABS.security ? 'security' : path === TABS.branding ? 'branding' : 'general';
  usePageTitle(tab === 'security' ? t('security.title') : tab === 'branding' ? t('branding.title') : t('settings.title'));

  return (
    <Stack gap="lg" maw={960}>
      <Title order={1}>{t('nav.settings')}</Title>
      <Tabs
        value={tab}
        onChange={(value) => {
          if (value === 'general' || value === 'branding' || value === 'security') void navigate(TABS[value]);
        }}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="general">{t('settings.title')}</Tabs.Tab>
          <Tabs.Tab value="branding">{t('branding.tab')}</Tabs.Tab>
          <Tabs.Tab value="security">{t('security.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="general">
          <LoadedSettings show={(settings) => <SettingsForm settings={settings} />} />
        </Tabs.Panel>
        <Tabs.Panel value="branding">
          <LoadedSettings show={(settings) => <BrandingPanel settings={settings} />} />
        </Tabs.Panel>
        <Tabs.Panel value="security">
          <BansPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function LoadedSettings({ show }: { show: (settings: TenantSettings) => ReactNode }) {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: ({ signal }) => fetchSettings(api, signal), staleTime: 0 });
  if (settings.isPending) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (settings.error) return <LoadError error={settings.error} onRetry={() => void settings.refetch()} />;
  return show(settings.data);
}
