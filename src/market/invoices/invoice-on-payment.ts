import { onEvent } from '../../platform/events/index.js';
import { marketOrderPaid } from '../orders/order-events.js';
import { findOrder } from '../orders/orders.repository.js';
import { issueInvoice } from './issue-invoice.js';

/**
 * A paid order's invoice, in a transaction of its own right after the payment's: the site's next
 * number is taken there, one invoice at a time, while payments are recorded side by side. A bank
 * transfer's invoice was issued when the order was placed; a free order gets none.
 */
export const invoiceOnPayment = onEvent({
  name: 'market.invoice_on_payment',
  on: marketOrderPaid,
  handle: async (event, tx) => {
    const order = await findOrder(tx, event.data.orderId);
    if (order && order.provider !== 'invoice') await issueInvoice(tx, order.id);
  },
});
