import { Anchor, Badge, Group, List, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatAmount } from '../../admin/market/amounts';
import { ORDER_STATUS_COLOURS, ORDER_STATUSES } from '../../admin/market/storeWords';
import { api } from '../../shared/api';
import { DataTable } from '../../shared/ui/DataTable';
import { FactGrid } from '../../shared/ui/FactGrid';
import { formatDate } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { fetchMyInvoices, fetchMyOrders, MY_INVOICES_KEY, MY_ORDERS_KEY, type InvoiceView, type OrderView } from './purchases.api';
import { SeatPacksSection } from './SeatPacksSection';

function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = ORDER_STATUSES.find((s) => s === status);
  return (
    <Badge color={known ? ORDER_STATUS_COLOURS[known] : 'gray'} variant="light" style={{ flexShrink: 0 }}>
      {known ? t(`purchases.status.${known}`) : status}
    </Badge>
  );
}

/** One order: what was bought, what it cost, what came back, and its invoices. */
function PurchaseCard({ order, invoices }: { order: OrderView; invoices: InvoiceView[] }) {
  const { t, i18n } = useTranslation();
  const money = (minor: number) => formatAmount(minor, order.currency, i18n.language);
  const heading = t('purchases.order', { reference: order.reference });
  return (
    <Paper component="article" withBorder radius="md" p="md" aria-label={heading}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <div>
            <Title order={2} size="h4">
              {heading}
            </Title>
            <Text size="sm" c="dimmed">
              {t('purchases.placed', { date: formatDate(order.createdAt, i18n.language) })}
            </Text>
          </div>
          <StatusBadge status={order.status} />
        </Group>
        {order.status === 'awaiting_transfer' && <Text size="sm">{t('purchases.awaitingHelp')}</Text>}
        <DataTable caption={t('purchases.linesCaption', { reference: order.reference })} minWidth={420} headers={[t('purchases.item'), t('purchases.quantity'), t('purchases.price')]}>
          {order.lines.map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td>
                {line.title}
                {line.seatPack && (
                  <Text size="xs" c="dimmed">
                    {t('purchases.seats')}
                  </Text>
                )}
                {line.refundedMinor > 0 && (
                  <Text size="xs" c="dimmed">
                    {t('purchases.lineRefunded', { amount: money(line.refundedMinor) })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{line.quantity}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{money(line.grossMinor)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
        <FactGrid
          cols={{ base: 2, sm: 4 }}
          facts={[
            [t('purchases.net'), money(order.netMinor)],
            [t('purchases.vat'), money(order.vatMinor)],
            [t('purchases.total'), money(order.grossMinor)],
            ...(order.refundedMinor > 0 ? [[t('purchases.refunded'), money(order.refundedMinor)] as const] : []),
          ]}
        />
        <div>
          <Text fw={600} size="sm">
            {t('purchases.invoices')}
          </Text>
          {invoices.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('purchases.noInvoices')}
            </Text>
          ) : (
            <List size="sm" spacing={4}>
              {invoices.map((invoice) => (
                <List.Item key={invoice.id}>
                  {t(`purchases.invoiceKinds.${invoice.kind}`, { number: invoice.number, date: formatDate(invoice.issuedAt, i18n.language) })}{' '}
                  <Anchor href={invoice.pdfUrl} download={`${invoice.number}.pdf`} aria-label={t('purchases.downloadLabel', { number: invoice.number })}>
                    {t('purchases.download')}
                  </Anchor>
                </List.Item>
              ))}
            </List>
          )}
        </div>
      </Stack>
    </Paper>
  );
}

/** `/purchases`: what the signed-in user bought in the store, with status, totals and invoice PDFs; a company buyer's seat packs first. */
export function MyPurchasesPage() {
  const { t } = useTranslation();
  usePageTitle(t('purchases.title'));
  const orders = useQuery({ queryKey: MY_ORDERS_KEY, queryFn: ({ signal }) => fetchMyOrders(api, signal) });
  const invoices = useQuery({ queryKey: MY_INVOICES_KEY, queryFn: ({ signal }) => fetchMyInvoices(api, signal) });
  const byOrder = new Map<string, InvoiceView[]>();
  for (const invoice of invoices.data ?? []) byOrder.set(invoice.orderId, [...(byOrder.get(invoice.orderId) ?? []), invoice]);
  // Oldest first within an order: the invoice, then its credit notes.
  for (const list of byOrder.values()) list.sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={1}>{t('purchases.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('purchases.intro')}
        </Text>
      </div>
      <SeatPacksSection />
      {orders.error && <LoadError error={orders.error} onRetry={() => void orders.refetch()} />}
      {invoices.error && <LoadError error={invoices.error} onRetry={() => void invoices.refetch()} />}
      {(orders.isPending || invoices.isPending) && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {orders.data?.length === 0 && <Text c="dimmed">{t('purchases.none')}</Text>}
      {orders.data && invoices.data && orders.data.length > 0 && (
        <Stack gap="md">
          {orders.data.map((order) => (
            <PurchaseCard key={order.id} order={order} invoices={byOrder.get(order.id) ?? []} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
