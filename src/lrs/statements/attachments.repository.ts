import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../../platform/db/index.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export interface AttachmentRow {
  sha2: string;
  contentType: string;
  length: number;
  blobHash: string;
}

export async function insertAttachmentRows(tx: Orm, rows: AttachmentRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(
    sql`insert into xapi_attachments (sha2, content_type, length, blob_hash)
        select * from unnest(${sql.param(rows.map((r) => r.sha2))}::text[], ${sql.param(rows.map((r) => r.contentType))}::text[],
                             ${sql.param(rows.map((r) => r.length))}::bigint[], ${sql.param(rows.map((r) => r.blobHash))}::text[])
        on conflict do nothing`,
  );
}

export async function findAttachmentRows(tx: Orm, hashes: string[]): Promise<{ sha2: string; content_type: string; blob_hash: string }[]> {
  if (hashes.length === 0) return [];
  return queryRows(tx, sql`select sha2, content_type, blob_hash from xapi_attachments where sha2 = any(${sql.param(hashes)}::text[])`);
}

/** Which of `hashes` an attachment row still names (the blob store's collector keeps those). */
export async function referencedAttachmentBlobs(tx: Orm, hashes: string[]): Promise<Set<string>> {
  const rows = await queryRows<{ blob_hash: string }>(tx, sql`select blob_hash from xapi_attachments where blob_hash = any(${sql.param(hashes)}::text[])`);
  return new Set(rows.map((row) => row.blob_hash));
}
