import { Badge, List, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, type LrsKeyView } from '../../shared/api';
import { currentLanguage } from '../../shared/i18n';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDateTime } from '../../shared/ui/format';
import classes from '../../shared/ui/ui.module.css';
import { revokeLrsKey } from './lrs.api';
import { lrsKeyState, lrsScopeWords } from './lrsScopes';

const STATE_COLOUR = { active: 'green', revoked: 'red' } as const;

/** The site's keys with what they may do, their last use and their state; an active key can be revoked. */
export function LrsKeysTable({ keys, onRevoked }: { keys: readonly LrsKeyView[]; onRevoked: (key: LrsKeyView) => Promise<unknown> }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <DataTable
      caption={t('lrs.keys.caption')}
      minWidth={900}
      actions
      headers={[
        t('lrs.keys.columns.name'),
        t('lrs.keys.columns.key'),
        t('lrs.keys.columns.scopes'),
        t('lrs.keys.columns.created'),
        t('lrs.keys.columns.lastUsed'),
        t('lrs.keys.columns.state'),
      ]}
    >
      {keys.map((key) => {
        const state = lrsKeyState(key);
        const lastUse = key.lastUsedAt ? formatDateTime(key.lastUsedAt, language) : null;
        return (
          <Table.Tr key={key.id}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {key.name}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" component="code" className={classes.secret}>
                {key.key}
              </Text>
            </Table.Td>
            <Table.Td>
              <List size="sm" spacing={2} listStyleType="none">
                {lrsScopeWords(key.scopes, (scope) => t(`lrs.scopes.${scope}`)).map((words) => (
                  <List.Item key={words}>{words}</List.Item>
                ))}
              </List>
            </Table.Td>
            <Table.Td>{formatDateTime(key.createdAt, language)}</Table.Td>
            <Table.Td>
              {lastUse === null ? t('lrs.keys.never') : key.lastUsedIp ? t('lrs.keys.lastUsedFrom', { date: lastUse, address: key.lastUsedIp }) : lastUse}
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color={STATE_COLOUR[state]} miw="max-content">
                {t(`lrs.keys.states.${state}`)}
              </Badge>
              {key.revokedAt && (
                <Text size="xs" c="dimmed" mt={4}>
                  {t('lrs.keys.revokedAt', { date: formatDateTime(key.revokedAt, language) })}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {state === 'active' && (
                <ConfirmAction
                  label={t('lrs.keys.revoke')}
                  ariaLabel={t('lrs.keys.revokeNamed', { name: key.name })}
                  title={t('lrs.keys.revokeTitle')}
                  body={t('lrs.keys.revokeBody', { name: key.name, key: key.key })}
                  confirmLabel={t('lrs.keys.revoke')}
                  onConfirm={async () => {
                    await revokeLrsKey(api, key.id);
                    await onRevoked(key);
                  }}
                />
              )}
            </Table.Td>
          </Table.Tr>
        );
      })}
    </DataTable>
  );
}
