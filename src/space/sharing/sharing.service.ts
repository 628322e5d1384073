import { endAreaGrants } from '../../learn/index.js';
import { linkRefPrefix } from './shared-course-refs.js';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { UseCase } from '../../platform/access/index.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, type Language } from '../../platform/http/index.js';
import { enqueueRenderedMail } from '../../platform/mail/index.js';
import { checkSharedPassword, hashSharedPassword, type CredentialClient, type User } from '../../platform/identity/index.js';
import { secretBox } from '../../platform/secrets/index.js';
import type { Tenant } from '../../platform/tenancy/index.js';
import { itemFor, libraryAccessOf } from '../library/item-access.js';
import { findItem, findVersion, listItems, versionChunks, type ChunkRecord, type ItemRecord, type VersionRecord } from '../library/items.repository.js';
import { visitorRenditionOf } from '../library/items.service.js';
import type { ShareGrant } from './share-grant.js';
import { shareCodeMail, shareInvitationMail } from './share-mail.js';
import {
  countWrongRecipientCode,
  findShareRecipient,
  findShareRecipientById,
  recipientsOfLinks,
  replaceShareRecipients,
  spendRecipientCode,
  storeRecipientCode,
  type ShareRecipientRow,
} from './share-recipients.repository.js';
import { createShareInput, shareRecipientsInput, type CreateShareInput } from './sharing.contract.js';
import { findShareLink, findShareLinkByHash, insertShareLink, insertShareVisit, listShareLinks, revokeShareLinkRow, visitCounts, type ShareLinkRow } from './sharing.repository.js';

const SEAL_CONTEXT = 'space-share';
/** A recipient's code: how long it is valid, how many wrong tries void it, how soon another may be sent. */
export const SHARE_CODE_MINUTES = 10;
export const SHARE_CODE_TRIES = 5;
const SHARE_CODE_RESEND_MS = 60 * 1000;

export const hashShareToken = (token: string) => createHash('sha256').update(token).digest('hex');
const notFound = () => new AppError('SPACE_SHARE_NOT_FOUND');

export interface ShareWithToken {
  link: ShareLinkRow;
  token: string;
  opens: number;
  visitors: number;
  /** The addresses a `recipients` link is for. */
  recipients: string[];
}

/** What mails to recipients need from the request: the link's page on the site, and the language of who shared it (the recipients' is not known). */
export interface ShareMailing {
  urlOf: (token: string) => string;
  language: Language;
}

/** A share link of a file or folder, made by somebody who may edit it in Space. Named recipients are told by mail. */
export async function createShare(useCase: UseCase, itemId: string, unchecked: CreateShareInput, mailing: ShareMailing): Promise<ShareWithToken> {
  const input = createShareInput.parse(unchecked);
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, itemId, 'edit');
  if (item.trashedAt) throw new AppError('SPACE_ITEM_IN_TRASH', [{ field: 'id', value: itemId }]);
  if (input.expiresAt && new Date(input.expiresAt).getTime() <= Date.now()) throw new AppError('SPACE_SHARE_EXPIRY_PAST', [{ field: 'expiresAt', value: input.expiresAt }]);
  if (input.audience === 'recipients' && input.recipients.length === 0) throw new AppError('SPACE_SHARE_RECIPIENTS_REQUIRED', [{ field: 'recipients', value: '' }]);
  if (input.audience !== 'recipients' && input.recipients.length > 0) throw new AppError('SPACE_SHARE_RECIPIENTS_NOT_NAMED', [{ field: 'recipients', value: input.recipients[0]! }]);
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
  const { added } = await replaceShareRecipients(useCase.tx, link.id, input.recipients);
  await inviteRecipients(useCase, item, added, token, mailing);
  await insertActorEvent(useCase.tx, useCase, 'space.share_created', { type: 'space_item', id: itemId }, { linkId: link.id, audience: link.audience, password: link.passwordHash !== null, expiresAt: input.expiresAt, recipients: added.length });
  return { link, token, opens: 0, visitors: 0, recipients: [...added].sort() };
}

