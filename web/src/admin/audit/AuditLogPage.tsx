import { Button, Group, Loader, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router-dom';
import { api } from '../../shared/api';
import { fieldError, namesAnyField } from '../../shared/forms/fieldErrors';
import { currentLanguage } from '../../shared/i18n';
import { NotFoundPage } from '../../shared/pages/NotFoundPage';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { AUDIT_KEY, exportUrlOf, fetchAuditLog, NO_FILTERS, type AuditEntry, type AuditFilters } from './audit.api';
import { SecurityTimeline } from './SecurityTimeline';

/** `/audit`: the site's audit log (nothing below it). */
export function AuditSection() {
  return (
    <Routes>
      <Route index element={<AuditLogPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

/** The filters as the server names them in a refusal. */
const FILTER_FIELDS = Object.keys(NO_FILTERS).map((key) => `query.${key}`);

const show = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

function ActorCell({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  if (!entry.actor) return <Text size="sm" c="dimmed">{t('audit.table.system')}</Text>;
  const name = entry.actor.name ?? entry.actor.email ?? entry.actor.id;
  return (
    <div>
      <Text size="sm">{entry.actor.kind === 'staff' ? t('audit.table.staff', { name }) : name}</Text>
      {entry.actor.email && entry.actor.email !== name && (
        <Text size="xs" c="dimmed">
          {entry.actor.email}
        </Text>
      )}
    </div>
  );
}

/** Search, table with "load more", CSV download, and the security timeline. */
function AuditLogPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('audit.title'));
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const log = useInfiniteQuery({
    queryKey: [...AUDIT_KEY, 'log', filters],
    queryFn: ({ pageParam, signal }) => fetchAuditLog(api, filters, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];
  // A filter the server refused is named at its field, not as a failed load.
  const filterRefused = namesAnyField(log.error, FILTER_FIELDS);
  const field = (key: keyof AuditFilters) => ({
    value: draft[key],
    error: fieldError(log.error, `query.${key}`),
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setDraft((current) => ({ ...current, [key]: value }));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };

  return (
    <Stack gap="lg" maw={1200}>
      <div>
        <Title order={1}>{t('audit.title')}</Title>
        <Text c="dimmed" mt={4} maw={760}>
          {t('audit.intro')}
        </Text>
      </div>
      <Section title={t('audit.filters.title')}>
        <form onSubmit={submit} aria-label={t('audit.filters.title')}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
              <TextInput label={t('audit.filters.action')} description={t('audit.filters.actionHint')} {...field('action')} />
              <TextInput label={t('audit.filters.actor')} description={t('audit.filters.actorHint')} {...field('actor')} />
              <TextInput label={t('audit.filters.targetType')} {...field('targetType')} />
              <TextInput label={t('audit.filters.targetId')} {...field('targetId')} />
              <TextInput type="date" label={t('audit.filters.from')} {...field('from')} />
              <TextInput type="date" label={t('audit.filters.to')} {...field('to')} />
              <TextInput label={t('audit.filters.q')} {...field('q')} />
            </SimpleGrid>
            <Group>
              <Button type="submit">{t('audit.filters.apply')}</Button>
              <Button
                variant="default"
                onClick={() => {
                  setDraft(NO_FILTERS);
                  setFilters(NO_FILTERS);
                }}
              >
                {t('audit.filters.reset')}
              </Button>
              <Button component="a" variant="default" href={exportUrlOf(filters, currentLanguage())} download>
                {t('audit.export')}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {t('audit.exportHint')}
            </Text>
          </Stack>
        </form>
      </Section>
      {log.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {log.error && !filterRefused && <LoadError error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && entries.length === 0 && <Text c="dimmed">{t('audit.table.none')}</Text>}
      {entries.length > 0 && (
        <Stack gap="sm">
          <DataTable
            caption={t('audit.table.caption')}
            headers={[t('audit.table.time'), t('audit.table.action'), t('audit.table.actor'), t('audit.table.ip'), t('audit.table.target'), t('audit.table.change'), t('audit.table.details')]}
            minWidth={1100}
          >
            {entries.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.occurredAt, i18n.language)}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {entry.action}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ActorCell entry={entry} />
                </Table.Td>
                <Table.Td>{entry.ip ?? ''}</Table.Td>
                <Table.Td>{entry.target ? `${entry.target.type}${entry.target.id ? `: ${entry.target.id}` : ''}` : ''}</Table.Td>
                <Table.Td>{'before' in entry || 'after' in entry ? `${show(entry.before)} → ${show(entry.after)}` : ''}</Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace" style={{ wordBreak: 'break-word' }} maw={320}>
                    {Object.keys(entry.details).length ? JSON.stringify(entry.details) : ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Group>
            <Text size="sm" c="dimmed" role="status">
              {t('audit.table.shown', { count: entries.length })}
            </Text>
            {log.hasNextPage && (
              <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                {t('audit.table.more')}
              </Button>
            )}
          </Group>
        </Stack>
      )}
      <SecurityTimeline />
    </Stack>
  );
}
