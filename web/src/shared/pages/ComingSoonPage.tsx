import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { NavKey } from '../auth/roles';
import { usePageTitle } from '../ui/usePageTitle';

/** Placeholder for a navigation entry whose feature does not exist yet. */
export function ComingSoonPage({ navKey }: { navKey: NavKey }) {
  const { t } = useTranslation();
  const title = t(`nav.${navKey}`);
  usePageTitle(title);
  return (
    <Stack gap="sm" maw={720}>
      <Title order={1}>{title}</Title>
      <Text>{t('comingSoon.body')}</Text>
      <Anchor component={Link} to="/">
        {t('comingSoon.back')}
      </Anchor>
    </Stack>
  );
}
