import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from './market.api';
import { ORDER_STATUS_COLOURS, ORDER_STATUSES } from './storeWords';

/** An order's status in words (a status this release does not know is shown as it came). */
export function OrderStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = ORDER_STATUSES.find((s) => s === status) as OrderStatus | undefined;
  return (
    <Badge color={known ? ORDER_STATUS_COLOURS[known] : 'gray'} variant="light" style={{ flexShrink: 0 }}>
      {known ? t(`market.orders.status.${known}`) : status}
    </Badge>
  );
}
