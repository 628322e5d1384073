import { Checkbox, Group, NativeSelect, TextInput } from '@mantine/core';
import { SearchField } from '../../shared/ui/SearchField';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { fetchGroups, REPORTS_KEY, STATUSES, type ReportFilters } from './reports.api';

/** Status, group, due range, overdue and search: the filters of the course and learner reports. */
export function ReportFilterBar({
  filters,
  onChange,
  show,
  searchLabel,
}: {
  filters: ReportFilters;
  onChange: (next: ReportFilters) => void;
  show: { group?: boolean; due?: boolean; status?: boolean; overdue?: boolean };
  searchLabel: string;
}) {
  const { t } = useTranslation();
  const groups = useQuery({ queryKey: [...REPORTS_KEY, 'groups'], queryFn: ({ signal }) => fetchGroups(api, signal), enabled: show.group === true });
  const set = (patch: Partial<ReportFilters>) => {
    onChange({ ...filters, ...patch });
  };

  return (
    <Group gap="md" align="flex-end" role="search" aria-label={t('reports.filters')}>
      <SearchField label={searchLabel} initial={filters.q} onSearch={(q) => onChange({ ...filters, q })} w={240} />
      {show.status && (
        <NativeSelect
          label={t('reports.col.status')}
          value={filters.status}
          onChange={(event) => {
            set({ status: STATUSES.find((s) => s === event.currentTarget.value) ?? '' });
          }}
          data={[{ value: '', label: t('reports.allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: t(`reports.status.${s}`) }))]}
        />
      )}
      {show.group && (
        <NativeSelect
          label={t('reports.group')}
          value={filters.groupId}
          onChange={(event) => {
            set({ groupId: event.currentTarget.value });
          }}
          data={[{ value: '', label: t('reports.allGroups') }, ...(groups.data?.groups ?? []).map((g) => ({ value: g.id, label: g.name }))]}
        />
      )}
      {show.due && (
        <>
          <TextInput
            type="date"
            label={t('reports.dueFrom')}
            value={filters.dueFrom}
            onChange={(event) => {
              set({ dueFrom: event.currentTarget.value });
            }}
          />
          <TextInput
            type="date"
            label={t('reports.dueTo')}
            value={filters.dueTo}
            onChange={(event) => {
              set({ dueTo: event.currentTarget.value });
            }}
          />
        </>
      )}
      {show.overdue && (
        <Checkbox
          label={t('reports.overdueOnly')}
          checked={filters.overdue}
          onChange={(event) => {
            set({ overdue: event.currentTarget.checked });
          }}
          mb={8}
        />
      )}
    </Group>
  );
}
