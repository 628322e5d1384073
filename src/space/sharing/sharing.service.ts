import { createHash, randomBytes } from 'node:crypto';
import type { UseCase } from '../../platform/access/index.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import { checkSharedPassword, hashSharedPassword, type CredentialClient, type User } from '../../platform/identity/index.js';
import { secretBox } from '../../platform/secrets/index.js';
import type { Tenant } from '../../platform/tenancy/index.js';
import { itemFor, libraryAccessOf } from '../library/item-access.js';
import { findItem, findVersion, listItems, versionChunks, type ChunkRecord, type ItemRecord, type VersionRecord } from '../library/items.repository.js';
import { createShareInput, type CreateShareInput } from './sharing.contract.js';
import { findShareLink, findShareLinkByHash, insertShareLink, insertShareVisit, listShareLinks, revokeShareLinkRow, visitCounts, type ShareLinkRow } from './sharing.repository.js';

const SEAL_CONTEXT = 'space-share';
/** How long a visitor who gave the link's password need not give it again. */
export const UNLOCK_MS = 12 * 60 * 60 * 1000;

export const hashShareToken = (token: string) => createHash('sha256').update(token).digest('hex');
const notFound = () => new AppError('SPACE_SHARE_NOT_FOUND');

export interface ShareWithToken {
  link: ShareLinkRow;
  token: string;
  opens: number;
  visitors: number;
}

/** A share link of a file or folder, made by somebody who may edit it in Space. */
export async function createShare(useCase: UseCase, itemId: string, unchecked: CreateShareInput): Promise<ShareWithToken> {
  const input = createShareInput.parse(unchecked);
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, itemId, 'edit');
  if (item.trashedAt) throw new AppError('SPACE_ITEM_IN_TRASH', [{ field: 'id', value: itemId }]);
  if (input.expiresAt && new Date(input.expiresAt).getTime() <= Date.now()) throw new AppError('SPACE_SHARE_EXPIRY_PAST', [{ field: 'expiresAt', value: input.expiresAt }]);
  const token = randomBytes(24).toString('base64url');
  const link = await insertShareLink(useCase.tx, {
    itemId,
    tokenHash: hashShareToken(token),
    tokenSealed: secretBox().seal(token, SEAL_CONTEXT),
    audience: input.audience,
    passwordHash: input.password ? await hashSharedPassword(input.password) : null,
    expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    allowDownload: input.allowDownload,
    embedOrigins: [...new Set(input.embedOrigins)],
    createdBy: useCase.user.id,
  });
  await insertActorEvent(useCase.tx, useCase, 'space.share_created', { type: 'space_item', id: itemId }, { linkId: link.id, audience: link.audience, password: link.passwordHash !== null, expiresAt: input.expiresAt });
  return { link, token, opens: 0, visitors: 0 };
}

export async function sharesOf(useCase: UseCase, itemId: string): Promise<ShareWithToken[]> {
  const access = await libraryAccessOf(useCase);
  await itemFor(useCase, access, itemId, 'edit');
  const links = await listShareLinks(useCase.tx, itemId);
  const counts = await visitCounts(
    useCase.tx,
    links.map((link) => link.id),
  );
  return links.map((link) => ({ link, token: secretBox().open(link.tokenSealed, SEAL_CONTEXT), ...(counts.get(link.id) ?? { opens: 0, visitors: 0 }) }));
}

/** Revoked at once: the link's next request answers as for a link that never existed. */
export async function revokeShare(useCase: UseCase, linkId: string): Promise<void> {
  const link = await findShareLink(useCase.tx, linkId);
  if (!link) throw new AppError('SPACE_SHARE_NOT_FOUND', [{ field: 'id', value: linkId }]);
  const access = await libraryAccessOf(useCase);
  await itemFor(useCase, access, link.itemId, 'edit');
  await revokeShareLinkRow(useCase.tx, linkId);
  await insertActorEvent(useCase.tx, useCase, 'space.share_revoked', { type: 'space_item', id: link.itemId }, { linkId });
}

// --- What a visitor reaches ---------------------------------------------------------------

export interface Visitor {
  tenant: Tenant;
  /** The site's signed-in user, if the visitor is one. */
  user: User | null;
  client: CredentialClient;
  /** The link's id when the visitor's cookie says they gave its password (checked by the caller). */
  unlockedLinkId: string | null;
}

export interface OpenShare {
  link: ShareLinkRow;
  item: ItemRecord;
  /** The link's folder's live entries (one level), for a folder. */
  entries: ItemRecord[];
}

