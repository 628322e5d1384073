import { csvFile, jsonFile, type AreaPrivacy } from '../platform/privacy/index.js';
import { eraseMarketRowsOfUser, marketRowsOfUser } from './market-privacy.repository.js';

/** Market's part of a person's data export and erasure (docs/privacy.md): orders and invoices are kept as tax law requires. */
export const marketPrivacy: AreaPrivacy = {
  async exportUser(tx, userId) {
    const rows = await marketRowsOfUser(tx, userId);
    return [
      csvFile('orders.csv', rows.orders, ['reference', 'status', 'created_at', 'paid_at', 'currency', 'gross_minor']),
      csvFile('order-lines.csv', rows.orderLines, ['order_reference', 'position', 'title', 'quantity', 'gross_minor']),
      jsonFile('invoices.json', rows.invoices),
      csvFile('course-access.csv', rows.accessGrants, ['course_id', 'granted_at', 'ends_at', 'revoked_at']),
    ];
  },
  eraseUser: (tx, userId) => eraseMarketRowsOfUser(tx, userId),
};
