import { randomBytes } from 'node:crypto';
import { endAreaGrantsOf } from '../learn/index.js';
import { csvFile, storedFile, type AreaPrivacy } from '../platform/privacy/index.js';
import { viewRef } from './sharing/shared-course-refs.js';
import { eraseSpaceRowsOfUser, spaceRowsOfUser } from './space-privacy.repository.js';

/**
 * Space's part of a person's data export and erasure (docs/privacy.md). The export holds the
 * pictures the person attached to review comments; of the files and versions they uploaded (the
 * team's work, course packages of any size) it lists names and dates.
 */
export const spacePrivacy: AreaPrivacy = {
  async exportUser(tx, userId) {
    const rows = await spaceRowsOfUser(tx, userId);
    const attachments = rows.commentAttachments.map((row) => ({ row, file: storedFile('comment-attachments', row.id, row.file_name, row.blob_hash) }));
    return [
      csvFile('membership.csv', rows.membership, ['role', 'added_at']),
      csvFile('items.csv', rows.items, ['name', 'kind', 'created_at']),
      csvFile('versions.csv', rows.versions, ['item', 'number', 'file_name', 'created_at']),
      csvFile('comments.csv', rows.comments, ['item', 'version', 'body', 'status', 'created_at']),
      csvFile(
        'comment-attachments.csv',
        attachments.map(({ row, file }) => ({ item: row.item, file: file.name, file_name: row.file_name, media_type: row.media_type, size: row.size, created_at: row.created_at })),
        ['item', 'file', 'file_name', 'media_type', 'size', 'created_at'],
      ),
      ...attachments.map(({ file }) => file),
      csvFile('review-requests.csv', rows.reviewRequests, ['item', 'version', 'message', 'due_at', 'created_at']),
      csvFile('viewing.csv', rows.viewing, ['item', 'started_at', 'last_seen_at', 'seconds']),
    ];
  },
  async eraseUser(tx, userId, erased) {
    const { counts, recipientViews } = await eraseSpaceRowsOfUser(tx, userId, { email: erased.email, displayName: erased.displayName, visitorSalt: randomBytes(16).toString('hex') });
    // As when a recipient is taken off a link: a course they were playing through it stops at once.
    counts.courseCredentials = await endAreaGrantsOf(tx, recipientViews.map((view) => viewRef(view.linkId, view.viewId)));
    return counts;
  },
};
