import { Badge, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../api';
import { currentLanguage } from '../i18n';
import { describeUserAgent, formatDateTime } from './format';
import { DataTable } from './DataTable';

interface SessionsTableProps {
  sessions: readonly SessionSummary[];
  /** Marks the session of this browser ("This device"). */
  markCurrent: boolean;
  caption: string;
  action?: (session: SessionSummary) => ReactNode;
}

/** Signed-in sessions: device, address, since when, last activity. */
export function SessionsTable({ sessions, markCurrent, caption, action }: SessionsTableProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const device = (session: SessionSummary) => {
    const described = describeUserAgent(session.userAgent);
    if (!described) return t('sessions.unknownDevice');
    if (described.browser && described.system) return t('sessions.browserOn', { browser: described.browser, system: described.system });
    return described.browser ?? described.system ?? t('sessions.unknownDevice');
  };
  return (
    <DataTable
      caption={caption}
      minWidth={560}
      actions={action !== undefined}
      headers={[t('sessions.device'), t('sessions.address'), t('sessions.signedIn'), t('sessions.lastActive')]}
    >
      {sessions.map((session) => (
        <Table.Tr key={session.id}>
          <Table.Td>
            <Text size="sm" title={session.userAgent ?? undefined}>
              {device(session)}
            </Text>
            {markCurrent && session.current && (
              <Badge size="sm" variant="light" mt={4}>
                {t('sessions.thisDevice')}
              </Badge>
            )}
          </Table.Td>
          <Table.Td>{session.ip ?? '–'}</Table.Td>
          <Table.Td>{formatDateTime(session.createdAt, language)}</Table.Td>
          <Table.Td>{formatDateTime(session.lastSeenAt, language)}</Table.Td>
          {action && <Table.Td>{action(session)}</Table.Td>}
        </Table.Tr>
      ))}
    </DataTable>
  );
}
