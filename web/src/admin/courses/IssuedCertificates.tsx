import { Badge, Loader, Stack, Table, Text, Textarea } from '@mantine/core';
import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { revokeCertificate, type CertificateView } from '../../learner/certificates/certificates.api';
import { api } from '../../shared/api';
import { usePermissions } from '../../shared/auth/permissions';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { formatDate } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { TableScroller } from '../../shared/ui/TableScroller';
import classes from '../../shared/ui/ui.module.css';

function RevokeButton({ certificate, queryKey, onRevoked }: { certificate: CertificateView; queryKey: QueryKey; onRevoked: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const name = certificate.learnerName;
  return (
    <ConfirmAction
      label={t('certificates.admin.revoke')}
      ariaLabel={t('certificates.admin.revokeLabel', { name })}
      title={t('certificates.admin.revokeTitle')}
      body={
        <Stack gap="sm">
          <Text>{t('certificates.admin.revokeBody', { name })}</Text>
          <Textarea label={t('certificates.admin.reason')} required value={reason} maxLength={500} autosize minRows={2} onChange={(event) => setReason(event.currentTarget.value)} />
        </Stack>
      }
      confirmLabel={t('certificates.admin.revoke')}
      // A revocation is recorded with its reason: the button waits for one.
      confirmDisabled={reason.trim() === ''}
      onConfirm={async () => {
        await revokeCertificate(api, certificate.id, reason);
        await queryClient.invalidateQueries({ queryKey });
        onRevoked();
      }}
    />
  );
}

/** The certificates issued for a course or a learning path, newest first, with revocation for those who may. */
export function IssuedCertificates({ queryKey, load, caption }: { queryKey: QueryKey; load: (signal: AbortSignal) => Promise<CertificateView[]>; caption: string }) {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const mayRevoke = permissions.data?.granted.has('learn.certificates.revoke') ?? false;
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery({ queryKey, queryFn: ({ signal }) => load(signal) });
  if (list.error) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (list.data.length === 0) return <Text c="dimmed">{t('certificates.admin.none')}</Text>;
  return (
    <Stack gap="sm">
      {notice && <SuccessNote>{notice}</SuccessNote>}
      <TableScroller label={caption} minWidth={640}>
        <Table>
          <Table.Caption className={classes.visuallyHidden}>{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('certificates.admin.columns.learner')}</Table.Th>
              <Table.Th>{t('certificates.admin.columns.completed')}</Table.Th>
              <Table.Th>{t('certificates.admin.columns.code')}</Table.Th>
              <Table.Th>{t('certificates.admin.columns.state')}</Table.Th>
              {mayRevoke && <Table.Th>{t('certificates.admin.columns.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((certificate) => (
              <Table.Tr key={certificate.id}>
                <Table.Td>{certificate.learnerName}</Table.Td>
                <Table.Td>{formatDate(certificate.completedAt, i18n.language)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{certificate.code}</Table.Td>
                <Table.Td>
                  {certificate.state === 'valid' ? (
                    <Badge color="green" variant="light">
                      {t('certificates.mine.valid')}
                    </Badge>
                  ) : (
                    <Text size="sm">{t('certificates.admin.revokedBecause', { reason: certificate.revokeReason ?? '' })}</Text>
                  )}
                </Table.Td>
                {mayRevoke && (
                  <Table.Td>
                    {certificate.state === 'valid' && <RevokeButton certificate={certificate} queryKey={queryKey} onRevoked={() => setNotice(t('certificates.admin.revoked'))} />}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroller>
    </Stack>
  );
}
