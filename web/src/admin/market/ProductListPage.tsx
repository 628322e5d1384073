import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { api } from '../../shared/api';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { DataTable } from '../../shared/ui/DataTable';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { formatAmount } from './amounts';
import { useCourseTitles } from './CoursePicker';
import { fetchProducts, PRODUCTS_KEY, type ProductView } from './market.api';
import { STORE_PATH } from './storePaths';
import { PRODUCT_STATUS_COLOURS } from './storeWords';

export function ProductStatusBadge({ status }: { status: ProductView['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={PRODUCT_STATUS_COLOURS[status]} variant="light">
      {t(`market.products.status.${status}`)}
    </Badge>
  );
}

/** `/market/products`: what the store sells, with status, prices and courses; a new product. */
export function ProductListPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(`${t('market.products.title')} – ${t('market.title')}`);
  const products = useQuery({ queryKey: PRODUCTS_KEY, queryFn: ({ signal }) => fetchProducts(api, signal) });
  const courses = useCourseTitles();
  // A notice the editor left (a product was saved).
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const prices = (product: ProductView) =>
    product.free ? t('market.products.free') : product.prices.map((price) => formatAmount(price.amountMinor, price.currency, i18n.language)).join(' · ') || '–';
  const courseText = (product: ProductView) => {
    const titles = product.courseIds.map((id) => courses.get(id)?.title);
    return titles.every((title) => title !== undefined) ? titles.join(', ') : t('market.products.courseCount', { count: product.courseIds.length });
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('market.products.title')}</Title>
          <Text c="dimmed" mt={4} maw={720}>
            {t('market.products.intro')}
          </Text>
        </div>
        <Button component={Link} to={`${STORE_PATH}/products/new`}>
          {t('market.products.new')}
        </Button>
      </Group>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {products.error && <LoadError error={products.error} onRetry={() => void products.refetch()} />}
      {products.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {products.data?.length === 0 && <Text c="dimmed">{t('market.products.none')}</Text>}
      {products.data && products.data.length > 0 && (
        <DataTable
          caption={t('market.products.caption')}
          minWidth={720}
          spacing="sm"
          highlightOnHover
          headers={[t('market.products.columns.title'), t('market.products.columns.status'), t('market.products.columns.price'), t('market.products.columns.courses')]}
        >
          {products.data.map((product) => (
            <Table.Tr key={product.id}>
              <Table.Td>
                <Anchor component={Link} to={`${STORE_PATH}/products/${product.id}`}>
                  {product.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {t(`market.products.kinds.${product.kind}`)} · /store/p/{product.slug}
                </Text>
              </Table.Td>
              <Table.Td>
                <ProductStatusBadge status={product.status} />
              </Table.Td>
              <Table.Td>{prices(product)}</Table.Td>
              <Table.Td>{courseText(product)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Stack>
  );
}
