// The order list the seller looks at, kept in the page's address (back button, bookmarks).
import type { OrderStatus } from './market.api';
import { ORDER_STATUSES } from './storeWords';

export const ORDERS_PAGE_SIZE = 25;

export interface OrdersView {
  status: OrderStatus | undefined;
  search: string;
  /** 1-based. */
  page: number;
}

export function ordersViewFrom(search: URLSearchParams): OrdersView {
  const status = search.get('status');
  const page = Number.parseInt(search.get('page') ?? '1', 10);
  return {
    status: ORDER_STATUSES.find((s) => s === status),
    search: (search.get('q') ?? '').slice(0, 100),
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
}

/** Address parameters for a view; defaults are left out. */
export function ordersSearchOf(view: OrdersView): URLSearchParams {
  const search = new URLSearchParams();
  if (view.status) search.set('status', view.status);
  if (view.search.trim()) search.set('q', view.search.trim());
  if (view.page > 1) search.set('page', String(view.page));
  return search;
}

/**
 * The query of GET /api/market/orders for a view. The API gives no total: one order more than a
 * page is asked for, and its presence says that there is a next page.
 */
export function ordersApiQueryOf(view: OrdersView, pageSize = ORDERS_PAGE_SIZE): string {
  const search = new URLSearchParams();
  if (view.status) search.set('status', view.status);
  if (view.search.trim()) search.set('search', view.search.trim());
  search.set('limit', String(pageSize + 1));
  search.set('offset', String((view.page - 1) * pageSize));
  return search.toString();
}