/** New recipients learn of the link by mail. */
async function inviteRecipients(useCase: UseCase, item: ItemRecord, emails: string[], token: string, { urlOf, language }: ShareMailing): Promise<void> {
  const url = urlOf(token);
  const sharedBy = `${useCase.user.firstName} ${useCase.user.lastName}`.trim();
  for (const email of emails) {
    await enqueueRenderedMail(useCase.tx, { to: email, template: 'space.share_invitation', ...shareInvitationMail(language, { sharedBy, itemName: item.name, link: url, siteName: useCase.tenant.name }) });
  }
}

/**
 * Sets who a `recipients` link is for. Added addresses are told by mail; removed ones lose their
 * access at once (the next request of a visitor who proved one is answered with the code form).
 */
export async function setShareRecipients(useCase: UseCase, linkId: string, unchecked: unknown, mailing: ShareMailing): Promise<ShareWithToken> {
  const input = shareRecipientsInput.parse(unchecked);
  const link = await findShareLink(useCase.tx, linkId);
  if (!link) throw new AppError('SPACE_SHARE_NOT_FOUND', [{ field: 'id', value: linkId }]);
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, link.itemId, 'edit');
  if (link.audience !== 'recipients') throw new AppError('SPACE_SHARE_RECIPIENTS_NOT_NAMED', [{ field: 'recipients', value: input.recipients[0] ?? '' }]);
  if (input.recipients.length === 0) throw new AppError('SPACE_SHARE_RECIPIENTS_REQUIRED', [{ field: 'recipients', value: '' }]);
  const token = secretBox().open(link.tokenSealed, SEAL_CONTEXT);
  const { added, removed } = await replaceShareRecipients(useCase.tx, link.id, input.recipients);
  // A removed recipient's course stops at once; the others' players open a new credential when reloaded.
  if (removed.length > 0) await endAreaGrants(useCase.tx, linkRefPrefix(link.id));
  if (!link.revokedAt) await inviteRecipients(useCase, item, added, token, mailing);
  await insertActorEvent(useCase.tx, useCase, 'space.share_recipients_changed', { type: 'space_item', id: link.itemId }, { linkId, added, removed });
  const counts = await visitCounts(useCase.tx, [link.id]);
  return { link, token, ...(counts.get(link.id) ?? { opens: 0, visitors: 0 }), recipients: (await recipientsOfLinks(useCase.tx, [link.id])).get(link.id) ?? [] };
}

export async function sharesOf(useCase: UseCase, itemId: string): Promise<ShareWithToken[]> {
  const access = await libraryAccessOf(useCase);
  await itemFor(useCase, access, itemId, 'edit');
  const links = await listShareLinks(useCase.tx, itemId);
  const ids = links.map((link) => link.id);
  const counts = await visitCounts(useCase.tx, ids);
  const recipients = await recipientsOfLinks(useCase.tx, ids);
  return links.map((link) => ({ link, token: secretBox().open(link.tokenSealed, SEAL_CONTEXT), ...(counts.get(link.id) ?? { opens: 0, visitors: 0 }), recipients: recipients.get(link.id) ?? [] }));
}

/** Revoked at once: the link's next request answers as for a link that never existed. */
export async function revokeShare(useCase: UseCase, linkId: string): Promise<void> {
  const link = await findShareLink(useCase.tx, linkId);
  if (!link) throw new AppError('SPACE_SHARE_NOT_FOUND', [{ field: 'id', value: linkId }]);
  const access = await libraryAccessOf(useCase);
  await itemFor(useCase, access, link.itemId, 'edit');
  await revokeShareLinkRow(useCase.tx, linkId);
  // Courses its visitors are playing stop too (their commits are refused by the link's own check).
  await endAreaGrants(useCase.tx, linkRefPrefix(linkId));
  await insertActorEvent(useCase.tx, useCase, 'space.share_revoked', { type: 'space_item', id: link.itemId }, { linkId });
}

// --- What a visitor reaches ---------------------------------------------------------------

export interface Visitor {
  tenant: Tenant;
  /** The site's signed-in user, if the visitor is one. */
  user: User | null;
  client: CredentialClient;
  /** What the visitor's cookie says they proved to a link (which link is checked against the one opened). */
  grant: ShareGrant | null;
}

export interface OpenShare {
  link: ShareLinkRow;
  /** The named recipient the visitor proved to be, on a `recipients` link. */
  recipient: ShareRecipientRow | null;
  item: ItemRecord;
  /** The link's folder's live entries (one level), for a folder. */
  entries: ItemRecord[];
  /** For an Office file, the PDF uploaded beside it (shown in its place), unless restricted. */
  rendition: ItemRecord | null;
}

