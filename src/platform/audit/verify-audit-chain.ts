import type { Db } from '../db/client.js';
import type { BlobLocation } from '../storage/blob-location.js';
import { MIN_AUDIT_RETENTION_DAYS } from '../tenancy/tenant-settings.js';
import { ANCHOR_PREFIX, readAnchorCopies, readErasureRecords, type AnchorCopies } from './audit-anchor-store.js';
import {
  anchorsWithEntries,
  CHAIN_START_HASH,
  chainEntriesAfter,
  chainSeqOfHash,
  entriesAtOrBefore,
  entriesAtSeqs,
  retentionChangesAfter,
  latestRetentionRecord,
  listChainHeads,
  unchainedEntryIds,
  type ChainHead,
} from './audit-chain.repository.js';

export type ChainProblemKind = 'changed' | 'missing' | 'reordered' | 'head_mismatch' | 'anchor_mismatch' | 'site_missing';

export interface ChainProblem {
  tenant: string;
  tenantId: string;
  kind: ChainProblemKind;
  /** The chain position concerned (for `missing`, the first of the missing run up to `toSeq`). */
  seq: number | null;
  toSeq?: number;
  /** The entry's row id, when there is a row. */
  entryId: number | null;
  detail: string;
}

export interface TenantChainSummary {
  tenant: string;
  entries: number;
  headSeq: number;
  prunedThroughSeq: number;
  anchors: number;
}

/** A site erased with `lectern tenant delete`, as its erasure record in the storage says. */
export interface ErasedSite {
  tenant: string;
  tenantId: string;
  erasedAt: string;
  headSeq: number;
}

export interface ChainVerification {
  intact: boolean;
  tenants: TenantChainSummary[];
  problems: ChainProblem[];
  /** Sites whose anchors remain after they were erased (checked only when every site is verified). */
  erasedSites: ErasedSite[];
  /** Storage locations whose anchor copies could not be read (checked against the database's anchors only). */
  unreachableLocations: { location: string; error: string }[];
}

const PAGE = 1000;

/**
 * Walks each tenant's hash chain as the database's owner and names every entry that was changed,
 * removed or moved, a head that does not match the last entry, and an anchor (in the database or
 * its copy in the storage locations) that the chain no longer matches. The hashes are recomputed
 * here over the rows as stored (their canonical form from PostgreSQL's built-in functions, not the
 * database's own hash function, which an owner could redefine).
 */
export async function verifyAuditChain(
  db: Db,
  options: { tenantSlug?: string; locations?: readonly BlobLocation[]; now?: Date } = {},
): Promise<ChainVerification> {
  const heads = await listChainHeads(db.owner, options.tenantSlug);
  const stored: AnchorCopies = options.locations
    ? await readAnchorCopies(options.locations, new Set(heads.map((h) => h.tenantId)))
    : { copies: new Map(), anchoredSites: new Set(), unreachable: [] };
  const problems: ChainProblem[] = [];
  const tenants: TenantChainSummary[] = [];
  for (const head of heads) {
    const found = (p: Omit<ChainProblem, 'tenant' | 'tenantId'>) => problems.push({ tenant: head.slug, tenantId: head.tenantId, ...p });
    const entries = await walkChain(db, head, found);
    const anchors = await checkAnchors(db, head, stored, found, options.now ?? new Date());
    tenants.push({ tenant: head.slug, entries, headSeq: head.seq ?? 0, prunedThroughSeq: head.prunedThroughSeq, anchors });
  }
  const erasedSites = options.locations && options.tenantSlug === undefined ? await checkVanishedSites(heads, stored.anchoredSites, options.locations, problems) : [];
  return { intact: problems.length === 0, tenants, problems, erasedSites, unreachableLocations: stored.unreachable };
}

/**
 * Sites the storage holds anchors of but the database no longer has: erased with `lectern tenant
 * delete` when an erasure record says so, otherwise removed by hand, chain and all.
 */
