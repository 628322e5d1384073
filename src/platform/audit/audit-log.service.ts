import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { csvDialectOf, csvLine, csvText, UTF8_BOM } from '../http/csv-text.js';
import type { Language } from '../http/language.js';
import type { FlowContext } from '../identity/flow-context.js';
import type { User } from '../identity/users.repository.js';
import { insertAuditEvent } from './audit.repository.js';
import { SECURITY_EVENT_KINDS, type AuditEntryView, type AuditLogFilter, type SecurityEventKind, type SecurityTimeline } from './audit-log.contract.js';
import { countSecurityEvents, SECURITY_ACTIONS, selectAuditLog, type AuditLogRow, type AuditLogSelection } from './audit-log.repository.js';

const DAY = 86_400_000;

/** A day's start, and the start of the day after it (a `to` day counts whole), in UTC. */
function startOf(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
function endOf(day: string): Date {
  return new Date(startOf(day).getTime() + DAY);
}

/** A reversed period would find nothing, silently: it is named instead. */
function assertPeriod(period: { from?: string | undefined; to?: string | undefined }): void {
  if (period.from && period.to && period.from > period.to) throw new AppError('AUDIT_RANGE_REVERSED', [{ field: 'query.to', value: period.to }]);
}

export function selectionOf(filter: AuditLogFilter): AuditLogSelection {
  assertPeriod(filter);
  return {
    ...(filter.action ? { action: filter.action.endsWith('.') ? { prefix: filter.action } : { exact: filter.action } } : {}),
    ...(filter.actorId ? { actorId: filter.actorId } : {}),
    ...(filter.actor ? { actorText: filter.actor } : {}),
    ...(filter.targetType ? { targetType: filter.targetType } : {}),
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.from ? { from: startOf(filter.from) } : {}),
    ...(filter.to ? { until: endOf(filter.to) } : {}),
    ...(filter.q ? { detailsText: filter.q } : {}),
  };
}

/** What changed, where an entry records it: `before`/`after`, or `from`/`to` of a change. */
function changeOf(row: AuditLogRow): { before?: unknown; after?: unknown } {
  const d = row.details;
  if ('before' in d || 'after' in d) return { before: d.before, after: d.after };
  if (/changed$/.test(row.action) && 'from' in d && 'to' in d) return { before: d.from, after: d.to };
  return {};
}

export function entryViewOf(row: AuditLogRow): AuditEntryView {
  const actor = row.actorUserId
    ? { kind: 'user' as const, id: row.actorUserId, name: row.userName, email: row.userEmail }
    : row.actorStaffId
      ? { kind: 'staff' as const, id: row.actorStaffId, name: row.staffName, email: row.staffEmail }
      : null;
  return {
    id: row.id,
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    actor,
    staffGrantId: row.staffGrantId,
    ip: row.actorIp,
    userAgent: row.userAgent,
    requestId: row.requestId,
    target: row.targetType ? { type: row.targetType, id: row.targetId } : null,
    ...changeOf(row),
    details: row.details,
  };
}

/** One page of the site's audit log, newest first; `next` continues it. */
export async function listAuditLog(db: Db, tenantId: string, filter: AuditLogFilter, page: { before?: number | undefined; limit: number }): Promise<{ entries: AuditEntryView[]; next: number | null }> {
  const rows = await db.withTenant(tenantId, (tx) => selectAuditLog(tx, selectionOf(filter), { ...(page.before ? { beforeId: page.before } : {}), limit: page.limit + 1 }));
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  return { entries: shown.map(entryViewOf), next: more ? shown[shown.length - 1]!.id : null };
}

const HEADERS = {
  en: ['time (UTC)', 'action', 'actor', 'actor e-mail', 'staff grant', 'IP', 'target type', 'target id', 'before', 'after', 'details', 'request id', 'chain position'],
  de: ['Zeit (UTC)', 'Aktion', 'Akteur', 'E-Mail des Akteurs', 'Staff-Freigabe', 'IP', 'Zieltyp', 'Ziel-ID', 'Vorher', 'Nachher', 'Details', 'Anfrage-ID', 'Position in der Kette'],
} as const;
const BATCH = 1_000;