const isLive = (link: ShareLinkRow | undefined): link is ShareLinkRow => link !== undefined && !link.revokedAt && !(link.expiresAt && link.expiresAt.getTime() <= Date.now());

/**
 * The link and what it opens, or one refusal for unknown, revoked and expired links and for links
 * whose item went to the trash (the same answer, after the same one lookup). A link for the site's
 * users asks the visitor to sign in (SPACE_SHARE_SIGN_IN_REQUIRED); a link for named recipients
 * asks for a recipient's address and its code (SPACE_SHARE_RECIPIENT_REQUIRED) until the visitor
 * proved one that is still listed; a link with a password asks for it (SPACE_SHARE_PASSWORD_REQUIRED)
 * until the visitor gave it.
 */
export async function openShare(db: Db, visitor: Visitor, token: string): Promise<OpenShare> {
  return db.withTenant(visitor.tenant.id, async (tx) => {
    const link = await findShareLinkByHash(tx, hashShareToken(token));
    const item = link ? await findItem(tx, link.itemId) : undefined;
    if (!isLive(link) || !item || item.trashedAt) throw notFound();
    if (link.audience === 'tenant' && !visitor.user) throw new AppError('SPACE_SHARE_SIGN_IN_REQUIRED');
    const grant = visitor.grant?.linkId === link.id ? visitor.grant : null;
    const recipient = link.audience === 'recipients' && grant?.recipientId ? ((await findShareRecipientById(tx, link.id, grant.recipientId)) ?? null) : null;
    if (link.audience === 'recipients' && !recipient) throw new AppError('SPACE_SHARE_RECIPIENT_REQUIRED');
    if (link.passwordHash && !grant?.password) throw new AppError('SPACE_SHARE_PASSWORD_REQUIRED');
    // A restricted entry is for the members it names, not for whoever holds a link to its folder.
    const listed = item.kind === 'file' ? [] : (await listItems(tx, { parentId: item.id, hidden: [], sort: 'kind', order: 'asc', limit: 500, offset: 0 })).items;
    const entries = listed.filter((entry) => !entry.restricted);
    return { link, recipient, item, entries, rendition: await visitorRenditionOf(tx, item) };
  });
}

/** Checks the link's password (guarded: wrong guesses are counted per link and address, and banned). */
export async function unlockShare(db: Db, visitor: Visitor, token: string, password: string): Promise<ShareLinkRow> {
  const link = await db.withTenant(visitor.tenant.id, (tx) => findShareLinkByHash(tx, hashShareToken(token)));
  const live = isLive(link);
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
  await recordVisit(db, visitor, { link, recipient: null }, 'unlocked', null);
  return link;
}

const codeOf = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
/** A recipient's address in the form it is kept and compared in (the code page shows it so too). */
export const recipientEmailOf = (value: string) => value.trim().toLowerCase();

/**
 * Mails a one-time code to `email` if the link is for that address. The visitor is told the same
 * either way (nobody learns who a link is for), after the same work: an unlisted address gets its
 * code hashed and thrown away. A new code is sent at most once a minute per address, so the
 * form cannot be used to flood somebody's mailbox.
 */
export async function requestShareCode(db: Db, visitor: Visitor, token: string, rawEmail: string, language: Language): Promise<void> {
  const email = recipientEmailOf(rawEmail);
  const code = codeOf();
  const codeHash = await hashSharedPassword(code);
  await db.withTenant(visitor.tenant.id, async (tx) => {
    const link = await findShareLinkByHash(tx, hashShareToken(token));
    const item = isLive(link) ? await findItem(tx, link.itemId) : undefined;
    if (!isLive(link) || !item || item.trashedAt) throw notFound();
    if (link.audience !== 'recipients') return;
    const recipient = await findShareRecipient(tx, link.id, email);
    if (!recipient || (recipient.codeSentAt && Date.now() - recipient.codeSentAt.getTime() < SHARE_CODE_RESEND_MS)) return;
    await storeRecipientCode(tx, recipient.id, codeHash, new Date(Date.now() + SHARE_CODE_MINUTES * 60 * 1000));
    await enqueueRenderedMail(tx, { to: recipient.email, template: 'space.share_code', ...shareCodeMail(language, { code, itemName: item.name, minutes: SHARE_CODE_MINUTES, siteName: visitor.tenant.name }) });
  });
}