async function checkVanishedSites(heads: readonly ChainHead[], anchored: ReadonlySet<string>, locations: readonly BlobLocation[], problems: ChainProblem[]): Promise<ErasedSite[]> {
  const present = new Set(heads.map((h) => h.tenantId));
  const erasures = await readErasureRecords(locations);
  const erased: ErasedSite[] = [];
  for (const tenantId of [...anchored].filter((id) => !present.has(id)).sort()) {
    const record = erasures.get(tenantId);
    if (record) {
      erased.push({ tenant: record.slug, tenantId, erasedAt: record.erasedAt, headSeq: record.headSeq });
      continue;
    }
    problems.push({
      tenant: '(no longer in the database)',
      tenantId,
      kind: 'site_missing',
      seq: null,
      entryId: null,
      detail: `the storage holds anchors of the audit chain of site ${tenantId}, but the database has no such site and no erasure record says it was deleted with lectern tenant delete: its rows were removed by other means`,
    });
  }
  return erased;
}

type Report = (problem: Omit<ChainProblem, 'tenant' | 'tenantId'>) => void;

async function walkChain(db: Db, head: ChainHead, report: Report): Promise<number> {
  for (const id of await unchainedEntryIds(db.owner, head.tenantId)) report({ kind: 'changed', seq: null, entryId: id, detail: 'the entry has no position in the chain' });
  let expectedSeq = head.prunedThroughSeq + 1;
  let expectedPrev = head.prunedThroughHash ?? CHAIN_START_HASH;
  // The entry before the current one, and whether it was named already (a broken link after it is then explained).
  let previous: { id: number; seq: number; reported: boolean } | null = null;
  let count = 0;
  let last: { id: number; seq: number; hash: string | null } | null = null;
  for (let cursor = head.prunedThroughSeq; ; ) {
    const page = await chainEntriesAfter(db.owner, head.tenantId, cursor, PAGE);
    for (const entry of page) {
      count++;
      let reported = false;
      const gap = entry.seq > expectedSeq;
      if (gap) {
        report({ kind: 'missing', seq: expectedSeq, ...(entry.seq - 1 > expectedSeq ? { toSeq: entry.seq - 1 } : {}), entryId: null, detail: missingDetail(expectedSeq, entry.seq - 1) });
      }
      const selfIntact = entry.hash === entry.recomputed && entry.inCommonEra;
      const linked = entry.prevHash === expectedPrev;
      if (!linked && !gap) {
        const pointsTo = entry.prevHash ? await chainSeqOfHash(db.owner, head.tenantId, entry.prevHash) : null;
        if (!selfIntact && pointsTo !== null && pointsTo !== entry.seq - 1) {
          report({ kind: 'reordered', seq: entry.seq, entryId: entry.id, detail: `the entry was moved: it followed the entry now at position ${pointsTo}` });
          reported = true;
        } else if (!selfIntact) {
          report({ kind: 'changed', seq: entry.seq, entryId: entry.id, detail: 'the entry and its link to the one before were changed' });
          reported = true;
        } else if (previous && !previous.reported) {
          // This entry is as written, but the one before it now has another hash: it was rewritten with a new one.
          report({ kind: 'changed', seq: previous.seq, entryId: previous.id, detail: 'the entry was rewritten and its hash recomputed; the next entry still names the old hash' });
        } else if (!previous) {
          report({ kind: 'changed', seq: entry.seq, entryId: entry.id, detail: 'the first entry does not continue from where the chain begins' });
          reported = true;
        }
      } else if (!selfIntact) {
        const detail = entry.inCommonEra ? 'the entry differs from what its hash covers' : 'the entry’s time was moved before the Common Era (which its hash does not tell apart)';
        report({ kind: 'changed', seq: entry.seq, entryId: entry.id, detail });
        reported = true;
      }
      previous = { id: entry.id, seq: entry.seq, reported };
      last = { id: entry.id, seq: entry.seq, hash: entry.hash };
      expectedSeq = entry.seq + 1;
      expectedPrev = entry.hash ?? '';
    }
    if (page.length < PAGE) break;
    cursor = page[page.length - 1]!.seq;
  }
  checkHead(head, last, report);
  await checkPrunedStart(db, head, report);
  // Rows at positions the head calls removed are never walked: the head was moved past them by hand.
  for (const entry of await entriesAtOrBefore(db.owner, head.tenantId, head.prunedThroughSeq, PAGE)) {
    report({ kind: 'changed', seq: entry.seq, entryId: entry.id, detail: `the entry is still there, but the chain head says retention removed the entries up to position ${head.prunedThroughSeq}` });
  }
  return count;
}