const json = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The entries a filter selects, as CSV chunks (BOM and header first), newest first. The export
 * is itself audited before the first byte, with its filter.
 */
export async function prepareAuditExport(db: Db, context: FlowContext, admin: User, filter: AuditLogFilter, language: Language): Promise<AsyncGenerator<string>> {
  const tenantId = context.tenant.id;
  const selection = selectionOf(filter);
  await db.withTenant(tenantId, (tx) =>
    insertAuditEvent(tx, {
      action: 'audit.log_exported',
      actorUserId: admin.id,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      details: { format: 'csv', ...Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) },
    }),
  );
  const dialect = csvDialectOf(language);
  async function* chunks(): AsyncGenerator<string> {
    yield UTF8_BOM + csvLine(HEADERS[language].map((header) => csvText(header, dialect)), dialect);
    for (let before: number | undefined; ; ) {
      const rows = await db.withTenant(tenantId, (tx) => selectAuditLog(tx, selection, { ...(before ? { beforeId: before } : {}), limit: BATCH }));
      yield rows
        .map((row) => {
          const view = entryViewOf(row);
          return csvLine(
            [
              view.occurredAt,
              view.action,
              view.actor ? (view.actor.name ?? view.actor.id) + (view.actor.kind === 'staff' ? ' (staff)' : '') : '',
              view.actor?.email ?? '',
              view.staffGrantId ?? '',
              view.ip ?? '',
              view.target?.type ?? '',
              view.target?.id ?? '',
              json(view.before),
              json(view.after),
              JSON.stringify(view.details),
              view.requestId ?? '',
              view.seq === null ? '' : String(view.seq),
            ].map((cell) => csvText(cell, dialect)),
            dialect,
          );
        })
        .join('');
      if (rows.length < BATCH) return;
      before = rows[rows.length - 1]!.id;
    }
  }
  return chunks();
}

const emptyCounts = (): Record<SecurityEventKind, number> => Object.fromEntries(SECURITY_EVENT_KINDS.map((kind) => [kind, 0])) as Record<SecurityEventKind, number>;

/** Longest range per bucket: 90 days by day, 7 days by hour. */
const MAX_RANGE = { day: 90 * DAY, hour: 7 * DAY } as const;

/**
 * Sign-in failures, blocks and refusals per day or hour: by default the last 30 days (by day) or
 * 48 hours (by hour); a longer range is cut to its newest part.
 */
export async function securityTimeline(db: Db, tenantId: string, query: { from?: string | undefined; to?: string | undefined; bucket: 'day' | 'hour' }, now = new Date()): Promise<SecurityTimeline> {
  assertPeriod(query);
  const until = query.to ? endOf(query.to) : now;
  const defaultFrom = new Date(until.getTime() - (query.bucket === 'day' ? 30 * DAY : 2 * DAY));
  const from = new Date(Math.max((query.from ? startOf(query.from) : defaultFrom).getTime(), until.getTime() - MAX_RANGE[query.bucket]));
  const rows = await db.withTenant(tenantId, (tx) => countSecurityEvents(tx, { from, until, bucket: query.bucket }));
  const buckets = new Map<string, Record<SecurityEventKind, number>>();
  const totals = emptyCounts();
  for (const row of rows) {
    const kind = SECURITY_ACTIONS[row.action];
    if (!kind) continue;
    const start = row.start.toISOString();
    const counts = buckets.get(start) ?? emptyCounts();
    counts[kind] += row.n;
    totals[kind] += row.n;
    buckets.set(start, counts);
  }
  return {
    from: from.toISOString(),
    to: until.toISOString(),
    bucket: query.bucket,
    buckets: [...buckets].sort(([a], [b]) => a.localeCompare(b)).map(([start, counts]) => ({ start, counts })),
    totals,
  };
}
