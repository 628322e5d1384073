// The library page's state in its address (so it can be shared and survives a reload), and the
// API query it stands for. Free of React so it can be unit-tested.
import { FILE_KINDS, SORT_KEYS } from '../../../../src/space/library/library.contract';

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';
/** The type filter: folders, projects, or files of one kind. */
export const TYPE_FILTERS = ['folder', 'project', ...FILE_KINDS] as const;
export type TypeFilter = (typeof TYPE_FILTERS)[number];

export interface LibraryState {
  /** A search of the whole library (not only the folder) when not empty. */
  q: string;
  type: TypeFilter | undefined;
  tag: string;
  ownerId: string;
  /** Changed on or after this day, and on or before that day (YYYY-MM-DD, the user's time zone). */
  from: string;
  to: string;
  sort: SortKey;
  order: SortOrder;
  page: number;
  pageSize: number;
}

export const DEFAULT_STATE: LibraryState = { q: '', type: undefined, tag: '', ownerId: '', from: '', to: '', sort: 'name', order: 'asc', page: 1, pageSize: DEFAULT_PAGE_SIZE };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const pick = <T extends string>(values: readonly T[], value: string | null): T | undefined => values.find((v) => v === value);

export function stateFromParams(params: URLSearchParams): LibraryState {
  const size = Number(params.get('size'));
  return {
    q: params.get('q') ?? '',
    type: pick(TYPE_FILTERS, params.get('type')),
    tag: params.get('tag') ?? '',
    ownerId: params.get('owner') ?? '',
    from: DAY.test(params.get('from') ?? '') ? (params.get('from') ?? '') : '',
    to: DAY.test(params.get('to') ?? '') ? (params.get('to') ?? '') : '',
    sort: pick(SORT_KEYS, params.get('sort')) ?? 'name',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    page: Math.max(1, Math.floor(Number(params.get('page'))) || 1),
    pageSize: PAGE_SIZES.find((s) => s === size) ?? DEFAULT_PAGE_SIZE,
  };
}

/** The address's search part: only what differs from the defaults. */
export function paramsFromState(state: LibraryState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.type) params.set('type', state.type);
  if (state.tag) params.set('tag', state.tag);
  if (state.ownerId) params.set('owner', state.ownerId);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.sort !== 'name') params.set('sort', state.sort);
  if (state.order !== 'asc') params.set('order', state.order);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.pageSize !== DEFAULT_PAGE_SIZE) params.set('size', String(state.pageSize));
  return params;
}

/** Midnight at the start of a day in the user's time zone, as an ISO instant; `nextDay`: of the day after. */
function dayStart(day: string, nextDay = false): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (nextDay ? 1 : 0)).toISOString();
}

/**
 * The API's query for a folder (`parentId`; null: the top) in this state: one page of it, sorted
 * and filtered on the server. A search (`q`) searches the whole library.
 */
export function apiQuery(parentId: string | null, state: LibraryState): string {
  const search = state.q.trim();
  const params = new URLSearchParams();
  if (search) {
    params.set('scope', 'all');
    params.set('q', search);
  } else if (parentId) params.set('parentId', parentId);
  if (state.type === 'folder' || state.type === 'project') params.set('kind', state.type);
  else if (state.type) params.set('fileKind', state.type);
  if (state.tag.trim()) params.set('tag', state.tag.trim());
  if (state.ownerId) params.set('ownerId', state.ownerId);
  if (state.from) params.set('updatedFrom', dayStart(state.from));
  if (state.to) params.set('updatedTo', dayStart(state.to, true));
  params.set('sort', state.sort);
  params.set('order', state.order);
  params.set('limit', String(state.pageSize));
  params.set('offset', String((state.page - 1) * state.pageSize));
  return params.toString();
}

/** Whether any filter or search narrows the list (the empty list then says "nothing found", not "empty folder"). */
export function isFiltered(state: LibraryState): boolean {
  return Boolean(state.q.trim() || state.type || state.tag.trim() || state.ownerId || state.from || state.to);
}

/** Clicking a column's header: sort by it ascending, or turn the order round when it sorts already. */
export function nextSort(state: Pick<LibraryState, 'sort' | 'order'>, key: SortKey): { sort: SortKey; order: SortOrder } {
  if (state.sort !== key) return { sort: key, order: key === 'updated' || key === 'size' ? 'desc' : 'asc' };
  return { sort: key, order: state.order === 'asc' ? 'desc' : 'asc' };
}

/** "1.5 MB" / "1,5 MB": bytes in the unit people read (powers of 1000, as file managers show them). */
export function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value)} ${units[unit] ?? 'B'}`;
}
