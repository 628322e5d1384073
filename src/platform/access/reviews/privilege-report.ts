import type { Orm } from '../../db/client.js';
import { csvDialectOf, csvLine, csvText, formatUtcMinute, UTF8_BOM } from '../../http/csv-text.js';
import type { Language } from '../../http/language.js';
import type { PrivilegeKind, PrivilegeView } from './access-reviews.contract.js';
import type { HeldPrivilege, PrivilegeSource } from './privilege-source.js';
import { listLiveApiTokens, listOpenStaffGrants, listUsersWithRoles } from './privileges.repository.js';

const DAY_MS = 24 * 60 * 60_000;

/** The roles that are privileges worth reviewing: running the site, and following other people's learning. */
export const REVIEWED_ROLES = ['admin', 'manager'] as const;

export type KindedPrivilege = HeldPrivilege & { kind: PrivilegeKind };

const person = (firstName: string, lastName: string, email: string) => `${`${firstName} ${lastName}`.trim()} <${email}>`;

/** The platform's own privileges: staff grants, admin and manager roles, API tokens. */
async function platformPrivileges(tx: Orm): Promise<KindedPrivilege[]> {
  const grants = (await listOpenStaffGrants(tx)).map(
    (grant): KindedPrivilege => ({
      kind: 'staff_grant',
      subjectId: grant.id,
      holder: `${grant.staffName} <${grant.staffEmail}>`,
      privilege: grant.status === 'pending_approval' ? `${grant.scope} (pending approval)` : grant.scope,
      expiresAt: grant.expiresAt,
      lastUsedAt: grant.lastUsedAt,
      lastUseRecorded: true,
    }),
  );
  const roles = (await listUsersWithRoles(tx, REVIEWED_ROLES)).flatMap((user) =>
    REVIEWED_ROLES.filter((role) => user.roles.includes(role)).map(
      (role): KindedPrivilege => ({
        kind: 'role',
        subjectId: user.id,
        holder: person(user.firstName, user.lastName, user.email),
        privilege: role,
        expiresAt: null,
        lastUsedAt: user.lastUsedAt,
        lastUseRecorded: true,
      }),
    ),
  );
  const tokens = (await listLiveApiTokens(tx)).map(
    (token): KindedPrivilege => ({
      kind: 'api_token',
      subjectId: token.id,
      holder: person(token.ownerFirstName, token.ownerLastName, token.ownerEmail),
      privilege: `${token.name}: ${token.scopes.join(', ')}`,
      expiresAt: token.expiresAt,
      lastUsedAt: token.lastUsedAt,
      lastUseRecorded: true,
    }),
  );
  return [...grants, ...roles, ...tokens];
}

/** Every privilege in force in the use case's site: the platform's and those the areas contribute. */
export async function collectPrivileges(tx: Orm, sources: readonly PrivilegeSource[]): Promise<KindedPrivilege[]> {
  const contributed: KindedPrivilege[] = [];
  for (const source of sources) contributed.push(...(await source.list(tx)).map((held) => ({ ...held, kind: source.kind })));
  return [...(await platformPrivileges(tx)), ...contributed];
}

/**
 * Unused: never used, or last used more than `unusedDays` ago. A source that records no use
 * flags nothing (it cannot know).
 */
export function isUnused(privilege: { lastUsedAt: Date | null; lastUseRecorded: boolean }, unusedDays: number, now: Date): boolean {
  if (!privilege.lastUseRecorded) return false;
  return privilege.lastUsedAt === null || privilege.lastUsedAt.getTime() < now.getTime() - unusedDays * DAY_MS;
}

export function privilegeView(privilege: KindedPrivilege, unusedDays: number, now: Date): PrivilegeView {
  return {
    kind: privilege.kind,
    subjectId: privilege.subjectId,
    holder: privilege.holder,
    privilege: privilege.privilege,
    expiresAt: privilege.expiresAt?.toISOString() ?? null,
    lastUsedAt: privilege.lastUsedAt?.toISOString() ?? null,
    lastUseRecorded: privilege.lastUseRecorded,
    unused: isUnused(privilege, unusedDays, now),
  };
}

const HEADERS: Record<Language, string[]> = {
  en: ['Kind', 'Holder', 'Privilege', 'Expires (UTC)', 'Last used (UTC)', 'Unused'],
  de: ['Art', 'Inhaber', 'Berechtigung', 'Läuft ab (UTC)', 'Zuletzt genutzt (UTC)', 'Ungenutzt'],
};

const KIND_WORDS: Record<Language, Record<PrivilegeKind, string>> = {
  en: { staff_grant: 'Staff access', role: 'Role', api_token: 'API token', lrs_key: 'LRS key' },
  de: { staff_grant: 'Zugriff des Betreibers', role: 'Rolle', api_token: 'API-Token', lrs_key: 'LRS-Schlüssel' },
};

const WORDS: Record<Language, { never: string; unknown: string; yes: string; no: string }> = {
  en: { never: 'never', unknown: 'unknown', yes: 'yes', no: 'no' },
  de: { never: 'nie', unknown: 'unbekannt', yes: 'ja', no: 'nein' },
};

/** The report as CSV (UTF-8 with BOM; German: semicolons), in the reader's language. */
export function privilegeReportCsv(privileges: readonly PrivilegeView[], language: Language): string {
  const dialect = csvDialectOf(language);
  const words = WORDS[language];
  const when = (iso: string | null) => (iso ? formatUtcMinute(new Date(iso)) : '');
  const lines = privileges.map((p) =>
    csvLine(
      [
        KIND_WORDS[language][p.kind],
        p.holder,
        p.privilege,
        when(p.expiresAt),
        p.lastUsedAt ? when(p.lastUsedAt) : p.lastUseRecorded ? words.never : words.unknown,
        p.unused ? words.yes : words.no,
      ].map((cell) => csvText(cell, dialect)),
      dialect,
    ),
  );
  return UTF8_BOM + csvLine(HEADERS[language].map((h) => csvText(h, dialect)), dialect) + lines.join('');
}
