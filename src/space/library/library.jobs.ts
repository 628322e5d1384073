import type { Db } from '../../platform/db/index.js';
import type { RecurringJob } from '../../platform/jobs/index.js';
import type { Config } from '../../config.js';
import { listTenants, siteUrlOf } from '../../platform/tenancy/index.js';
import { sendReviewReminders } from '../review/review-requests.service.js';
import { deleteItemForGood } from './course-preview.service.js';
import { deleteUnclaimedAttachments } from '../review/attachments.repository.js';
import { listExpiredTrash } from './items.repository.js';
import { TRASH_RETENTION_DAYS } from './library.contract.js';
import { deleteExpiredSpaceUploads } from './uploads.repository.js';

export const SPACE_SWEEP = 'space.sweep_library';
const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * (The hourly sweep also reminds reviewers of requests due within a day, review-requests.service.ts.)
 * Purges what has been in the trash for 30 days (with all it holds: versions, access, and so the
 * blobs no other version refers to, which the store's collector removes), expired uploads, and
 * comments' pictures no comment took within a day.
 */
export async function sweepLibrary(db: Db, tenantId: string, now = new Date()): Promise<{ purged: number; uploads: number; attachments: number }> {
  return db.withTenant(tenantId, async (tx) => {
    const expired = await listExpiredTrash(tx, new Date(now.getTime() - TRASH_RETENTION_DAYS * DAY_MS));
    for (const { id } of expired) await deleteItemForGood(tx, id);
    return {
      purged: expired.length,
      uploads: await deleteExpiredSpaceUploads(tx, now),
      // A picture uploaded for a comment that was never sent.
      attachments: await deleteUnclaimedAttachments(tx, new Date(now.getTime() - DAY_MS)),
    };
  });
}

export function libraryRecurringJobs(deps: { db: Db; config: Config }): RecurringJob[] {
  return [
    {
      kind: SPACE_SWEEP,
      everyMs: HOUR_MS,
      run: async () => {
        for (const tenant of await listTenants(deps.db.owner)) {
          await sweepLibrary(deps.db, tenant.id);
          await sendReviewReminders(deps.db, tenant, siteUrlOf(tenant, deps.config));
        }
      },
    },
  ];
}
