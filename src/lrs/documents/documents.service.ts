import type { Db, Orm } from '../../platform/db/index.js';
import { XapiError } from '../xapi/xapi-error.js';
import { DEFAULT_CONTENT_TYPE, mergeDocuments, postedJsonObject } from './document-merge.js';
import { checkPreconditions, checkUnconditionalPut, etagOf, type Preconditions, type UnconditionalPut } from './document-preconditions.js';
import {
  deleteDocumentById,
  deleteDocumentsInContext,
  findDocument,
  insertDocument,
  listDocumentIds,
  replaceDocument,
  type DocumentContent,
  type DocumentContext,
  type DocumentKey,
  type StoredDocument,
} from './documents.repository.js';

/**
 * The largest document the LRS keeps: 1 MiB. Documents live in a database row that every GET
 * and every merge reads whole; the state and profiles of courses are a few kilobytes, their
 * suspend data tens of kilobytes.
 */
export const DOCUMENT_LIMIT = 1024 * 1024;

function checkSize(length: number): void {
  if (length > DOCUMENT_LIMIT) {
    throw new XapiError(413, 'LRS_DOCUMENT_TOO_LARGE', {
      en: `The document is larger than this LRS keeps (${DOCUMENT_LIMIT} bytes).`,
      de: `Das Dokument ist größer, als dieser LRS speichert (${DOCUMENT_LIMIT} Bytes).`,
    });
  }
}

const contentOf = (contentType: string, content: Buffer): DocumentContent => ({ contentType, content, etag: etagOf(content) });

export interface DocumentWrite {
  method: 'PUT' | 'POST';
  contentType: string | undefined;
  body: Buffer;
  preconditions: Preconditions;
  unconditionalPut: UnconditionalPut;
}

/** PUT stores the document as sent; POST merges a JSON object into the stored one, or stores it when there is none. */
export async function storeDocument(db: Db, tenantId: string, key: DocumentKey, write: DocumentWrite): Promise<void> {
  await db.withTenant(tenantId, (tx) => writeDocument(tx, key, write));
}

/** storeDocument in the caller's transaction (an LMS writing a launch's State with its other records). */
export async function writeDocument(tx: Orm, key: DocumentKey, write: DocumentWrite): Promise<void> {
  checkSize(write.body.length);
  const posted = write.method === 'POST' ? postedJsonObject(write.contentType, write.body) : undefined;
  const sent = contentOf(write.contentType?.trim() || DEFAULT_CONTENT_TYPE, write.body);
  // Another request may insert the document between our look and our insert; then we look
  // again (the row exists now, so the look locks it) and decide anew on what is stored.
  for (let attempt = 1; ; attempt++) {
    const current = await findDocument(tx, key, { lock: true });
    checkPreconditions(write.preconditions, current);
    if (write.method === 'PUT') checkUnconditionalPut(write.preconditions, write.unconditionalPut, current !== undefined);
    if (current) {
      let next = sent;
      if (write.method === 'POST') {
        const merged = mergeDocuments(current, posted);
        checkSize(merged.length);
        next = contentOf('application/json', merged);
      }
      await replaceDocument(tx, current.id, next);
      return;
    }
    if (await insertDocument(tx, key, sent)) return;
    if (attempt >= 2) throw new Error('writeDocument: the document was inserted concurrently twice');
  }
}

export function readDocument(db: Db, tenantId: string, key: DocumentKey): Promise<StoredDocument | undefined> {
  return db.withTenant(tenantId, (tx) => findDocument(tx, key));
}

export function listDocuments(db: Db, tenantId: string, context: DocumentContext, since: Date | undefined): Promise<{ documentId: string; updatedAt: Date }[]> {
  return db.withTenant(tenantId, (tx) => listDocumentIds(tx, context, since));
}

/** Deletes the document if it is there (deleting none is no error), after its preconditions. */
export async function removeDocument(db: Db, tenantId: string, key: DocumentKey, preconditions: Preconditions): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    const current = await findDocument(tx, key, { lock: true });
    checkPreconditions(preconditions, current);
    if (current) await deleteDocumentById(tx, current.id);
  });
}

export async function removeDocuments(db: Db, tenantId: string, context: DocumentContext): Promise<void> {
  await db.withTenant(tenantId, (tx) => deleteDocumentsInContext(tx, context));
}
