import { customType, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * The xAPI document resources: State (activity, agent, optional registration), Activity Profile
 * (activity) and Agent Profile (agent) documents, each under its id. The ETag is the SHA-1 of the
 * bytes, as the specification's examples use. Tenant-owned: row-level security in
 * migrations/0031_lrs_rls.sql.
 */
export const xapiDocuments = pgTable(
  'xapi_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    kind: text('kind', { enum: ['state', 'activity_profile', 'agent_profile'] }).notNull(),
    /** The activity of a State or Activity Profile document. */
    activityId: text('activity_id'),
    /** The digest of the agent's identifier (State and Agent Profile documents). */
    agentKey: uuid('agent_key'),
    registration: uuid('registration'),
    documentId: text('document_id').notNull(),
    contentType: text('content_type').notNull(),
    content: bytea('content').notNull(),
    etag: text('etag').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  // Also the index of the listings (documents of an activity and agent, of an activity, of an agent).
  (t) => [unique('xapi_documents_key').on(t.tenantId, t.kind, t.activityId, t.agentKey, t.registration, t.documentId).nullsNotDistinct()],
);
