import { Anchor, Badge, Button, Group, Loader, NativeSelect, NumberInput, Paper, Radio, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, isApiError } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError } from '../../shared/forms/fieldErrors';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { SETTINGS_KEY } from '../settings/settings.api';
import { fetchMarketSettings, fetchPaymentAccounts, fetchProducts, MARKET_SETTINGS_KEY, PAYMENT_ACCOUNTS_KEY, PRODUCTS_KEY, saveMarketSettings, type MarketSettings } from './market.api';
import { STORE_PATH, STOREFRONT_PATH } from './storePaths';
import { PAYMENT_TERM, storeSettingsBody, storeSettingsChanged, storeSettingsFormOf, type StoreSettingsProblem, type StoreSettingsValues } from './storeSettingsForm';
import { countryOptions, PRICE_MODES } from './storeWords';

/** The store at a glance: open or not, how buyers can pay, what is for sale. */
function StoreOverview({ settings }: { settings: MarketSettings }) {
  const { t } = useTranslation();
  const accounts = useQuery({ queryKey: PAYMENT_ACCOUNTS_KEY, queryFn: ({ signal }) => fetchPaymentAccounts(api, signal) });
  const products = useQuery({ queryKey: PRODUCTS_KEY, queryFn: ({ signal }) => fetchProducts(api, signal) });
  const published = products.data?.filter((product) => product.status === 'published').length;
  const fact = (label: string, value: ReactNode) => (
    <Paper withBorder radius="md" p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={600} mt={4} component="div">
        {value}
      </Text>
    </Paper>
  );
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md" component="section" aria-label={t('market.settings.overview')}>
      {fact(
        t('market.settings.storeState'),
        <Badge color={settings.open ? 'green' : 'gray'} variant="light" size="lg">
          {settings.open ? t('market.settings.isOpen') : t('market.settings.isClosed')}
        </Badge>,
      )}
      {fact(
        t('market.settings.cardPayments'),
        accounts.data ? (
          <Anchor component={Link} to={`${STORE_PATH}/payments`}>
            {accounts.data.stripe.connected ? t('market.payments.connected') : t('market.payments.notConnected')}
          </Anchor>
        ) : (
          '–'
        ),
      )}
      {fact(t('market.settings.bankTransferState'), settings.bankTransfer.enabled ? t('market.settings.offered') : t('market.settings.notOffered'))}
      {fact(
        t('market.settings.publishedProducts'),
        published === undefined ? (
          '–'
        ) : (
          <Anchor component={Link} to={`${STORE_PATH}/products`}>
            {t('market.settings.productCount', { count: published })}
          </Anchor>
        ),
      )}
    </SimpleGrid>
  );
}

