import { Anchor, Button, Group, Loader, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { SearchField } from '../../shared/ui/SearchField';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { formatAmount } from './amounts';
import { fetchOrders, ORDERS_KEY } from './market.api';
import { OrderStatusBadge } from './OrderStatusBadge';
import { ORDERS_PAGE_SIZE, ordersApiQueryOf, ordersSearchOf, ordersViewFrom, type OrdersView } from './ordersQuery';
import { STORE_PATH } from './storePaths';
import { ORDER_STATUSES, providerKey } from './storeWords';

/** `/market/orders`: the store's orders, newest first, by status and search (reference, e-mail, name, company). */
export function OrderListPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(`${t('market.orders.title')} – ${t('market.title')}`);
  const [searchParams, setSearchParams] = useSearchParams();
  const view = ordersViewFrom(searchParams);
  const query = ordersApiQueryOf(view);
  const orders = useQuery({ queryKey: [...ORDERS_KEY, 'list', query], queryFn: ({ signal }) => fetchOrders(api, query, signal), placeholderData: keepPreviousData });
  const show = (next: Partial<OrdersView>) => {
    setSearchParams(ordersSearchOf({ ...view, page: 1, ...next }), { replace: true });
  };
  // One order more than a page was asked for: it says whether there is a next page.
  const rows = orders.data?.slice(0, ORDERS_PAGE_SIZE) ?? [];
  const hasNext = (orders.data?.length ?? 0) > ORDERS_PAGE_SIZE;
  const first = (view.page - 1) * ORDERS_PAGE_SIZE + 1;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('market.orders.title')}</Title>
        <Text c="dimmed" mt={4} maw={720}>
          {t('market.orders.intro')}
        </Text>
      </div>
      <Group gap="md" align="flex-end" role="search" aria-label={t('market.orders.filters')}>
        <SearchField label={t('market.orders.search')} description={t('market.orders.searchHelp')} name="q" maxLength={100} initial={view.search} onSearch={(search) => show({ search })} w={{ base: '100%', xs: 300 }} />
        <NativeSelect
          label={t('market.orders.statusFilter')}
          name="status"
          value={view.status ?? ''}
          onChange={(event) => {
            show({ status: ORDER_STATUSES.find((s) => s === event.currentTarget.value) });
          }}
          data={[{ value: '', label: t('market.orders.allStatuses') }, ...ORDER_STATUSES.map((status) => ({ value: status, label: t(`market.orders.status.${status}`) }))]}
        />
      </Group>
      {orders.error && <LoadError error={orders.error} onRetry={() => void orders.refetch()} />}
      {orders.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {orders.data && (
        <>
          <Text size="sm" c="dimmed" role="status" aria-live="polite">
            {rows.length === 0 ? t('market.orders.none') : t('market.orders.showing', { first, last: first + rows.length - 1 })}
          </Text>
          {rows.length > 0 && (
            <DataTable
              caption={t('market.orders.caption')}
              minWidth={820}
              spacing="sm"
              highlightOnHover
              headers={[t('market.orders.columns.reference'), t('market.orders.columns.date'), t('market.orders.columns.buyer'), t('market.orders.columns.status'), t('market.orders.columns.total'), t('market.orders.columns.payment')]}
            >
              {rows.map((order) => (
                <Table.Tr key={order.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`${STORE_PATH}/orders/${order.id}`}>
                      {order.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDateTime(order.createdAt, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{[order.buyer.firstName, order.buyer.lastName].join(' ').trim() || order.buyer.email}</Text>
                    <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {order.buyer.email}
                      {order.buyer.company ? ` · ${order.buyer.company}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <OrderStatusBadge status={order.status} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatAmount(order.grossMinor, order.currency, i18n.language)}</Table.Td>
                  <Table.Td>{t(`market.orders.providers.${providerKey(order.provider)}`)}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}
          {(view.page > 1 || hasNext) && (
            <Group gap="sm" component="nav" aria-label={t('market.orders.pages')}>
              <Button variant="default" disabled={view.page <= 1} onClick={() => show({ ...view, page: view.page - 1 })}>
                {t('market.orders.previous')}
              </Button>
              <Text size="sm">{t('market.orders.page', { page: view.page })}</Text>
              <Button variant="default" disabled={!hasNext} onClick={() => show({ ...view, page: view.page + 1 })}>
                {t('market.orders.next')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