/**
 * The link and what it opens, or one refusal for unknown, revoked and expired links and for links
 * whose item went to the trash (the same answer, after the same one lookup). A link with a
 * password asks for it (SPACE_SHARE_PASSWORD_REQUIRED) until the visitor gave it; a link for the
 * site's users asks the visitor to sign in (SPACE_SHARE_SIGN_IN_REQUIRED).
 */
export async function openShare(db: Db, visitor: Visitor, token: string): Promise<OpenShare> {
  return db.withTenant(visitor.tenant.id, async (tx) => {
    const link = await findShareLinkByHash(tx, hashShareToken(token));
    const item = link ? await findItem(tx, link.itemId) : undefined;
    if (!link || !item || link.revokedAt || (link.expiresAt && link.expiresAt.getTime() <= Date.now()) || item.trashedAt) throw notFound();
    if (link.audience === 'tenant' && !visitor.user) throw new AppError('SPACE_SHARE_SIGN_IN_REQUIRED');
    if (link.passwordHash && visitor.unlockedLinkId !== link.id) throw new AppError('SPACE_SHARE_PASSWORD_REQUIRED');
    // A restricted entry is for the members it names, not for whoever holds a link to its folder.
    const listed = item.kind === 'file' ? [] : (await listItems(tx, { parentId: item.id, hidden: [], sort: 'kind', order: 'asc', limit: 500, offset: 0 })).items;
    const entries = listed.filter((entry) => !entry.restricted);
    return { link, item, entries };
  });
}

/** Checks the link's password (guarded: wrong guesses are counted per link and address, and banned). */
export async function unlockShare(db: Db, visitor: Visitor, token: string, password: string): Promise<ShareLinkRow> {
  const link = await db.withTenant(visitor.tenant.id, (tx) => findShareLinkByHash(tx, hashShareToken(token)));
  const live = link && !link.revokedAt && !(link.expiresAt && link.expiresAt.getTime() <= Date.now());
  // An unknown link checks against a dummy hash in the same time, and is counted the same.
  await checkSharedPassword(db, visitor.client, {
    account: `share:${live ? link.id : 'unknown'}`,
    endpoint: 'space-share-password',
    hash: live ? link.passwordHash : null,
    password,
    refusal: live ? new AppError('SPACE_SHARE_PASSWORD_WRONG', [{ field: 'password', value: '' }]) : notFound(),
    target: { type: 'space_share', id: live ? link.id : 'unknown' },
  });
  if (!live) throw notFound();
  await recordVisit(db, visitor, link, 'unlocked', null);
  return link;
}

/** The bytes a visitor may fetch: the link's file, or a file directly in the link's folder. */
export async function sharedContent(db: Db, visitor: Visitor, token: string, fileId: string | undefined): Promise<{ share: OpenShare; item: ItemRecord; version: VersionRecord; chunks: ChunkRecord[] }> {
  const share = await openShare(db, visitor, token);
  const item = fileId === undefined || fileId === share.item.id ? share.item : share.entries.find((entry) => entry.id === fileId);
  if (!item || item.kind !== 'file' || !item.currentVersion) throw notFound();
  const found = await db.withTenant(visitor.tenant.id, async (tx) => {
    const version = await findVersion(tx, item.id, item.currentVersion!);
    return version ? { version, chunks: await versionChunks(tx, version.id) } : undefined;
  });
  if (!found) throw notFound();
  return { share, item, ...found };
}

/** Who visited, without keeping the address: a hash of address and browser with the link. */
function visitorKey(visitor: Visitor, link: ShareLinkRow): string {
  return createHash('sha256').update(`${link.id}\n${visitor.user?.id ?? ''}\n${visitor.client.ip}\n${visitor.client.userAgent ?? ''}`).digest('hex');
}

export async function recordVisit(db: Db, visitor: Visitor, link: ShareLinkRow, kind: 'open' | 'content' | 'download' | 'unlocked', itemId: string | null): Promise<void> {
  await db.withTenant(visitor.tenant.id, (tx) => insertShareVisit(tx, { linkId: link.id, kind, itemId, userId: visitor.user?.id ?? null, visitor: visitorKey(visitor, link) }));
}

/** The cookie value that remembers a given password for a while (sealed: it cannot be made or moved to another link). */
export function unlockCookieValue(link: ShareLinkRow, now = Date.now()): string {
  return secretBox().seal(`${link.id}|${now + UNLOCK_MS}`, SEAL_CONTEXT);
}

/** The link the cookie unlocks, if it is one of ours and still fresh. */
export function unlockedLinkOf(cookie: string | undefined, now = Date.now()): string | null {
  if (!cookie) return null;
  try {
    const [linkId, until] = secretBox().open(cookie, SEAL_CONTEXT).split('|');
    return linkId && Number(until) > now ? linkId : null;
  } catch {
    return null;
  }
}
