import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';
import { fetchGroups, GROUPS_KEY } from '../groups/groups.api';
import { flattenTree } from '../groups/groupTree';

/** The site's groups as options of a select, in tree order, sub-groups indented under their parent. */
export function useGroupOptions() {
  const groups = useQuery({ queryKey: GROUPS_KEY, queryFn: ({ signal }) => fetchGroups(api, signal) });
  const options = flattenTree(groups.data?.groups ?? []).map((row) => ({ value: row.group.id, label: `${'\u2003'.repeat(row.depth)}${row.group.name}` }));
  return { options, error: groups.error, refetch: groups.refetch };
}