function StoreSettingsForm({ settings }: { settings: MarketSettings }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<StoreSettingsValues>(() => storeSettingsFormOf(settings));
  const [problems, setProblems] = useState<Record<string, StoreSettingsProblem>>({});
  const [saved, setSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);

  const mutation = useMutation({
    mutationFn: (market: MarketSettings) => saveMarketSettings(api, market),
    onSuccess: async (next) => {
      queryClient.setQueryData(MARKET_SETTINGS_KEY, next);
      setValues(storeSettingsFormOf(next));
      setSaved(true);
      // The site settings page holds all sections, the store's among them.
      await queryClient.invalidateQueries({ queryKey: SETTINGS_KEY });
    },
    onError: (error) => {
      const first = isApiError(error) ? error.fields[0]?.field : undefined;
      if (first) focusField(first.replace(/^market\./, ''));
    },
  });
  const failure = mutation.error;

  function focusField(path: string) {
    window.setTimeout(() => {
      formRef.current?.querySelector<HTMLElement>(`[name="${CSS.escape(path)}"]`)?.focus();
    }, 0);
  }

  const set = <K extends keyof StoreSettingsValues>(key: K, value: StoreSettingsValues[K]) => {
    setSaved(false);
    setValues((previous) => ({ ...previous, [key]: value }));
  };
  const setBank = <K extends keyof StoreSettingsValues['bankTransfer']>(key: K, value: StoreSettingsValues['bankTransfer'][K]) => {
    setSaved(false);
    setValues((previous) => ({ ...previous, bankTransfer: { ...previous.bankTransfer, [key]: value } }));
  };
  const errorOf = (path: string) => {
    const problem = problems[path];
    if (problem) return t(`market.settings.problems.${problem}`);
    return fieldError(failure, `market.${path}`, path);
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    mutation.reset();
    const verdict = storeSettingsBody(values);
    if (!verdict.ok) {
      setProblems(verdict.problems);
      const first = Object.keys(verdict.problems)[0];
      if (first) focusField(first);
      return;
    }
    setProblems({});
    mutation.mutate(verdict.market);
  };

  const dirty = storeSettingsChanged(settings, values);
  const fieldsNamed = isApiError(failure) && failure.fields.length > 0;
  const bank = values.bankTransfer;
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={t('market.settings.title')}>
      <Stack gap="lg">
        <Section title={t('market.settings.store')} description={t('market.settings.storeHelp')}>
          <Switch
            name="open"
            label={t('market.settings.open')}
            description={t('market.settings.openHelp')}
            checked={values.open}
            onChange={(event) => {
              set('open', event.currentTarget.checked);
            }}
            error={errorOf('open')}
          />
          <Radio.Group
            name="priceMode"
            label={t('market.settings.priceMode')}
            description={t('market.settings.priceModeHelp')}
            value={values.priceMode}
            onChange={(value) => {
              set('priceMode', PRICE_MODES.find((mode) => mode === value) ?? values.priceMode);
            }}
            error={errorOf('priceMode')}
          >
            <Stack gap="sm" mt="xs">
              {PRICE_MODES.map((mode) => (
                <Radio key={mode} value={mode} label={t(`market.settings.priceModes.${mode}`)} description={t(`market.settings.priceModeHelps.${mode}`)} />
              ))}
            </Stack>
          </Radio.Group>
        </Section>

        <Section title={t('market.settings.seller')} description={t('market.settings.sellerHelp')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              name="sellerName"
              label={t('market.settings.sellerName')}
              required={values.open}
              value={values.sellerName}
              onChange={(event) => {
                set('sellerName', event.currentTarget.value);
              }}
              maxLength={200}
              autoComplete="organization"
              error={errorOf('sellerName')}
            />
            <TextInput
              name="sellerEmail"
              type="email"
              label={t('market.settings.sellerEmail')}
              description={t('market.settings.sellerEmailHelp')}
              value={values.sellerEmail}
              onChange={(event) => {
                set('sellerEmail', event.currentTarget.value);
              }}
              maxLength={254}
              autoComplete="email"
              error={errorOf('sellerEmail')}
            />
          </SimpleGrid>
          <Textarea
            name="sellerAddress"
            label={t('market.settings.sellerAddress')}
            description={t('market.settings.sellerAddressHelp')}
            required={values.open}
            value={values.sellerAddress}
            onChange={(event) => {
              set('sellerAddress', event.currentTarget.value);
            }}
            maxLength={1000}
            autosize
            minRows={3}
            autoComplete="street-address"
            error={errorOf('sellerAddress')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              name="sellerCountry"
              label={t('market.settings.sellerCountry')}
              value={values.sellerCountry}
              onChange={(event) => {
                set('sellerCountry', event.currentTarget.value);
              }}
              data={countries}
              error={errorOf('sellerCountry')}
            />
            <TextInput
              name="sellerVatId"
              label={t('market.settings.sellerVatId')}
              description={t('market.settings.sellerVatIdHelp')}
              value={values.sellerVatId}
              onChange={(event) => {
                set('sellerVatId', event.currentTarget.value);
              }}
              maxLength={20}
              error={errorOf('sellerVatId')}
            />
          </SimpleGrid>
        </Section>

        <Section title={t('market.settings.bankTransfer')} description={t('market.settings.bankTransferHelp')}>
          <Switch
            name="bankTransfer.enabled"
            label={t('market.settings.bankEnabled')}
            checked={bank.enabled}
            onChange={(event) => {
              setBank('enabled', event.currentTarget.checked);
            }}
            error={errorOf('bankTransfer.enabled')}
          />
          <Switch
            name="bankTransfer.accessBeforePayment"
            label={t('market.settings.accessBeforePayment')}
            description={t('market.settings.accessBeforePaymentHelp')}
            checked={bank.accessBeforePayment}
            onChange={(event) => {
              setBank('accessBeforePayment', event.currentTarget.checked);
            }}
            error={errorOf('bankTransfer.accessBeforePayment')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              name="bankTransfer.accountHolder"
              label={t('market.settings.accountHolder')}
              required={bank.enabled}
              value={bank.accountHolder}
              onChange={(event) => {
                setBank('accountHolder', event.currentTarget.value);
              }}
              maxLength={200}
              error={errorOf('bankTransfer.accountHolder')}
            />
            <TextInput
              name="bankTransfer.iban"
              label={t('market.settings.iban')}
              required={bank.enabled}
              value={bank.iban}
              onChange={(event) => {
                setBank('iban', event.currentTarget.value);
              }}
              maxLength={42}
              autoComplete="off"
              spellCheck={false}
              error={errorOf('bankTransfer.iban')}
            />
            <TextInput
              name="bankTransfer.bic"
              label={t('market.settings.bic')}
              value={bank.bic}
              onChange={(event) => {
                setBank('bic', event.currentTarget.value);
              }}
              maxLength={14}
              autoComplete="off"
              spellCheck={false}
              error={errorOf('bankTransfer.bic')}
            />
            <NumberInput
              name="bankTransfer.paymentTermDays"
              label={t('market.settings.paymentTermDays')}
              description={t('market.settings.paymentTermHelp', { min: PAYMENT_TERM.min, max: PAYMENT_TERM.max })}
              min={PAYMENT_TERM.min}
              max={PAYMENT_TERM.max}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              value={bank.paymentTermDays}
              onChange={(value) => {
                setBank('paymentTermDays', value);
              }}
              error={errorOf('bankTransfer.paymentTermDays')}
            />
          </SimpleGrid>
        </Section>

        {failure && !fieldsNamed && <ErrorAlert error={failure} />}
        {failure && fieldsNamed && (
          <Text c="red" size="sm" role="alert">
            {failure.message}
          </Text>
        )}
        {saved && !dirty && <SuccessNote>{t('market.settings.saved')}</SuccessNote>}
        <Group gap="sm">
          <Button type="submit" loading={mutation.isPending} disabled={!dirty}>
            {t('app.save')}
          </Button>
          <Button
            variant="default"
            disabled={!dirty}
            onClick={() => {
              setValues(storeSettingsFormOf(settings));
              setProblems({});
              mutation.reset();
            }}
          >
            {t('market.settings.discard')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** `/market`: the store at a glance, and its settings (open or closed, the seller, prices, bank transfer). */
export function StoreSettingsPage() {
  const { t } = useTranslation();
  usePageTitle(`${t('market.settings.title')} – ${t('market.title')}`);
  const settings = useQuery({ queryKey: MARKET_SETTINGS_KEY, queryFn: ({ signal }) => fetchMarketSettings(api, signal), staleTime: 0 });
  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={1}>{t('market.settings.title')}</Title>
        <Text c="dimmed" mt={4} maw={720}>
          {t('market.settings.intro')}
        </Text>
      </div>
      {settings.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {settings.error && <LoadError error={settings.error} onRetry={() => void settings.refetch()} />}
      {settings.data && (
        <>
          <StoreOverview settings={settings.data} />
          <Text size="sm">
            {t('market.settings.storefrontAt')}{' '}
            <Anchor href={STOREFRONT_PATH}>{`${window.location.origin}${STOREFRONT_PATH}`}</Anchor>
          </Text>
          <StoreSettingsForm settings={settings.data} />
        </>
      )}
    </Stack>
  );
}
