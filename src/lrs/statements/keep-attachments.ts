import type { BlobStore } from '../../platform/storage/index.js';
import type { ReceivedAttachment } from '../attachments/statement-attachments.js';
import type { AttachmentRow } from './attachments.repository.js';

type Json = Record<string, unknown>;

/** The sha2 of every attachment a statement (and its sub-statement) names. */
export function attachmentHashesOf(statement: Json): string[] {
  const lists = [statement.attachments, (statement.object as Json | undefined)?.objectType === 'SubStatement' ? (statement.object as Json).attachments : undefined];
  return lists.flatMap((list) => (Array.isArray(list) ? list : [])).flatMap((entry: Json) => (typeof entry.sha2 === 'string' ? [entry.sha2.toLowerCase()] : []));
}

/**
 * Keeps the bytes of attachments in the blob store (encrypted, replicated, stored once per site) and
 * a row per sha2 the statements may name. Bytes go to the store before the statements' transaction
 * commits; bytes a failed request left behind are collected (blobReferences: no row names them).
 */
export async function keepAttachments(storage: BlobStore, tenantId: string, attachments: Map<string, ReceivedAttachment>): Promise<AttachmentRow[]> {
  const kept: AttachmentRow[] = [];
  for (const [sha2, attachment] of attachments) {
    const blob = await storage.put(tenantId, attachment.body);
    kept.push({ sha2, contentType: attachment.contentType, length: attachment.body.length, blobHash: blob.hash });
  }
  return kept;
}
