import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { canChoose, shownInContents } from './navigation';
import type { ItemStates } from './player-types';
import type { LaunchData } from './player.api';

interface PlayerContentsProps {
  data: LaunchData;
  itemStates: ItemStates;
  current: string | null;
  /** Opens an item the learner chose. */
  onChoose: (identifier: string) => void;
}

/** The course's table of contents: each part with its status; the parts the learner may choose are buttons. */
export function PlayerContents({ data, itemStates, current, onChoose }: PlayerContentsProps) {
  const { t } = useTranslation();
  const playable = data.playable;
  return (
    <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {data.toc
        .filter((entry) => entry.isVisible && shownInContents(playable, entry.identifier, itemStates))
        .map((entry) => {
          const status = itemStates[entry.identifier]?.status ?? null;
          const choosable = entry.launchHref !== null && canChoose(playable, data.navigation, entry.identifier, itemStates, current);
          const isCurrent = entry.identifier === current;
          const label = (
            <Group justify="space-between" gap="xs" wrap="nowrap" pl={entry.level * 12}>
              <Text size="sm" fw={isCurrent ? 700 : entry.launchHref ? 400 : 600}>
                {entry.title}
              </Text>
              {status && (
                <Badge size="xs" variant="light" color={status === 'failed' ? 'red' : status === 'in_progress' ? 'blue' : 'green'} style={{ flexShrink: 0 }}>
                  {t(`player.status.${status}`)}
                </Badge>
              )}
            </Group>
          );
          return (
            <li key={entry.identifier}>
              {choosable ? (
                <UnstyledButton
                  w="100%"
                  p={4}
                  aria-current={isCurrent ? 'page' : undefined}
                  onClick={() => onChoose(entry.identifier)}
                  style={{ borderRadius: 4, background: isCurrent ? 'var(--mantine-color-default-hover)' : undefined }}
                >
                  {label}
                </UnstyledButton>
              ) : (
                <div style={{ padding: 4 }} aria-current={isCurrent ? 'page' : undefined}>
                  {label}
                </div>
              )}
            </li>
          );
        })}
    </Stack>
  );
}
