import type { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { AppError } from '../http/errors.js';
import type { FlowContext } from '../identity/flow-context.js';
import { findUserById } from '../identity/users.repository.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { ExportFile } from './area-privacy.js';
import { csvFile, jsonFile } from './export-files.js';
import { zipStreamOf } from './export-zip.js';
import type { PrivacyArea } from './privacy-areas.js';
import { logPrivacyRefusal } from './privacy-refusal.js';
import { insertPrivacyRequest, closeOpenRequests, platformRowsOfUser } from './privacy.repository.js';

const README = `This archive holds the personal data the site keeps about you (GDPR Art. 15 and 20).
Diese Datei enthält die personenbezogenen Daten, die die Website über Sie speichert (DSGVO Art. 15 und 20).

profile.json               your account / Ihr Konto
account/*.csv              sign-in sessions, API tokens, groups, notices, consents, requests, failed sign-ins
account/audit-entries.csv  the audit log's entries by or about you / Protokolleinträge von Ihnen oder über Sie
<area>/*                   what each part of the site keeps (learn: courses and progress; lrs: xAPI statements;
                           space: content and comments; market: orders and invoices)
lrs/xapi-attachments/*     the files you handed in with your xAPI statements, named by their SHA-256 (the
                           statements' "sha2") / Ihre Dateien zu xAPI-Aussagen, benannt nach ihrem SHA-256

Other people named in your records stand as "another person" (their addresses as "another person's
address"): their data is theirs. / Andere Personen in Ihren Daten erscheinen als "another person"
(ihre Adressen als "another person's address"): deren Daten gehören ihnen.

CSV: comma-separated, UTF-8; times in UTC (ISO 8601). JSON: UTF-8.
`;

/** What an export reads from: the database, the blob store (attachments), and the request's log. */
export interface ExportDeps {
  db: Db;
  storage: BlobStore;
  log: FastifyBaseLogger;
}

const NOT_INCLUDED = (names: readonly string[]) => `These files belong in this archive but could not be read from storage; the site's log names them for its operators.
Diese Dateien gehören in dieses Archiv, konnten aber nicht aus dem Speicher gelesen werden; das Protokoll der Website nennt sie den Betreibern.

${names.join('\n')}
`;

/**
 * Everything the site keeps about one person, as a zip: the platform's rows and each area's
 * files. Made at once, streamed and never stored: a copy left in storage would be one more copy
 * to protect and delete. Recorded as a completed privacy request and in the audit log, in the
 * transaction that read the data; stored files (attachments) are read after it, one at a time.
 */
export async function exportUserData(
  { db, storage, log }: ExportDeps,
  context: FlowContext,
  actorUserId: string,
  userId: string,
  areas: readonly PrivacyArea[],
): Promise<{ zip: Readable; fileName: string }> {
  const at = new Date();
  const files = await db.withTenant(context.tenant.id, async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) return null;
    const rows = await platformRowsOfUser(tx, userId, user.email);
    const collected: ExportFile[] = [
      { name: 'README.txt', content: README },
      jsonFile('profile.json', rows.profile[0] ?? {}),
      csvFile('account/sessions.csv', rows.sessions, ['created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent']),
      csvFile('account/api-tokens.csv', rows.api_tokens, ['name', 'prefix', 'scopes', 'created_at', 'expires_at', 'last_used_at', 'last_used_ip', 'revoked_at']),
      csvFile('account/groups.csv', rows.groups, ['group_name', 'relation', 'added_at']),
      csvFile('account/notifications.csv', rows.notifications, ['kind', 'params', 'link', 'created_at', 'read_at']),
      csvFile('account/consents.csv', rows.consents, ['topic', 'status', 'email', 'consent_text', 'requested_at', 'confirmed_at', 'withdrawn_at']),
      csvFile('account/privacy-requests.csv', rows.privacy_requests, ['kind', 'status', 'requested_at', 'handled_at']),
      csvFile('account/sign-in-failures.csv', rows.sign_in_failures, ['occurred_at', 'ip', 'endpoint']),
      csvFile('account/audit-entries.csv', rows.audit_entries, ['occurred_at', 'action', 'relation', 'actor_ip', 'user_agent', 'target_type', 'target_id', 'details']),
    ];
    for (const area of areas) {
      if (!area.privacy) continue;
      for (const file of await area.privacy.exportUser(tx, userId, { email: user.email, siteUrl: context.siteUrl })) collected.push({ ...file, name: `${area.name}/${file.name}` });
    }
    const selfService = actorUserId === userId;
    // An export made answers the person's open export requests (an administrator's export for them included).
    const closed = await closeOpenRequests(tx, userId, 'export', 'completed', actorUserId);
    if (closed === 0) await insertPrivacyRequest(tx, { subjectUserId: userId, kind: 'export', status: 'completed', requestedByUserId: actorUserId, handledByUserId: actorUserId });
    await insertAuditEvent(tx, {
      action: 'privacy.exported',
      actorUserId,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: userId,
      details: { selfService, files: collected.length },
    });
    return collected;
  });
  if (!files) {
    await logPrivacyRefusal(db, context, actorUserId, 'export', userId, 'not_a_user_of_this_site');
    throw new AppError('PRIVACY_USER_NOT_FOUND', [{ field: 'id', value: userId }]);
  }
  const day = at.toISOString().slice(0, 10);
  return { zip: zipStreamOf(await withReadableFiles(storage, context.tenant.id, log, files), at, (hash) => storage.get(context.tenant.id, hash)), fileName: `personal-data-${day}.zip` };
}

/**
 * The files with every stored one the store still has; the others named in NOT-INCLUDED.txt
 * and logged, so one lost blob does not cost the person the rest of their export (or a zip
 * that breaks off half-way).
 */
async function withReadableFiles(storage: BlobStore, tenantId: string, log: FastifyBaseLogger, files: readonly ExportFile[]): Promise<ExportFile[]> {
  const missing: string[] = [];
  const readable: ExportFile[] = [];
  for (const file of files) {
    if ('blobHash' in file && !(await storage.head(tenantId, file.blobHash))) missing.push(file.name);
    else readable.push(file);
  }
  if (missing.length === 0) return readable;
  log.error({ files: missing }, 'a data export misses stored files the site no longer has');
  return [...readable, { name: 'NOT-INCLUDED.txt', content: NOT_INCLUDED(missing) }];
}
