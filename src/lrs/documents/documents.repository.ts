import { and, asc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Orm } from '../../platform/db/index.js';
import { xapiDocuments } from './documents.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type DocumentKind = 'state' | 'activity_profile' | 'agent_profile';

/** The documents of one context: State's activity, agent and registration; a profile's activity or agent (the other is null). */
export interface DocumentContext {
  kind: DocumentKind;
  activityId: string | null;
  agentKey: string | null;
  registration: string | null;
}

/** One document: its context and its id. */
export interface DocumentKey extends DocumentContext {
  documentId: string;
}

export interface StoredDocument {
  id: string;
  contentType: string;
  content: Buffer;
  etag: string;
  updatedAt: Date;
}

export interface DocumentContent {
  contentType: string;
  content: Buffer;
  etag: string;
}

const equalOrNull = (column: AnyPgColumn, value: string | null): SQL => (value === null ? isNull(column) : eq(column, value));

/**
 * The documents of a context. `anyRegistration`: State's listing and multiple delete without a
 * registration take every registration of the activity and agent (the specification's
 * "Activity + Agent [+ registration if specified]"), as ADL's reference LRS does.
 */
function inContext(context: DocumentContext, options: { anyRegistration?: boolean } = {}): SQL {
  const conditions = [eq(xapiDocuments.kind, context.kind), equalOrNull(xapiDocuments.activityId, context.activityId), equalOrNull(xapiDocuments.agentKey, context.agentKey)];
  if (!(options.anyRegistration && context.registration === null)) conditions.push(equalOrNull(xapiDocuments.registration, context.registration));
  return and(...conditions)!;
}

const isDocument = (key: DocumentKey) => and(inContext(key), eq(xapiDocuments.documentId, key.documentId))!;

const documentColumns = {
  id: xapiDocuments.id,
  contentType: xapiDocuments.contentType,
  content: xapiDocuments.content,
  etag: xapiDocuments.etag,
  updatedAt: xapiDocuments.updatedAt,
};

/** The document, locked until the transaction ends when `lock` (a write decides on what it read). */
export async function findDocument(tx: Orm, key: DocumentKey, options: { lock?: boolean } = {}): Promise<StoredDocument | undefined> {
  const query = tx.select(documentColumns).from(xapiDocuments).where(isDocument(key));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

/** The ids of the context's documents changed after `since` (exclusive), with when each changed. */
export function listDocumentIds(tx: Orm, context: DocumentContext, since: Date | undefined): Promise<{ documentId: string; updatedAt: Date }[]> {
  const inScope = inContext(context, { anyRegistration: true });
  return tx
    .select({ documentId: xapiDocuments.documentId, updatedAt: xapiDocuments.updatedAt })
    .from(xapiDocuments)
    .where(since ? and(inScope, gt(xapiDocuments.updatedAt, since)) : inScope)
    .orderBy(asc(xapiDocuments.documentId));
}

/** Inserts the document unless one with its key exists already (a concurrent request stored it first): whether it did. */
export async function insertDocument(tx: Orm, key: DocumentKey, content: DocumentContent): Promise<boolean> {
  const rows = await tx
    .insert(xapiDocuments)
    .values({ ...key, ...content, updatedAt: sql`statement_timestamp()` })
    .onConflictDoNothing()
    .returning({ id: xapiDocuments.id });
  return rows.length > 0;
}

export async function replaceDocument(tx: Orm, id: string, content: DocumentContent): Promise<void> {
  await tx
    .update(xapiDocuments)
    .set({ ...content, updatedAt: sql`statement_timestamp()` })
    .where(eq(xapiDocuments.id, id));
}

export async function deleteDocumentById(tx: Orm, id: string): Promise<void> {
  await tx.delete(xapiDocuments).where(eq(xapiDocuments.id, id));
}

/** State's multiple delete: every document of the activity and agent (of the registration, if given). */
export async function deleteDocumentsInContext(tx: Orm, context: DocumentContext): Promise<void> {
  await tx.delete(xapiDocuments).where(inContext(context, { anyRegistration: true }));
}
