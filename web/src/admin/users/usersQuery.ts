import type { Role } from '../../shared/api';
import { ROLE_PRIORITY } from '../../shared/auth/roles';

export const PAGE_SIZE = 25;
export const USER_STATUSES = ['active', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** The list the administrator is looking at, kept in the address (back button, bookmarks). */
export interface UsersView {
  q: string;
  role: Role | undefined;
  status: UserStatus | undefined;
  /** 1-based. */
  page: number;
}

export function usersViewFrom(search: URLSearchParams): UsersView {
  const role = search.get('role');
  const status = search.get('status');
  const page = Number.parseInt(search.get('page') ?? '1', 10);
  return {
    q: (search.get('q') ?? '').slice(0, 200),
    role: ROLE_PRIORITY.find((r) => r === role),
    status: USER_STATUSES.find((s) => s === status),
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
}

/** Address parameters for a view; defaults are left out. */
export function searchOf(view: UsersView): URLSearchParams {
  const search = new URLSearchParams();
  if (view.q.trim()) search.set('q', view.q.trim());
  if (view.role) search.set('role', view.role);
  if (view.status) search.set('status', view.status);
  if (view.page > 1) search.set('page', String(view.page));
  return search;
}

/** The query string of GET /api/admin/users for a view. */
export function apiQueryOf(view: UsersView, pageSize = PAGE_SIZE): string {
  const search = new URLSearchParams();
  if (view.q.trim()) search.set('q', view.q.trim());
  if (view.role) search.set('role', view.role);
  if (view.status) search.set('status', view.status);
  search.set('limit', String(pageSize));
  search.set('offset', String((view.page - 1) * pageSize));
  return search.toString();
}

/** The address of the CSV export of every user a view's filters select (all pages), in the UI's language. */
export function exportUrlOf(view: UsersView, language: string): string {
  const search = new URLSearchParams();
  if (view.q.trim()) search.set('q', view.q.trim());
  if (view.role) search.set('role', view.role);
  if (view.status) search.set('status', view.status);
  search.set('lang', language.startsWith('de') ? 'de' : 'en');
  return `/api/admin/users/export?${search.toString()}`;
}

export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
