import { Badge, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../api';
import { currentLanguage } from '../i18n';
import { describeUserAgent, formatDateTime } from './format';
import classes from './ui.module.css';

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
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing="xs">
        <Table.Caption className={classes.visuallyHidden}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('sessions.device')}</Table.Th>
            <Table.Th scope="col">{t('sessions.address')}</Table.Th>
            <Table.Th scope="col">{t('sessions.signedIn')}</Table.Th>
            <Table.Th scope="col">{t('sessions.lastActive')}</Table.Th>
            {action && (
              <Table.Th scope="col">
                <span className={classes.visuallyHidden}>{t('app.actions')}</span>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
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
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