/**
 * Checks a recipient's code, guarded like a link's password: wrong codes are counted per link and
 * address by the intrusion guard (and banned), and per recipient, whose code is void after
 * SHARE_CODE_TRIES wrong ones. An unlisted address, an old or spent code answer as a wrong code.
 */
export async function verifyShareCode(db: Db, visitor: Visitor, token: string, rawEmail: string, code: string): Promise<{ link: ShareLinkRow; recipient: ShareRecipientRow }> {
  const email = recipientEmailOf(rawEmail);
  const found = await db.withTenant(visitor.tenant.id, async (tx) => {
    const link = await findShareLinkByHash(tx, hashShareToken(token));
    if (!isLive(link) || link.audience !== 'recipients') return { link: isLive(link) ? link : undefined, recipient: undefined };
    return { link, recipient: await findShareRecipient(tx, link.id, email) };
  });
  const { link, recipient } = found;
  const usable = recipient && recipient.codeHash && recipient.codeExpiresAt && recipient.codeExpiresAt.getTime() > Date.now() && recipient.codeAttempts < SHARE_CODE_TRIES ? recipient.codeHash : null;
  try {
    await checkSharedPassword(db, visitor.client, {
      account: `share-code:${link?.id ?? 'unknown'}`,
      endpoint: 'space-share-code',
      hash: usable,
      password: code.trim(),
      refusal: link ? new AppError('SPACE_SHARE_CODE_WRONG', [{ field: 'code', value: '' }]) : notFound(),
      target: { type: 'space_share', id: link?.id ?? 'unknown' },
    });
  } catch (error) {
    if (recipient && error instanceof AppError && error.code === 'SPACE_SHARE_CODE_WRONG') await db.withTenant(visitor.tenant.id, (tx) => countWrongRecipientCode(tx, recipient.id));
    throw error;
  }
  if (!link || !recipient) throw notFound();
  await db.withTenant(visitor.tenant.id, (tx) => spendRecipientCode(tx, recipient.id));
  await recordVisit(db, visitor, { link, recipient }, 'verified', null);
  return { link, recipient };
}

/** The bytes a visitor may fetch: the link's file (or its PDF rendition), or a file directly in the link's folder. */
export async function sharedContent(
  db: Db,
  visitor: Visitor,
  token: string,
  fileId: string | undefined,
  options: { rendition?: boolean } = {},
): Promise<{ share: OpenShare; item: ItemRecord; version: VersionRecord; chunks: ChunkRecord[] }> {
  const share = await openShare(db, visitor, token);
  const item = options.rendition ? share.rendition : fileId === undefined || fileId === share.item.id ? share.item : share.entries.find((entry) => entry.id === fileId);
  if (!item || item.kind !== 'file' || !item.currentVersion) throw notFound();
  const found = await db.withTenant(visitor.tenant.id, async (tx) => {
    const version = await findVersion(tx, item.id, item.currentVersion!);
    return version ? { version, chunks: await versionChunks(tx, version.id) } : undefined;
  });
  if (!found) throw notFound();
  return { share, item, ...found };
}

/** Who visited, without keeping the address: a hash of the proven recipient, or of address and browser, with the link. */
export function visitorKey(visitor: Visitor, share: Pick<OpenShare, 'link' | 'recipient'>): string {
  const who = share.recipient ? `recipient:${share.recipient.email}` : `${visitor.user?.id ?? ''}\n${visitor.client.ip}\n${visitor.client.userAgent ?? ''}`;
  return createHash('sha256').update(`${share.link.id}\n${who}`).digest('hex');
}

export async function recordVisit(db: Db, visitor: Visitor, share: Pick<OpenShare, 'link' | 'recipient'>, kind: 'open' | 'content' | 'download' | 'unlocked' | 'verified', itemId: string | null): Promise<void> {
  await db.withTenant(visitor.tenant.id, (tx) =>
    insertShareVisit(tx, { linkId: share.link.id, kind, itemId, userId: visitor.user?.id ?? null, recipientEmail: share.recipient?.email ?? null, visitor: visitorKey(visitor, share) }),
  );
}