/** A chain whose start is recorded as pruned must say so itself, in its newest retention entry. */
async function checkPrunedStart(db: Db, head: ChainHead, report: Report): Promise<void> {
  if (head.prunedThroughSeq === 0) return;
  const record = await latestRetentionRecord(db.owner, head.tenantId);
  if (record?.throughSeq === head.prunedThroughSeq && record.throughHash === head.prunedThroughHash) return;
  report({
    kind: 'head_mismatch',
    seq: head.prunedThroughSeq,
    entryId: null,
    detail: `the chain head says the entries up to position ${head.prunedThroughSeq} were removed by retention, but no retention entry of the chain says so`,
  });
}

function missingDetail(from: number, to: number): string {
  return from === to ? `the entry at position ${from} was removed` : `the entries at positions ${from} to ${to} were removed`;
}

function checkHead(head: ChainHead, last: { id: number; seq: number; hash: string | null } | null, report: Report): void {
  if (head.seq === null) {
    if (last) report({ kind: 'head_mismatch', seq: last.seq, entryId: last.id, detail: 'the tenant has entries but its chain head is gone' });
    return;
  }
  const lastSeq = last?.seq ?? head.prunedThroughSeq;
  const lastHash = last ? last.hash : (head.prunedThroughHash ?? CHAIN_START_HASH);
  if (lastSeq < head.seq) {
    const from = lastSeq + 1;
    report({ kind: 'missing', seq: from, ...(head.seq > from ? { toSeq: head.seq } : {}), entryId: null, detail: `${missingDetail(from, head.seq)} (the newest)` });
  } else if (lastSeq > head.seq) {
    report({ kind: 'head_mismatch', seq: lastSeq, entryId: last?.id ?? null, detail: `the chain head says the chain ends at position ${head.seq}` });
  } else if (lastHash !== head.hash) {
    report({ kind: 'head_mismatch', seq: lastSeq, entryId: last?.id ?? null, detail: 'the newest entry does not have the hash its chain head recorded' });
  }
}

interface AnchorClaim {
  seq: number;
  hash: string;
  anchoredAt: Date;
  source: string;
  entryId: number | null;
  entryHash: string | null;
}

const DAY_MS = 86_400_000;

interface StoredCopy {
  seq: number;
  hash: string;
  anchoredAt: Date;
  source: string;
  /** The site's audit retention when the copy was made (copies of older releases do not say). */
  retentionDays?: number;
}

/**
 * The retention that can have applied to an anchor's position: the shortest the storage copies
 * made since that anchor recorded (the retention job anchors right after it prunes, so the
 * retention it pruned by is among them); a copy of an earlier release, which does not say, counts
 * as retention's minimum, and so does the lack of any copy. The database's own setting does not
 * count: an owner can change it.
 */
function retentionSince(anchoredAt: Date, copies: readonly StoredCopy[]): number {
  let days: number | null = null;
  for (const copy of copies) {
    if (copy.anchoredAt >= anchoredAt) days = Math.min(days ?? Infinity, copy.retentionDays ?? MIN_AUDIT_RETENTION_DAYS);
  }
  return days ?? MIN_AUDIT_RETENTION_DAYS;
}

/**
 * A shortening of the retention that the storage copies recorded must be in the chain as a
 * change of the site's settings (made after the copy that still had the longer one): an owner who
 * shortened it in the database by hand, to have young entries pruned or their anchors removed,
 * left no such entry.
 */
async function checkRetentionShortenings(db: Db, head: ChainHead, copies: readonly StoredCopy[], report: Report): Promise<void> {
  const recorded = copies.filter((c) => c.retentionDays !== undefined).sort((a, b) => a.anchoredAt.getTime() - b.anchoredAt.getTime() || a.seq - b.seq);
  for (let i = 1; i < recorded.length; i++) {
    const before = recorded[i - 1]!;
    const after = recorded[i]!;
    if (after.retentionDays! >= before.retentionDays!) continue;
    // The change's entry may have gone with the chain's start since; it can then no longer be shown either way.
    if (before.seq < head.prunedThroughSeq) continue;
    if ((await retentionChangesAfter(db.owner, head.tenantId, before.seq)) > 0) continue;
    report({
      kind: 'anchor_mismatch',
      seq: after.seq,
      entryId: null,
      detail: `the anchors recorded the site's audit retention shortened from ${before.retentionDays} to ${after.retentionDays} days between ${before.anchoredAt.toISOString()} and ${after.anchoredAt.toISOString()}, and no entry of the chain records that change of the settings`,
    });
  }
}

