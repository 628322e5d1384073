import { Badge, Button, Group, Loader, NumberInput, Switch, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { currentLanguage } from '../../shared/i18n';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { ACCESS_REVIEWS_KEY, fetchPrivilegeReport, privilegeExportUrl, privilegeNames, privilegeWords, type PrivilegeView } from './accessReviews.api';

const DEFAULT_UNUSED_DAYS = 90;

/** Who holds which privilege, with its last use; filtered to the unused ones on request, and downloadable. */
export function PrivilegeReport() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [unusedDays, setUnusedDays] = useState(DEFAULT_UNUSED_DAYS);
  const [unusedOnly, setUnusedOnly] = useState(false);
  const filter = { unusedDays, unusedOnly };
  const report = useQuery({ queryKey: [...ACCESS_REVIEWS_KEY, 'report', filter], queryFn: ({ signal }) => fetchPrivilegeReport(api, filter, signal) });
  const lastUse = (p: PrivilegeView) => (p.lastUsedAt ? formatDateTime(p.lastUsedAt, language) : p.lastUseRecorded ? t('accessReviews.report.never') : t('accessReviews.report.unknown'));

  return (
    <Section title={t('accessReviews.report.title')}>
      <Group align="end" gap="md" wrap="wrap">
        <NumberInput
          label={t('accessReviews.report.unusedDays')}
          min={1}
          max={3650}
          value={unusedDays}
          onChange={(value) => {
            const days = typeof value === 'number' ? value : Number.parseInt(value, 10);
            if (Number.isInteger(days) && days >= 1 && days <= 3650) setUnusedDays(days);
          }}
          w={200}
        />
        <Switch label={t('accessReviews.report.unusedOnly')} checked={unusedOnly} onChange={(event) => setUnusedOnly(event.currentTarget.checked)} mb={8} />
        <Button component="a" variant="default" href={privilegeExportUrl(filter, language)} download>
          {t('accessReviews.report.download')}
        </Button>
      </Group>
      {report.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {report.error && <LoadError error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && (
        <>
          <Text size="sm" role="status">
            {t('accessReviews.report.count', { count: report.data.privileges.length })}
          </Text>
          {report.data.privileges.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('accessReviews.report.none')}
            </Text>
          ) : (
            <DataTable
              caption={t('accessReviews.report.caption')}
              minWidth={860}
              headers={[
                t('accessReviews.report.columns.kind'),
                t('accessReviews.report.columns.holder'),
                t('accessReviews.report.columns.privilege'),
                t('accessReviews.report.columns.expires'),
                t('accessReviews.report.columns.lastUsed'),
                t('accessReviews.report.columns.unused'),
              ]}
            >
              {report.data.privileges.map((p) => (
                <Table.Tr key={`${p.kind}:${p.subjectId}:${p.privilege}`}>
                  <Table.Td>{t(`accessReviews.kinds.${p.kind}`)}</Table.Td>
                  <Table.Td>{p.holder}</Table.Td>
                  <Table.Td>{privilegeWords(p.kind, p.privilege, privilegeNames(t))}</Table.Td>
                  <Table.Td>{p.expiresAt ? formatDateTime(p.expiresAt, language) : '–'}</Table.Td>
                  <Table.Td>{lastUse(p)}</Table.Td>
                  <Table.Td>
                    {p.unused && (
                      <Badge variant="light" color="orange" miw="max-content">
                        {t('accessReviews.report.unusedBadge')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </Section>
  );
}
