import { createHash, randomBytes } from 'node:crypto';
import type { Db, Orm } from '../../platform/db/index.js';
import { sessionLimits } from '../../platform/identity/index.js';
import type { Tenant } from '../../platform/tenancy/index.js';
import { deleteExpiredGrants, findGrants, insertGrant, type GrantRow } from './launch-grants.repository.js';
import type { LaunchGrantKind } from './launch-grants.schema.js';

/** The longest a grant lives, whatever its session: a course window open longer is reopened. */
export const GRANT_LIFETIME_MS = 12 * 3_600_000;
/** How long a grant found alive is trusted for file reads without asking the database again. */
export const GRANT_CHECK_MS = 2_000;
const MAX_CACHED = 50_000;

const TOKEN_PATTERN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/**
 * A launch token: the tenant (so the grant is looked up under that tenant's row-level
 * security) and 256 random bits, URL-safe: `<tenant>.<secret>`. Only its SHA-256 is stored.
 */
export function newGrantToken(tenantId: string): { token: string; tokenHash: string } {
  const tenant = Buffer.from(tenantId.replace(/-/g, ''), 'hex').toString('base64url');
  const token = `${tenant}.${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashGrantToken(token) };
}

export function hashGrantToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The tenant a well-formed token names, or undefined for anything else (refused without a query). */
export function tenantOfGrantToken(token: string): string | undefined {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return undefined;
  const hex = Buffer.from(match[1]!, 'base64url').toString('hex');
  if (hex.length !== 32) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface GrantRequest {
  kind: LaunchGrantKind;
  attemptId: string | null;
  versionId: string;
  /** Null for an `area` grant. */
  userId: string | null;
  /** The session that opened the player (the grant ends with it); an `area` grant has none and ends at `expiresAt`. */
  session: { idHash: string; expiresAt: Date } | null;
  /** An `area` grant's reference in its area. */
  areaRef?: string;
  /** When an `area` grant ends at the latest (its area's own limit); never past GRANT_LIFETIME_MS. */
  expiresAt?: Date;
  appOrigin: string;
  contentOrigin: string;
}

export interface IssuedGrant {
  /** Shown only to the player that asked: the database keeps its digest. */
  token: string;
  row: GrantRow;
}

/** Issues a grant inside the transaction that launches (or previews). */
export async function issueGrant(tx: Orm, tenantId: string, request: GrantRequest): Promise<IssuedGrant> {
  const { token, tokenHash } = newGrantToken(tenantId);
  const ends = (request.session?.expiresAt ?? request.expiresAt)?.getTime() ?? Infinity;
  const expiresAt = new Date(Math.min(ends, Date.now() + GRANT_LIFETIME_MS));
  const values = {
    kind: request.kind,
    attemptId: request.attemptId,
    versionId: request.versionId,
    userId: request.userId,
    sessionIdHash: request.session?.idHash ?? null,
    areaRef: request.areaRef ?? null,
    appOrigin: request.appOrigin,
    contentOrigin: request.contentOrigin,
    expiresAt,
  };
  const id = await insertGrant(tx, { tokenHash, ...values });
  return { token, row: { id, ...values, attemptClosed: false, sessionLastSeenAt: new Date() } };
}

export interface LaunchGrant extends Omit<GrantRow, 'attemptClosed' | 'sessionLastSeenAt'> {
  tenant: Tenant;
  tokenHash: string;
}

/** Why a token opens nothing: `invalid` (unknown, malformed, another site's), `ended` (expired, signed out, idle, attempt closed). */
export type GrantRefusal = 'invalid' | 'ended';
export type GrantCheck = { ok: true; grant: LaunchGrant } | { ok: false; reason: GrantRefusal };

interface Cached {
  row: GrantRow;
  tenant: Tenant;
  checkedAt: number;
}

/**
 * Resolves launch tokens. For file reads a grant must be alive: not expired, its attempt open,
 * its session live and not idle past the site's limit, its site active; an answer is reused
 * for GRANT_CHECK_MS (ending a session or closing an attempt takes effect within that). For
 * commits only the grant's fixed facts are needed: the commit's own write checks the session
 * and the attempt.
 */
export class LaunchGrants {
  private readonly cache = new Map<string, Cached>();
  private readonly lookups = new Map<string, Promise<Cached | undefined>>();
  private readonly queued = new Map<string, Map<string, { resolve: (entry: Cached | undefined) => void; reject: (error: unknown) => void }>>();

  constructor(
    private readonly db: Db,
    private readonly tenantById: (tenantId: string) => Promise<Tenant | undefined>,
  ) {}

  /** A grant this node just issued (after its transaction committed): its first requests need no lookup. */
  remember(issued: IssuedGrant, tenant: Tenant, now: number = Date.now()): void {
    this.store(hashGrantToken(issued.token), { row: issued.row, tenant, checkedAt: now });
  }

  /**
   * `beforeUnknownLookUp` runs (and may throw) only when this node has not met the credential
   * lately and must ask the database: the content origin's per-address bound on such lookups.
   */
  async check(token: string, purpose: 'files' | 'commit', now: number = Date.now(), beforeUnknownLookUp?: () => void): Promise<GrantCheck> {
    const tenantId = tenantOfGrantToken(token);
    if (!tenantId) return { ok: false, reason: 'invalid' };
    const tokenHash = hashGrantToken(token);
    let cached = this.cache.get(tokenHash);
    const fresh = cached !== undefined && (purpose === 'commit' || now - cached.checkedAt <= GRANT_CHECK_MS);
    if (!fresh) {
      if (cached === undefined) beforeUnknownLookUp?.();
      cached = await this.lookUp(tenantId, tokenHash, now);
      if (!cached) return { ok: false, reason: 'invalid' };
    }
    const { row, tenant } = cached!;
    if (tenant.status !== 'active' || row.expiresAt.getTime() <= now) return this.ended(tokenHash);
    // An area grant has no session: it lives until it expires or its area deletes it.
    if (purpose === 'files' && row.kind !== 'area') {
      const { idleMs } = sessionLimits(tenant);
      if (row.attemptClosed || row.sessionLastSeenAt === null || now - row.sessionLastSeenAt.getTime() > idleMs) return this.ended(tokenHash);
    }
    const { attemptClosed: _closed, sessionLastSeenAt: _seen, ...facts } = row;
    return { ok: true, grant: { ...facts, tenant, tokenHash } };
  }

  /**
   * One lookup per token at a time (a course start asks for hundreds of files at once), and the
   * lookups that arrive in the same turn of the event loop share one query per site (after a
   * restart every learner's next commit needs one).
   */
  private lookUp(tenantId: string, tokenHash: string, now: number): Promise<Cached | undefined> {
    const running = this.lookups.get(tokenHash);
    if (running) return running;
    const lookup = new Promise<Cached | undefined>((resolve, reject) => {
      const queued = this.queued.get(tenantId) ?? new Map<string, { resolve: (entry: Cached | undefined) => void; reject: (error: unknown) => void }>();
      queued.set(tokenHash, { resolve, reject });
      this.queued.set(tenantId, queued);
      if (queued.size === 1) setImmediate(() => void this.flush(tenantId, now));
    }).finally(() => this.lookups.delete(tokenHash));
    this.lookups.set(tokenHash, lookup);
    return lookup;
  }

  private async flush(tenantId: string, now: number): Promise<void> {
    const waiting = this.queued.get(tenantId);
    this.queued.delete(tenantId);
    if (!waiting) return;
    try {
      const tenant = await this.tenantById(tenantId);
      const rows = tenant ? await this.db.withTenant(tenantId, (tx) => findGrants(tx, [...waiting.keys()])) : new Map<string, GrantRow>();
      for (const [tokenHash, { resolve }] of waiting) {
        const row = rows.get(tokenHash);
        if (!tenant || !row) {
          this.cache.delete(tokenHash);
          resolve(undefined);
          continue;
        }
        const entry = { row, tenant, checkedAt: now };
        this.store(tokenHash, entry);
        resolve(entry);
      }
    } catch (error) {
      for (const { reject } of waiting.values()) reject(error);
    }
  }

  private store(tokenHash: string, entry: Cached): void {
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(tokenHash, entry);
  }

  private ended(tokenHash: string): GrantCheck {
    this.cache.delete(tokenHash);
    return { ok: false, reason: 'ended' };
  }
}

/** Deletes grants past their end (a periodic job). */
export async function sweepExpiredGrants(db: Db, tenantId: string): Promise<number> {
  return db.withTenant(tenantId, (tx) => deleteExpiredGrants(tx));
}
