import { Group, Image, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBranding } from './branding.api';

/**
 * The site's logo and name, as the header shows them. The logo's alternative text is the site's
 * name, which the text beside it repeats for the eye only. Until the branding is known, the
 * product's name.
 */
export function BrandMark({ fallbackName }: { fallbackName?: string | undefined }) {
  const { t } = useTranslation();
  const branding = useBranding();
  const name = branding.data?.siteName ?? fallbackName ?? t('app.name');
  const logo = branding.data?.logo;
  return (
    <Group gap="xs" wrap="nowrap" component="span">
      {logo && <Image src={logo.url} alt={name} h={36} w="auto" maw={160} fit="contain" />}
      <Text component="span" inherit truncate aria-hidden={logo ? true : undefined}>
        {name}
      </Text>
    </Group>
  );
}
