import type { ApiClient } from '../../shared/api';
import type { InvoiceView } from '../../../../src/market/invoices/invoices.contract';
import type { OrderView } from '../../../../src/market/orders/orders.contract';

export type { InvoiceView, OrderView };

/** The signed-in buyer's own orders and invoices (forgotten when the session ends, like all the user's data). */
export const MY_ORDERS_KEY = ['market', 'me', 'orders'] as const;
export const MY_INVOICES_KEY = ['market', 'me', 'invoices'] as const;

export function fetchMyOrders(api: ApiClient, signal?: AbortSignal): Promise<OrderView[]> {
  return api.get<{ orders: OrderView[] }>('/api/market/my/orders', { signal }).then((r) => r.orders);
}

export function fetchMyInvoices(api: ApiClient, signal?: AbortSignal): Promise<InvoiceView[]> {
  return api.get<{ invoices: InvoiceView[] }>('/api/market/my/invoices', { signal }).then((r) => r.invoices);
}