async function checkAnchors(db: Db, head: ChainHead, stored: AnchorCopies, report: Report, now: Date): Promise<number> {
  const claims: AnchorClaim[] = [];
  const inDatabase = await anchorsWithEntries(db.owner, head.tenantId);
  for (const anchor of inDatabase) {
    claims.push({ seq: anchor.seq, hash: anchor.hash, anchoredAt: anchor.anchoredAt, source: 'the database', entryId: anchor.entryId, entryHash: anchor.entryHash });
  }
  // Copies in the storage count on their own: removing or rewriting the database's anchors does not hide them.
  const prefix = `${ANCHOR_PREFIX}${head.tenantId}.`;
  const copies: StoredCopy[] = [];
  for (const [key, versions] of stored.copies) {
    if (!key.startsWith(prefix)) continue;
    for (const version of versions) {
      if (!version.copy || version.copy.tenantId !== head.tenantId) {
        report({ kind: 'anchor_mismatch', seq: null, entryId: null, detail: `the anchor copy ${key} at ${version.location} is unreadable: ${version.problem ?? 'it names another tenant'}` });
        continue;
      }
      const retention = version.copy.retentionDays === undefined ? {} : { retentionDays: version.copy.retentionDays };
      copies.push({ seq: version.copy.seq, hash: version.copy.hash, anchoredAt: new Date(version.copy.anchoredAt), source: `the copy at ${version.location}`, ...retention });
    }
  }
  const entries = await entriesAtSeqs(db.owner, head.tenantId, copies.map((c) => c.seq));
  for (const copy of copies) claims.push({ ...copy, entryId: entries.get(copy.seq)?.id ?? null, entryHash: entries.get(copy.seq)?.hash ?? null });
  const named = new Set<string>();
  for (const claim of claims) {
    if (claim.seq < head.prunedThroughSeq) {
      // A start removed by hand and dressed up as retention: the anchors of what was removed are
      // too young. Entries after an anchor were written after it was made, and retention removes
      // none younger than it keeps (a day of slack for a transaction that began before the anchor
      // and ended after it).
      const retentionDays = retentionSince(claim.anchoredAt, copies);
      if (now.getTime() - claim.anchoredAt.getTime() < (retentionDays - 1) * DAY_MS && !named.has(`pruned:${claim.seq}`)) {
        named.add(`pruned:${claim.seq}`);
        report({
          kind: 'anchor_mismatch',
          seq: claim.seq,
          entryId: null,
          detail: `${claim.source} anchored position ${claim.seq} on ${claim.anchoredAt.toISOString()}, and the entries after it are gone; retention removes none younger than ${retentionDays} days`,
        });
      }
      continue;
    }
    const actual = claim.seq === head.prunedThroughSeq ? head.prunedThroughHash : claim.entryHash;
    if (claim.seq > (head.seq ?? 0) && claim.entryId === null) {
      report({ kind: 'anchor_mismatch', seq: claim.seq, entryId: null, detail: `${claim.source} anchored position ${claim.seq}, beyond the chain's end` });
    } else if (actual !== claim.hash && !named.has(`${claim.seq}:${claim.hash}`)) {
      named.add(`${claim.seq}:${claim.hash}`);
      report({
        kind: 'anchor_mismatch',
        seq: claim.seq,
        entryId: claim.seq === head.prunedThroughSeq ? null : claim.entryId,
        detail: actual === null ? `${claim.source} anchored position ${claim.seq}, which has no entry now` : `the entry no longer has the hash ${claim.source} anchored`,
      });
    }
  }
  await checkRetentionShortenings(db, head, copies, report);
  return inDatabase.length;
}
