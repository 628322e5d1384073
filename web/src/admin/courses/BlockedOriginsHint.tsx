import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** Whether an import's warnings name origins the site blocks (LEARN_PACKAGE_ORIGIN_BLOCKED). */
export function hasBlockedOrigins(warnings: readonly { code: string }[]): boolean {
  return warnings.some((warning) => warning.code === 'LEARN_PACKAGE_ORIGIN_BLOCKED');
}

/** Where an administrator allows the origins a package reaches: the settings page's "Course content" part. */
export function BlockedOriginsHint({ size = 'sm' }: { size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  return (
    <Text size={size}>
      {t('courses.upload.allowOrigins')}{' '}
      <Anchor component={Link} to="/settings#content-origins" size={size}>
        {t('courses.upload.allowOriginsLink')}
      </Anchor>
    </Text>
  );
}
