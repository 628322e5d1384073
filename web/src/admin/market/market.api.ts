import type { z } from 'zod';
import type { ApiClient } from '../../shared/api';
import type { ProductInput, ProductView } from '../../../../src/market/catalogue/catalogue.contract';
import type { PaymentAccountsView, StripeAccountInput } from '../../../../src/market/checkout/payment-accounts.contract';
import type { CouponInput, CouponView } from '../../../../src/market/coupons/coupons.contract';
import type { InvoiceView } from '../../../../src/market/invoices/invoices.contract';
import type { MarketSettings } from '../../../../src/market/market.settings';
import type { OrderView, RefundInput, orderSummaryView } from '../../../../src/market/orders/orders.contract';
import type { OrderStatus } from '../../../../src/market/orders/orders.schema';
import type { SalesQuery, SalesReportView } from '../../../../src/market/reports/reports.contract';

export type { CouponInput, CouponView, InvoiceView, MarketSettings, OrderStatus, OrderView, PaymentAccountsView, ProductInput, ProductView, RefundInput, SalesQuery, SalesReportView, StripeAccountInput };
export type OrderSummaryView = z.infer<typeof orderSummaryView>;
export type OrderLineView = OrderView['lines'][number];

export const MARKET_KEY = ['admin', 'market'] as const;
export const MARKET_SETTINGS_KEY = [...MARKET_KEY, 'settings'] as const;
export const PAYMENT_ACCOUNTS_KEY = [...MARKET_KEY, 'payment-accounts'] as const;
export const PRODUCTS_KEY = [...MARKET_KEY, 'products'] as const;
export const productKey = (productId: string) => [...PRODUCTS_KEY, productId] as const;
export const ORDERS_KEY = [...MARKET_KEY, 'orders'] as const;
export const orderKey = (orderId: string) => [...ORDERS_KEY, 'one', orderId] as const;
export const orderInvoicesKey = (orderId: string) => [...ORDERS_KEY, 'one', orderId, 'invoices'] as const;
export const COUPONS_KEY = [...MARKET_KEY, 'coupons'] as const;
export const SALES_KEY = [...MARKET_KEY, 'sales'] as const;

const id = (value: string) => encodeURIComponent(value);

/** The store's section of the site's settings (the settings API answers every section; the store page needs its own). */
export function fetchMarketSettings(api: ApiClient, signal?: AbortSignal): Promise<MarketSettings> {
  return api.get<{ market: MarketSettings }>('/api/admin/settings', { signal }).then((settings) => settings.market);
}

/** Saves the store's section whole: the settings API merges a section one level deep, so `bankTransfer` is sent complete. */
export function saveMarketSettings(api: ApiClient, market: MarketSettings): Promise<MarketSettings> {
  return api.patch<{ market: MarketSettings }>('/api/admin/settings', { market }).then((settings) => settings.market);
}

export function fetchPaymentAccounts(api: ApiClient, signal?: AbortSignal): Promise<PaymentAccountsView> {
  return api.get<PaymentAccountsView>('/api/market/payment-accounts', { signal });
}

export async function connectStripe(api: ApiClient, body: StripeAccountInput): Promise<void> {
  await api.put<undefined>('/api/market/payment-accounts/stripe', body);
}

export async function disconnectStripe(api: ApiClient): Promise<void> {
  await api.delete<undefined>('/api/market/payment-accounts/stripe');
}

export function fetchProducts(api: ApiClient, signal?: AbortSignal): Promise<ProductView[]> {
  return api.get<{ products: ProductView[] }>('/api/market/products', { signal }).then((r) => r.products);
}

export function fetchProduct(api: ApiClient, productId: string, signal?: AbortSignal): Promise<ProductView> {
  return api.get<ProductView>(`/api/market/products/${id(productId)}`, { signal });
}

export function createProduct(api: ApiClient, body: ProductInput): Promise<ProductView> {
  return api.post<ProductView>('/api/market/products', body);
}

/** Replaces the product whole: its courses and prices become those sent. */
export function saveProduct(api: ApiClient, productId: string, body: ProductInput): Promise<ProductView> {
  return api.put<ProductView>(`/api/market/products/${id(productId)}`, body);
}

export function fetchOrders(api: ApiClient, query: string, signal?: AbortSignal): Promise<OrderSummaryView[]> {
  return api.get<{ orders: OrderSummaryView[] }>(`/api/market/orders?${query}`, { signal }).then((r) => r.orders);
}

export function fetchOrder(api: ApiClient, orderId: string, signal?: AbortSignal): Promise<OrderView> {
  return api.get<OrderView>(`/api/market/orders/${id(orderId)}`, { signal });
}

export function refundOrder(api: ApiClient, orderId: string, body: RefundInput): Promise<OrderView> {
  return api.post<OrderView>(`/api/market/orders/${id(orderId)}/refunds`, body);
}

/** `payerIban`: from the bank statement, optional; the server keeps only its country (VAT evidence). */
export function markTransferReceived(api: ApiClient, orderId: string, body: { payerIban: string } = { payerIban: '' }): Promise<OrderView> {
  return api.post<OrderView>(`/api/market/orders/${id(orderId)}/transfer-received`, body);
}

export function fetchOrderInvoices(api: ApiClient, orderId: string, signal?: AbortSignal): Promise<InvoiceView[]> {
  return api.get<{ invoices: InvoiceView[] }>(`/api/market/orders/${id(orderId)}/invoices`, { signal }).then((r) => r.invoices);
}

export function fetchCoupons(api: ApiClient, signal?: AbortSignal): Promise<CouponView[]> {
  return api.get<{ coupons: CouponView[] }>('/api/market/coupons', { signal }).then((r) => r.coupons);
}

export function createCoupon(api: ApiClient, body: CouponInput): Promise<CouponView> {
  return api.post<CouponView>('/api/market/coupons', body);
}

export function saveCoupon(api: ApiClient, couponId: string, body: CouponInput): Promise<CouponView> {
  return api.put<CouponView>(`/api/market/coupons/${id(couponId)}`, body);
}

export function fetchSales(api: ApiClient, query: string, signal?: AbortSignal): Promise<SalesReportView> {
  return api.get<SalesReportView>(`/api/market/reports/sales?${query}`, { signal });
}

/** The CSV of the same sales (a download: the browser sends the session cookie with it). */
export function salesCsvUrl(query: { from: string; to: string; currency: string }): string {
  return `/api/market/reports/sales.csv?${new URLSearchParams(query).toString()}`;
}
