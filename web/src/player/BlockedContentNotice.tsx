import { Alert, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** How many blocked origins get a notice of their own; a course that tries more gets one more line. */
export const NOTICES_SHOWN = 3;

export interface BlockedContentNoticeProps {
  /** Origins the content's page policy blocked, in the order they were reported, each once. */
  origins: readonly string[];
  onDismiss: (origin: string) => void;
}

/**
 * Lectern's word on content the course could not load: from which site, and who can allow it.
 * Above the course, never over it; each notice can be closed. An http: origin can never be
 * allowed, and says so. The origin comes from the content frame, so it is shown as text only.
 */
export function BlockedContentNotice({ origins, onDismiss }: BlockedContentNoticeProps) {
  const { t } = useTranslation();
  if (origins.length === 0) return null;
  const shown = origins.slice(0, NOTICES_SHOWN);
  const more = origins.length - shown.length;
  return (
    <Stack gap={0}>
      {shown.map((origin) => {
        const url = new URL(origin);
        return (
          <Alert
            key={origin}
            color="orange"
            radius={0}
            py={6}
            role="status"
            // The title in the text colour: the orange of the light variant is too faint on its background.
            styles={{ title: { color: 'var(--mantine-color-text)' } }}
            title={t('player.blocked.title')}
            withCloseButton
            closeButtonLabel={t('player.blocked.dismiss', { host: url.host })}
            onClose={() => onDismiss(origin)}
          >
            {t(url.protocol === 'http:' ? 'player.blocked.insecure' : 'player.blocked.message', { host: url.host })}
            {more > 0 && origin === shown[shown.length - 1] ? ` ${t('player.blocked.more', { count: more })}` : ''}
          </Alert>
        );
      })}
    </Stack>
  );
}
