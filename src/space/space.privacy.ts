import { csvFile, type AreaPrivacy } from '../platform/privacy/index.js';
import { eraseSpaceRowsOfUser, spaceRowsOfUser } from './space-privacy.repository.js';

/** Space's part of a person's data export and erasure (docs/privacy.md). */
export const spacePrivacy: AreaPrivacy = {
  async exportUser(tx, userId) {
    const rows = await spaceRowsOfUser(tx, userId);
    return [
      csvFile('membership.csv', rows.membership, ['role', 'added_at']),
      csvFile('items.csv', rows.items, ['name', 'kind', 'created_at']),
      csvFile('versions.csv', rows.versions, ['item', 'number', 'file_name', 'created_at']),
      csvFile('comments.csv', rows.comments, ['item', 'version', 'body', 'status', 'created_at']),
      csvFile('review-requests.csv', rows.reviewRequests, ['item', 'version', 'message', 'due_at', 'created_at']),
      csvFile('viewing.csv', rows.viewing, ['item', 'started_at', 'last_seen_at', 'seconds']),
    ];
  },
  eraseUser: (tx, userId) => eraseSpaceRowsOfUser(tx, userId),
};
