import { Anchor, Group, Stack, Tabs } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate, useParams } from 'react-router-dom';
import { NotFoundPage } from '../../shared/pages/NotFoundPage';
import { CouponEditorPage } from './CouponEditorPage';
import { CouponListPage } from './CouponListPage';
import { OrderDetailPage } from './OrderDetailPage';
import { OrderListPage } from './OrderListPage';
import { PaymentsPage } from './PaymentsPage';
import { ProductEditorPage } from './ProductEditorPage';
import { ProductListPage } from './ProductListPage';
import { SalesPage } from './SalesPage';
import { StoreSettingsPage } from './StoreSettingsPage';
import { STORE_PATH, STOREFRONT_PATH } from './storePaths';


const TABS = [
  { value: 'settings', path: STORE_PATH },
  { value: 'payments', path: `${STORE_PATH}/payments` },
  { value: 'products', path: `${STORE_PATH}/products` },
  { value: 'orders', path: `${STORE_PATH}/orders` },
  { value: 'coupons', path: `${STORE_PATH}/coupons` },
  { value: 'sales', path: `${STORE_PATH}/sales` },
] as const;

/** The store's own navigation, and the way to the storefront as buyers see it. */
function StoreTabs({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = TABS.find((tab) => tab.path !== STORE_PATH && (pathname === tab.path || pathname.startsWith(`${tab.path}/`)))?.value ?? 'settings';
  return (
    <Stack gap="lg" maw={1200}>
      <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
        <Tabs
          value={current}
          onChange={(value) => {
            const tab = TABS.find((entry) => entry.value === value);
            if (tab) void navigate(tab.path);
          }}
          keepMounted={false}
          style={{ flex: '1 1 auto', minWidth: 0 }}
        >
          <Tabs.List aria-label={t('market.tabs.label')}>
            {TABS.map((tab) => (
              <Tabs.Tab key={tab.value} value={tab.value}>
                {t(`market.tabs.${tab.value}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        {/* The storefront is the server's page, not the app's: a full page load. */}
        <Anchor href={STOREFRONT_PATH} pb={6}>
          {t('market.viewStore')}
        </Anchor>
      </Group>
      {children}
    </Stack>
  );
}

/** A product's or coupon's editor starts afresh for another one (its form belongs to one). */
function ProductEditRoute() {
  const { productId } = useParams();
  return <ProductEditorPage key={productId} productId={productId} />;
}

function OrderRoute() {
  const { orderId = '' } = useParams();
  return <OrderDetailPage key={orderId} orderId={orderId} />;
}

function CouponEditRoute() {
  const { couponId } = useParams();
  return <CouponEditorPage key={couponId} couponId={couponId} />;
}

/** `/market`: the seller's store — settings, payments, products, orders, coupons, sales (nested routes). */
export function StoreSection() {
  return (
    <StoreTabs>
      <Routes>
        <Route index element={<StoreSettingsPage />} />
        <Route path="payments" element={<PaymentsPage />} />
        <Route path="products" element={<ProductListPage />} />
        <Route path="products/new" element={<ProductEditorPage />} />
        <Route path="products/:productId" element={<ProductEditRoute />} />
        <Route path="orders" element={<OrderListPage />} />
        <Route path="orders/:orderId" element={<OrderRoute />} />
        <Route path="coupons" element={<CouponListPage />} />
        <Route path="coupons/new" element={<CouponEditorPage />} />
        <Route path="coupons/:couponId" element={<CouponEditRoute />} />
        <Route path="sales" element={<SalesPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </StoreTabs>
  );
}
