import { Anchor, Button, Group, Loader, MultiSelect, NativeSelect, NumberInput, Radio, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, isApiError } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError } from '../../shared/forms/fieldErrors';
import { NotFoundPage } from '../../shared/pages/NotFoundPage';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { amountText, MARKET_CURRENCIES } from './amounts';
import { couponBody, couponFormOf, USES, type CouponFormValues, type CouponProblems } from './couponForm';
import { COUPONS_KEY, createCoupon, fetchCoupons, fetchProducts, PRODUCTS_KEY, saveCoupon, type CouponView } from './market.api';
import { STORE_PATH } from './storePaths';

const SHOWN = /^(code|kind|percent|amountMinor|currency|productIds(\.\d+)?|validFrom|validUntil|maxUses|maxUsesPerBuyer|active)$/;

function CouponForm({ coupon }: { coupon?: CouponView }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<CouponFormValues>(() => couponFormOf(coupon, i18n.language));
  const [problems, setProblems] = useState<CouponProblems>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const products = useQuery({ queryKey: PRODUCTS_KEY, queryFn: ({ signal }) => fetchProducts(api, signal) });
  const set = <K extends keyof CouponFormValues>(key: K, value: CouponFormValues[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
  };
  const problemOf = (path: string): string | undefined => {
    const problem = problems[path];
    if (problem) return t(`market.problems.${problem}`);
    return fieldError(error, path);
  };
  const focusField = (path: string) => {
    window.setTimeout(() => {
      formRef.current?.querySelector<HTMLElement>(`[name="${CSS.escape(path)}"]`)?.focus();
    }, 0);
  };

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const verdict = couponBody(values, i18n.language);
    if (!verdict.ok) {
      setProblems(verdict.problems);
      setError(null);
      const first = Object.keys(verdict.problems)[0];
      if (first) focusField(first);
      return;
    }
    setProblems({});
    setError(null);
    setBusy(true);
    try {
      const saved = coupon ? await saveCoupon(api, coupon.id, verdict.body) : await createCoupon(api, verdict.body);
      await queryClient.invalidateQueries({ queryKey: COUPONS_KEY });
      void navigate(`${STORE_PATH}/coupons`, { state: { notice: t(coupon ? 'market.coupons.form.saved' : 'market.coupons.form.created', { code: saved.code }) } });
    } catch (caught) {
      setError(caught);
      const first = isApiError(caught) ? caught.fields.find((f) => SHOWN.test(f.field))?.field : undefined;
      if (first) focusField(first);
    } finally {
      setBusy(false);
    }
  };

  const aboutFields = isApiError(error) && error.fields.some((f) => SHOWN.test(f.field));
  return (
    <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate aria-label={coupon ? t('market.coupons.form.editTitle', { code: coupon.code }) : t('market.coupons.form.createTitle')}>
      <Stack gap="lg">
        {error !== null && !aboutFields && <ErrorAlert error={error} />}
        <Section title={t('market.coupons.form.discount')}>
          <TextInput
            name="code"
            label={t('market.coupons.form.code')}
            description={t('market.coupons.form.codeHelp')}
            required
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
            value={values.code}
            onChange={(event) => {
              set('code', event.currentTarget.value.toUpperCase());
            }}
            error={problemOf('code')}
            maw={360}
          />
          <Radio.Group
            name="kind"
            label={t('market.coupons.form.kind')}
            value={values.kind}
            onChange={(value) => {
              set('kind', value === 'amount' ? 'amount' : 'percent');
            }}
            error={problemOf('kind')}
          >
            <Stack gap="xs" mt="xs">
              <Radio value="percent" label={t('market.coupons.form.percentOff')} />
              <Radio value="amount" label={t('market.coupons.form.amountOff')} />
            </Stack>
          </Radio.Group>
          {values.kind === 'percent' ? (
            <NumberInput
              name="percent"
              label={t('market.coupons.form.percent')}
              required
              min={1}
              max={100}
              suffix=" %"
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              value={values.percent}
              onChange={(value) => {
                set('percent', value);
              }}
              error={problemOf('percent')}
              w={200}
            />
          ) : (
            <Group align="flex-start" gap="sm">
              <NativeSelect
                name="currency"
                label={t('market.products.form.currency')}
                value={values.currency}
                onChange={(event) => {
                  const currency = MARKET_CURRENCIES.find((c) => c === event.currentTarget.value);
                  if (currency) set('currency', currency);
                }}
                data={[...MARKET_CURRENCIES]}
                error={problemOf('currency')}
                w={110}
              />
              <TextInput
                name="amountMinor"
                label={t('market.coupons.form.amount')}
                description={t('market.amountExample', { example: amountText(1000, values.currency, i18n.language) })}
                required
                inputMode="decimal"
                autoComplete="off"
                value={values.amount}
                onChange={(event) => {
                  set('amount', event.currentTarget.value);
                }}
                error={problemOf('amountMinor')}
                w={{ base: '100%', xs: 220 }}
              />
            </Group>
          )}
          <MultiSelect
            name="productIds"
            label={t('market.coupons.form.products')}
            description={t('market.coupons.form.productsHelp')}
            placeholder={values.productIds.length === 0 ? t('market.coupons.allProducts') : undefined}
            data={(products.data ?? []).map((product) => ({ value: product.id, label: product.title }))}
            value={values.productIds}
            onChange={(productIds) => {
              set('productIds', productIds);
            }}
            searchable
            clearable
            clearButtonProps={{ 'aria-label': t('market.coupons.form.clearProducts') }}
            nothingFoundMessage={t('market.coupons.form.noProductFound')}
            error={problemOf('productIds') ?? products.error?.message}
            comboboxProps={{ withinPortal: true }}
          />
        </Section>

        <Section title={t('market.coupons.form.limits')} description={t('market.coupons.form.limitsHelp')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              type="date"
              name="validFrom"
              label={t('market.coupons.form.validFrom')}
              value={values.validFrom}
              onChange={(event) => {
                set('validFrom', event.currentTarget.value);
              }}
              error={problemOf('validFrom')}
            />
            <TextInput
              type="date"
              name="validUntil"
              label={t('market.coupons.form.validUntil')}
              value={values.validUntil}
              onChange={(event) => {
                set('validUntil', event.currentTarget.value);
              }}
              error={problemOf('validUntil')}
            />
            <NumberInput
              name="maxUses"
              label={t('market.coupons.form.maxUses')}
              description={t('market.coupons.form.noLimitHelp')}
              min={1}
              max={USES.max}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              value={values.maxUses}
              onChange={(value) => {
                set('maxUses', value);
              }}
              error={problemOf('maxUses')}
            />
            <NumberInput
              name="maxUsesPerBuyer"
              label={t('market.coupons.form.maxUsesPerBuyer')}
              description={t('market.coupons.form.noLimitHelp')}
              min={1}
              max={USES.perBuyerMax}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              value={values.maxUsesPerBuyer}
              onChange={(value) => {
                set('maxUsesPerBuyer', value);
              }}
              error={problemOf('maxUsesPerBuyer')}
            />
          </SimpleGrid>
          <Switch
            name="active"
            label={t('market.coupons.form.active')}
            description={t('market.coupons.form.activeHelp')}
            checked={values.active}
            onChange={(event) => {
              set('active', event.currentTarget.checked);
            }}
            error={problemOf('active')}
          />
          {coupon && <Text size="sm">{t('market.coupons.form.usedSoFar', { count: coupon.uses })}</Text>}
        </Section>

        <Group gap="sm">
          <Button type="submit" loading={busy}>
            {coupon ? t('market.coupons.form.save') : t('market.coupons.form.create')}
          </Button>
          <Button component={Link} to={`${STORE_PATH}/coupons`} variant="default">
            {t('app.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** `/market/coupons/new` and `/market/coupons/:couponId`: the coupon editor (a coupon is found in the store's list). */
export function CouponEditorPage({ couponId }: { couponId?: string | undefined }) {
  const { t } = useTranslation();
  const coupons = useQuery({ queryKey: COUPONS_KEY, queryFn: ({ signal }) => fetchCoupons(api, signal), enabled: couponId !== undefined });
  const coupon = couponId === undefined ? undefined : coupons.data?.find((c) => c.id === couponId);
  const heading = couponId === undefined ? t('market.coupons.form.createTitle') : t('market.coupons.form.editTitle', { code: coupon?.code ?? '' });
  usePageTitle(`${couponId === undefined || coupon ? heading : t('market.coupons.title')} – ${t('market.title')}`);
  if (couponId !== undefined && coupons.error) return <LoadError error={coupons.error} onRetry={() => void coupons.refetch()} />;
  if (couponId !== undefined && !coupons.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (couponId !== undefined && !coupon) return <NotFoundPage />;
  return (
    <Stack gap="lg" maw={900}>
      <Anchor component={Link} to={`${STORE_PATH}/coupons`}>
        {t('market.coupons.back')}
      </Anchor>
      <Title order={1}>{heading}</Title>
      <CouponForm {...(coupon ? { coupon } : {})} />
    </Stack>
  );
}
