import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { DataTable } from '../../shared/ui/DataTable';
import { FactGrid } from '../../shared/ui/FactGrid';
import { formatDateTime } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { formatAmount, formatRate } from './amounts';
import { fetchOrder, fetchOrderInvoices, markTransferReceived, orderInvoicesKey, orderKey, ORDERS_KEY, type InvoiceView, type OrderView } from './market.api';
import { OrderStatusBadge } from './OrderStatusBadge';
import { RefundDialog } from './RefundDialog';
import { mayRefund } from './refunds';
import { STORE_PATH } from './storePaths';
import { countryName, providerKey, REFUND_KINDS, REFUND_STATUSES, TAX_RULES } from './storeWords';

/** A bank transfer's order that waits for the money. */
const awaitsTransfer = (order: OrderView) => order.provider === 'invoice' && (order.status === 'awaiting_transfer' || order.status === 'pending');


function OrderLines({ order }: { order: OrderView }) {
  const { t, i18n } = useTranslation();
  const money = (minor: number) => formatAmount(minor, order.currency, i18n.language);
  const taxRule = (rule: string) => {
    const known = TAX_RULES.find((r) => r === rule);
    return known ? t(`market.orders.taxRules.${known}`) : rule;
  };
  return (
    <Section title={t('market.orders.detail.lines')}>
      <DataTable
        caption={t('market.orders.detail.linesCaption', { reference: order.reference })}
        minWidth={900}
        headers={[
          t('market.orders.detail.item'),
          t('market.orders.detail.quantity'),
          t('market.orders.detail.net'),
          t('market.orders.detail.vat'),
          t('market.orders.detail.gross'),
          t('market.orders.detail.tax'),
          t('market.orders.detail.refunded'),
          t('market.orders.detail.access'),
        ]}
      >
        {order.lines.map((line) => (
          <Table.Tr key={line.id}>
            <Table.Td>
              {line.title}
              {line.seatPack && (
                <Badge size="xs" variant="outline" ml="xs">
                  {t('market.orders.detail.seatPack')}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              {line.quantity} × {money(line.unitPriceMinor)}
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{money(line.netMinor)}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              {money(line.vatMinor)} ({formatRate(line.vatRateBasisPoints, i18n.language)})
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{money(line.grossMinor)}</Table.Td>
            <Table.Td>
              {taxRule(line.taxRule)}
              {line.taxCountry && (
                <Text size="xs" c="dimmed">
                  {countryName(line.taxCountry, i18n.language)} ({line.taxCountry})
                </Text>
              )}
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{line.refundedMinor > 0 ? money(line.refundedMinor) : '–'}</Table.Td>
            <Table.Td>{line.accessDays ? t('market.orders.detail.accessDays', { count: line.accessDays }) : t('market.orders.detail.lifetime')}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <FactGrid
        cols={{ base: 2, sm: 4 }}
        strong
        facts={[
          [t('market.orders.detail.net'), money(order.netMinor)],
          [t('market.orders.detail.vat'), money(order.vatMinor)],
          [t('market.orders.detail.gross'), money(order.grossMinor)],
          [t('market.orders.detail.refunded'), money(order.refundedMinor)],
        ]}
      />
    </Section>
  );
}

function OrderRefunds({ order }: { order: OrderView }) {
  const { t, i18n } = useTranslation();
  const kind = (value: string) => {
    const known = REFUND_KINDS.find((k) => k === value);
    return known ? t(`market.orders.refundKinds.${known}`) : value;
  };
  const state = (value: string) => {
    const known = REFUND_STATUSES.find((s) => s === value);
    return known ? t(`market.orders.refundStatus.${known}`) : value;
  };
  return (
    <Section title={t('market.orders.detail.refunds')}>
      {order.refunds.length === 0 ? (
        <Text c="dimmed">{t('market.orders.detail.noRefunds')}</Text>
      ) : (
        <DataTable
          caption={t('market.orders.detail.refundsCaption', { reference: order.reference })}
          minWidth={640}
          headers={[t('market.orders.detail.when'), t('market.orders.detail.kind'), t('market.orders.detail.state'), t('market.orders.detail.amount'), t('market.orders.detail.reason')]}
        >
          {order.refunds.map((refund) => (
            <Table.Tr key={refund.id}>
              <Table.Td>{formatDateTime(refund.createdAt, i18n.language)}</Table.Td>
              <Table.Td>{kind(refund.kind)}</Table.Td>
              <Table.Td>{state(refund.status)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatAmount(refund.amountMinor, order.currency, i18n.language)}</Table.Td>
              <Table.Td>{refund.reason || '–'}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}

/** The order's invoice and credit notes, each a PDF to download. */
export function InvoiceTable({ invoices, caption }: { invoices: InvoiceView[]; caption: string }) {
  const { t, i18n } = useTranslation();
  return (
    <DataTable caption={caption} minWidth={560} actions headers={[t('market.invoices.number'), t('market.invoices.kind'), t('market.invoices.issued'), t('market.invoices.total')]}>
      {invoices.map((invoice) => (
        <Table.Tr key={invoice.id}>
          <Table.Td>
            {invoice.number}
            {invoice.correctsNumber && (
              <Text size="xs" c="dimmed">
                {t('market.invoices.corrects', { number: invoice.correctsNumber })}
              </Text>
            )}
          </Table.Td>
          <Table.Td>{t(`market.invoices.kinds.${invoice.kind}`)}</Table.Td>
          <Table.Td>{formatDateTime(invoice.issuedAt, i18n.language)}</Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatAmount(invoice.grossMinor, invoice.currency, i18n.language)}</Table.Td>
          <Table.Td>
            <Anchor href={invoice.pdfUrl} download={`${invoice.number}.pdf`} aria-label={t('market.invoices.downloadLabel', { number: invoice.number })}>
              {t('market.invoices.download')}
            </Anchor>
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

function OrderInvoices({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  const invoices = useQuery({ queryKey: orderInvoicesKey(order.id), queryFn: ({ signal }) => fetchOrderInvoices(api, order.id, signal) });
  return (
    <Section title={t('market.invoices.title')}>
      {invoices.error && <LoadError error={invoices.error} onRetry={() => void invoices.refetch()} />}
      {invoices.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {invoices.data?.length === 0 && <Text c="dimmed">{t('market.invoices.none')}</Text>}
      {invoices.data && invoices.data.length > 0 && <InvoiceTable invoices={invoices.data} caption={t('market.invoices.caption', { reference: order.reference })} />}
    </Section>
  );
}

/** `/market/orders/:orderId`: one order with its buyer, lines, refunds and invoices; a bank transfer's money marked received; refunds. */
export function OrderDetailPage({ orderId }: { orderId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const order = useQuery({ queryKey: orderKey(orderId), queryFn: ({ signal }) => fetchOrder(api, orderId, signal) });
  const [notice, setNotice] = useState<string | null>(null);
  const [refunding, setRefunding] = useState(false);
  const [payerIban, setPayerIban] = useState('');
  usePageTitle(`${order.data ? t('market.orders.detail.title', { reference: order.data.reference }) : t('market.orders.title')} – ${t('market.title')}`);
  if (order.error) return <LoadError error={order.error} onRetry={() => void order.refetch()} />;
  if (!order.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  const data = order.data;
  const money = (minor: number) => formatAmount(minor, data.currency, i18n.language);
  const changed = async (next: OrderView, text: string) => {
    queryClient.setQueryData(orderKey(orderId), next);
    setNotice(text);
    // Lists, totals and the invoices (a credit note) follow the change.
    await queryClient.invalidateQueries({ queryKey: ORDERS_KEY });
  };
  const buyer = data.buyer;
  const name = [buyer.firstName, buyer.lastName].join(' ').trim();

  return (
    <Stack gap="lg" maw={1100}>
      <Anchor component={Link} to={`${STORE_PATH}/orders`}>
        {t('market.orders.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1}>{t('market.orders.detail.title', { reference: data.reference })}</Title>
            <OrderStatusBadge status={data.status} />
          </Group>
          <Text size="sm" c="dimmed">
            {t('market.orders.detail.placed', { date: formatDateTime(data.createdAt, i18n.language) })}
            {data.paidAt && ` · ${t('market.orders.detail.paid', { date: formatDateTime(data.paidAt, i18n.language) })}`}
          </Text>
        </Stack>
        <Group gap="sm">
          {awaitsTransfer(data) && (
            <ConfirmAction
              label={t('market.orders.detail.transferReceived')}
              buttonProps={{ size: 'sm', variant: 'filled', color: undefined }}
              danger={false}
              title={t('market.orders.detail.transferTitle', { reference: data.reference })}
              body={
                <Stack gap="sm">
                  <Text>{t('market.orders.detail.transferBody', { amount: money(data.grossMinor) })}</Text>
                  <TextInput
                    label={t('market.orders.detail.payerIban')}
                    description={t('market.orders.detail.payerIbanHint')}
                    value={payerIban}
                    autoComplete="off"
                    spellCheck={false}
                    onChange={(event) => {
                      setPayerIban(event.currentTarget.value);
                    }}
                  />
                </Stack>
              }
              confirmLabel={t('market.orders.detail.transferConfirm')}
              onConfirm={async () => {
                const next = await markTransferReceived(api, data.id, { payerIban });
                await changed(next, t('market.orders.detail.transferDone'));
              }}
            />
          )}
          {mayRefund(data) && (
            <Button
              color="red"
              variant="light"
              size="sm"
              onClick={() => {
                setRefunding(true);
              }}
            >
              {t('market.orders.detail.refund')}
            </Button>
          )}
        </Group>
      </Group>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {awaitsTransfer(data) && (
        <Text size="sm" c="dimmed">
          {t('market.orders.detail.awaitingHelp')}
        </Text>
      )}

      <Section title={t('market.orders.detail.buyer')}>
        <FactGrid
          cols={{ base: 1, sm: 3 }}
          facts={[
            [t('market.orders.detail.name'), name || '–'],
            [t('market.orders.detail.email'), buyer.email],
            [t('market.orders.detail.company'), buyer.company ?? '–'],
            [t('market.orders.detail.country'), `${countryName(buyer.country, i18n.language)} (${buyer.country})`],
            [t('market.orders.detail.vatId'), buyer.vatId ? `${buyer.vatId}${buyer.vatStatus ? ` (${buyer.vatStatus})` : ''}` : '–'],
            [t('market.orders.detail.payment'), t(`market.orders.providers.${providerKey(data.provider)}`)],
          ]}
        />
      </Section>

      <OrderLines order={data} />
      <OrderRefunds order={data} />
      <OrderInvoices order={data} />

      <RefundDialog
        order={data}
        opened={refunding}
        onClose={() => {
          setRefunding(false);
        }}
        onRefunded={(next, amountMinor) => {
          setRefunding(false);
          void changed(next, t('market.orders.detail.refundDone', { amount: money(amountMinor) }));
        }}
      />
    </Stack>
  );
}
