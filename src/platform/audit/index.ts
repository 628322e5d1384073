// The public entry of platform/audit for the areas; the table is public in audit.schema.ts.
export { insertActorEvent, type Actor } from './actor-event.js';
export { insertAuditEvent, type AuditEvent } from './audit.repository.js';
