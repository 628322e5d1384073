import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { usePermissions } from '../../shared/auth/permissions';
import { api } from '../../shared/api';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { DataTable } from '../../shared/ui/DataTable';
import { formatDate } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { formatAmount } from './amounts';
import { COUPONS_KEY, fetchCoupons, fetchProducts, PRODUCTS_KEY, type CouponView } from './market.api';
import { STORE_PATH } from './storePaths';

/** A coupon's discount in words: "20 %" or "10,00 €". */
export function discountText(coupon: Pick<CouponView, 'kind' | 'percent' | 'amountMinor' | 'currency'>, language: string): string {
  if (coupon.kind === 'percent') return new Intl.NumberFormat(language, { style: 'percent' }).format((coupon.percent ?? 0) / 100);
  return formatAmount(coupon.amountMinor ?? 0, coupon.currency ?? 'EUR', language);
}

/** `/market/coupons`: the store's coupon codes with their discount, products, validity and use. */
export function CouponListPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(`${t('market.coupons.title')} – ${t('market.title')}`);
  // Staff under a grant issue no coupon: its code would open paid courses after the grant.
  const mayIssue = usePermissions().data?.granted.has('market.store.issueCoupons') === true;
  const coupons = useQuery({ queryKey: COUPONS_KEY, queryFn: ({ signal }) => fetchCoupons(api, signal) });
  const products = useQuery({ queryKey: PRODUCTS_KEY, queryFn: ({ signal }) => fetchProducts(api, signal) });
  const titles = new Map((products.data ?? []).map((product) => [product.id, product.title]));
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const validity = (coupon: CouponView) => {
    const from = coupon.validFrom ? formatDate(coupon.validFrom, i18n.language) : null;
    const until = coupon.validUntil ? formatDate(coupon.validUntil, i18n.language) : null;
    if (from && until) return t('market.coupons.fromUntil', { from, until });
    if (from) return t('market.coupons.from', { from });
    if (until) return t('market.coupons.until', { until });
    return t('market.coupons.always');
  };
  const productText = (coupon: CouponView) => {
    if (coupon.productIds.length === 0) return t('market.coupons.allProducts');
    const named = coupon.productIds.map((id) => titles.get(id));
    return named.every((title) => title !== undefined) ? named.join(', ') : t('market.coupons.productCount', { count: coupon.productIds.length });
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('market.coupons.title')}</Title>
          <Text c="dimmed" mt={4} maw={720}>
            {t('market.coupons.intro')}
          </Text>
        </div>
        {mayIssue && (
          <Button component={Link} to={`${STORE_PATH}/coupons/new`}>
            {t('market.coupons.new')}
          </Button>
        )}
      </Group>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {coupons.error && <LoadError error={coupons.error} onRetry={() => void coupons.refetch()} />}
      {coupons.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {coupons.data?.length === 0 && <Text c="dimmed">{t('market.coupons.none')}</Text>}
      {coupons.data && coupons.data.length > 0 && (
        <DataTable
          caption={t('market.coupons.caption')}
          minWidth={760}
          spacing="sm"
          highlightOnHover
          headers={[t('market.coupons.columns.code'), t('market.coupons.columns.discount'), t('market.coupons.columns.products'), t('market.coupons.columns.valid'), t('market.coupons.columns.uses'), t('market.coupons.columns.state')]}
        >
          {coupons.data.map((coupon) => (
            <Table.Tr key={coupon.id}>
              <Table.Td>
                <Anchor component={Link} to={`${STORE_PATH}/coupons/${coupon.id}`} ff="monospace">
                  {coupon.code}
                </Anchor>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{discountText(coupon, i18n.language)}</Table.Td>
              <Table.Td>{productText(coupon)}</Table.Td>
              <Table.Td>{validity(coupon)}</Table.Td>
              <Table.Td>{coupon.maxUses === null ? coupon.uses : t('market.coupons.usesOf', { uses: coupon.uses, max: coupon.maxUses })}</Table.Td>
              <Table.Td>
                <Badge color={coupon.active ? 'green' : 'gray'} variant="light">
                  {coupon.active ? t('market.coupons.active') : t('market.coupons.inactive')}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Stack>
  );
}
