import { Group, Loader, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { DataTable } from '../../shared/ui/DataTable';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { AUDIT_KEY, fetchSecurityTimeline, type SecurityTimeline as Timeline } from './audit.api';

type Kind = keyof Timeline['totals'];
/** The kinds that matter most come first; a kind without any event in the period gets no column. */
const KIND_ORDER: Kind[] = ['sign_in_failed', 'blocked', 'mfa_failed', 'token_failed', 'rate_limited', 'cross_origin_refused', 'block_lifted', 'sign_in_succeeded'];

function periodLabel(start: string, bucket: 'day' | 'hour', language: string): string {
  const options: Intl.DateTimeFormatOptions = bucket === 'day' ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(language, options).format(new Date(start));
}

/** Security events as a table per day or hour, each count with a bar (the number is what is read out). */
export function SecurityTimeline() {
  const { t, i18n } = useTranslation();
  const [bucket, setBucket] = useState<'day' | 'hour'>('day');
  const timeline = useQuery({ queryKey: [...AUDIT_KEY, 'timeline', bucket], queryFn: ({ signal }) => fetchSecurityTimeline(api, bucket, signal) });
  const data = timeline.data;
  const kinds = data ? KIND_ORDER.filter((kind) => data.totals[kind] > 0) : [];
  const max = data ? Math.max(1, ...data.buckets.flatMap((b) => kinds.map((kind) => b.counts[kind]))) : 1;

  return (
    <Section title={t('audit.timeline.title')} description={t('audit.timeline.description')}>
      <Stack gap="sm">
        <Group>
          <SegmentedControl
            aria-label={t('audit.timeline.bucket')}
            value={bucket}
            onChange={(value) => setBucket(value as 'day' | 'hour')}
            data={[
              { value: 'day', label: t('audit.timeline.byDay') },
              { value: 'hour', label: t('audit.timeline.byHour') },
            ]}
          />
        </Group>
        {timeline.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
        {timeline.error && <LoadError error={timeline.error} onRetry={() => void timeline.refetch()} />}
        {data && data.buckets.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('audit.timeline.none')}
          </Text>
        )}
        {data && data.buckets.length > 0 && (
          <DataTable
            caption={t('audit.timeline.caption', { bucket: t(`audit.timeline.${bucket}`) })}
            headers={[t('audit.timeline.period'), ...kinds.map((kind) => t(`audit.timeline.kinds.${kind}`))]}
            minWidth={Math.max(360, 160 + kinds.length * 130)}
          >
            {[...data.buckets].reverse().map((row) => (
              <Table.Tr key={row.start}>
                <Table.Th scope="row" fw={500}>
                  {periodLabel(row.start, bucket, i18n.language)}
                </Table.Th>
                {kinds.map((kind) => (
                  <Table.Td key={kind}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" w={48} ta="right">
                        {row.counts[kind]}
                      </Text>
                      <div
                        aria-hidden
                        style={{
                          height: 8,
                          width: `${Math.round((row.counts[kind] / max) * 80)}px`,
                          background: kind === 'sign_in_succeeded' || kind === 'block_lifted' ? 'var(--mantine-color-gray-5)' : 'var(--mantine-color-red-6)',
                          borderRadius: 2,
                        }}
                      />
                    </Group>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t('audit.timeline.total')}</Table.Th>
              {kinds.map((kind) => (
                <Table.Td key={kind} fw={600}>
                  {data.totals[kind]}
                </Table.Td>
              ))}
            </Table.Tr>
          </DataTable>
        )}
      </Stack>
    </Section>
  );
}
