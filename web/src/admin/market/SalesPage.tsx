import { Button, Group, Loader, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { DataTable } from '../../shared/ui/DataTable';
import { FactGrid } from '../../shared/ui/FactGrid';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { formatAmount, formatRate, MARKET_CURRENCIES } from './amounts';
import { fetchSales, SALES_KEY, salesCsvUrl, type SalesReportView } from './market.api';
import { SalesChart } from './SalesChart';
import { GROUPS, isValidRange, salesSearchOf, salesViewFrom, type SalesView } from './salesQuery';
import { countryName, TAX_RULES } from './storeWords';

/** The range, currency and grouping, applied together (a half-typed day asks nothing). */
function SalesFilters({ view, onApply }: { view: SalesView; onApply: (view: SalesView) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(view);
  const [badRange, setBadRange] = useState(false);
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const bad = !isValidRange(draft);
    setBadRange(bad);
    if (!bad) onApply(draft);
  };
  return (
    <form onSubmit={submit} noValidate role="search" aria-label={t('market.sales.filters')}>
      <Group gap="md" align="flex-end" wrap="wrap">
        <TextInput
          type="date"
          name="from"
          label={t('market.sales.from')}
          value={draft.from}
          onChange={(event) => {
            const from = event.currentTarget.value;
            setDraft((previous) => ({ ...previous, from }));
          }}
          error={badRange ? t('market.sales.badRange') : undefined}
        />
        <TextInput
          type="date"
          name="to"
          label={t('market.sales.to')}
          value={draft.to}
          onChange={(event) => {
            const to = event.currentTarget.value;
            setDraft((previous) => ({ ...previous, to }));
          }}
        />
        <NativeSelect
          name="currency"
          label={t('market.products.form.currency')}
          value={draft.currency}
          onChange={(event) => {
            const currency = MARKET_CURRENCIES.find((c) => c === event.currentTarget.value);
            if (currency) setDraft((previous) => ({ ...previous, currency }));
          }}
          data={[...MARKET_CURRENCIES]}
        />
        <NativeSelect
          name="groupBy"
          label={t('market.sales.groupBy')}
          value={draft.groupBy}
          onChange={(event) => {
            const groupBy = GROUPS.find((g) => g === event.currentTarget.value);
            if (groupBy) setDraft((previous) => ({ ...previous, groupBy }));
          }}
          data={GROUPS.map((group) => ({ value: group, label: t(`market.sales.groups.${group}`) }))}
        />
        <Button type="submit" variant="default">
          {t('market.sales.show')}
        </Button>
      </Group>
    </form>
  );
}

function SalesTables({ report }: { report: SalesReportView }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const money = (minor: number) => formatAmount(minor, report.currency, language);
  const cell = (minor: number) => <Table.Td style={{ whiteSpace: 'nowrap' }}>{money(minor)}</Table.Td>;
  const moneyHeaders = [t('market.sales.gross'), t('market.sales.net'), t('market.sales.vat'), t('market.sales.refunded')];
  const rule = (value: string) => {
    const known = TAX_RULES.find((r) => r === value);
    return known ? t(`market.orders.taxRules.${known}`) : value;
  };
  const none = <Text c="dimmed">{t('market.sales.noRows')}</Text>;
  return (
    <>
      <Section title={t('market.sales.byProduct')}>
        {report.byProduct.length === 0 ? (
          none
        ) : (
          <DataTable caption={t('market.sales.byProduct')} minWidth={760} headers={[t('market.sales.product'), t('market.sales.orders'), t('market.sales.quantity'), ...moneyHeaders]}>
            {report.byProduct.map((row) => (
              <Table.Tr key={row.productId ?? row.title}>
                <Table.Td>{row.title}</Table.Td>
                <Table.Td>{row.orders}</Table.Td>
                <Table.Td>{row.quantity}</Table.Td>
                {cell(row.grossMinor)}
                {cell(row.netMinor)}
                {cell(row.vatMinor)}
                {cell(row.refundedMinor)}
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </Section>
      <Section title={t('market.sales.byCountry')}>
        {report.byCountry.length === 0 ? (
          none
        ) : (
          <DataTable caption={t('market.sales.byCountry')} minWidth={640} headers={[t('market.sales.country'), t('market.sales.orders'), ...moneyHeaders]}>
            {report.byCountry.map((row) => (
              <Table.Tr key={row.country}>
                <Table.Td>{`${countryName(row.country, language)} (${row.country})`}</Table.Td>
                <Table.Td>{row.orders}</Table.Td>
                {cell(row.grossMinor)}
                {cell(row.netMinor)}
                {cell(row.vatMinor)}
                {cell(row.refundedMinor)}
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </Section>
      <Section title={t('market.sales.vatByCountry')} description={t('market.sales.vatByCountryHelp')}>
        {report.vatByCountry.length === 0 ? (
          none
        ) : (
          <DataTable caption={t('market.sales.vatByCountry')} minWidth={640} headers={[t('market.sales.country'), t('market.sales.rule'), t('market.sales.rate'), t('market.sales.net'), t('market.sales.vat')]}>
            {report.vatByCountry.map((row) => (
              <Table.Tr key={`${row.country ?? '-'}-${row.rule}-${String(row.rateBasisPoints)}`}>
                <Table.Td>{row.country ? `${countryName(row.country, language)} (${row.country})` : '–'}</Table.Td>
                <Table.Td>{rule(row.rule)}</Table.Td>
                <Table.Td>{formatRate(row.rateBasisPoints, language)}</Table.Td>
                {cell(row.netMinor)}
                {cell(row.vatMinor)}
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </Section>
      <Section title={t('market.sales.coupons')}>
        {report.coupons.length === 0 ? (
          none
        ) : (
          <DataTable caption={t('market.sales.coupons')} minWidth={420} headers={[t('market.sales.code'), t('market.sales.uses'), t('market.sales.discount')]}>
            {report.coupons.map((row) => (
              <Table.Tr key={row.code}>
                <Table.Td ff="monospace">{row.code}</Table.Td>
                <Table.Td>{row.uses}</Table.Td>
                {cell(row.discountMinor)}
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </Section>
      <Section title={t('market.sales.payout')} description={t('market.sales.payoutHelp')}>
        <FactGrid
          cols={{ base: 2, sm: 4 }}
          strong
          facts={[
            [t('market.sales.gross'), money(report.payout.grossMinor)],
            [t('market.sales.refunded'), money(report.payout.refundedMinor)],
            [t('market.sales.vat'), money(report.payout.vatMinor)],
            [t('market.sales.kept'), money(report.payout.keptNetMinor)],
          ]}
        />
        {report.payout.byProvider.length > 0 && (
          <DataTable caption={t('market.sales.byProvider')} minWidth={420} headers={[t('market.sales.provider'), t('market.sales.gross'), t('market.sales.refunded')]}>
            {report.payout.byProvider.map((row) => (
              <Table.Tr key={row.provider}>
                <Table.Td>{row.provider === 'stripe' || row.provider === 'invoice' || row.provider === 'free' ? t(`market.orders.providers.${row.provider}`) : row.provider}</Table.Td>
                {cell(row.grossMinor)}
                {cell(row.refundedMinor)}
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </Section>
    </>
  );
}

/** `/market/sales`: paid sales in a range and one currency — totals, a chart per period, and the tables a tax return needs. */
export function SalesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(`${t('market.sales.title')} – ${t('market.title')}`);
  const [searchParams, setSearchParams] = useSearchParams();
  const view = salesViewFrom(searchParams);
  const query = salesSearchOf(view).toString();
  const report = useQuery({ queryKey: [...SALES_KEY, query], queryFn: ({ signal }) => fetchSales(api, query, signal), placeholderData: keepPreviousData });
  const money = (minor: number) => formatAmount(minor, view.currency, i18n.language);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('market.sales.title')}</Title>
          <Text c="dimmed" mt={4} maw={720}>
            {t('market.sales.intro')}
          </Text>
        </div>
        <Button component="a" variant="default" href={salesCsvUrl({ from: view.from, to: view.to, currency: view.currency })} download>
          {t('market.sales.csv')}
        </Button>
      </Group>
      <SalesFilters
        key={query}
        view={view}
        onApply={(next) => {
          setSearchParams(salesSearchOf(next), { replace: true });
        }}
      />
      {report.error && <LoadError error={report.error} onRetry={() => void report.refetch()} />}
      {report.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {report.data && (
        <>
          <Section title={t('market.sales.totals')}>
            <FactGrid
              cols={{ base: 2, sm: 5 }}
              strong
              facts={[
                [t('market.sales.orders'), new Intl.NumberFormat(i18n.language).format(report.data.totals.orders)],
                [t('market.sales.gross'), money(report.data.totals.grossMinor)],
                [t('market.sales.net'), money(report.data.totals.netMinor)],
                [t('market.sales.vat'), money(report.data.totals.vatMinor)],
                [t('market.sales.refunded'), money(report.data.totals.refundedMinor)],
              ]}
            />
          </Section>
          <Section title={t('market.sales.perPeriod', { group: t(`market.sales.groups.${view.groupBy}`) })}>
            {report.data.byPeriod.length === 0 ? <Text c="dimmed">{t('market.sales.noRows')}</Text> : <SalesChart report={report.data} groupBy={view.groupBy} />}
          </Section>
          <SalesTables report={report.data} />
        </>
      )}
    </Stack>
  );
}
