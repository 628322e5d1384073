import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { KEY_BYTES } from './sealed-format.js';
import { deleteTenantKey, findSealedTenantKey, insertSealedTenantKeyIfAbsent } from './storage-keys.repository.js';

/** How long an unsealed data key stays in memory: hot reads skip the database, an erase reaches every node within it. */
export const DATA_KEY_CACHE_MS = 60_000;

/** The sealed key's context: a sealed key copied to another tenant's row does not open. */
export function tenantKeyContext(tenantId: string): string {
  return `storage-tenant-key:${tenantId}`;
}

/**
 * The tenant has no data key: it never stored a file, or its key was destroyed (cryptographic
 * erase). Its stored bytes cannot be opened; reading never makes a key.
 */
export class TenantDataKeyMissingError extends Error {
  constructor(readonly tenantId: string) {
    super(`tenant ${tenantId} has no storage data key (never made, or destroyed): its files cannot be opened`);
    this.name = 'TenantDataKeyMissingError';
  }
}

interface CachedKey {
  key: Buffer;
  expiresAt: number;
}

export interface TenantDataKeysOptions {
  /** How long an unsealed key is kept in memory (default DATA_KEY_CACHE_MS). */
  cacheMs?: number;
  /** The clock the cache reads (tests move it instead of sleeping). */
  now?: () => number;
}

/**
 * Each tenant's 32-byte data key, which seals its blobs. Stored sealed by the server's secret box
 * (the master key in LECTERN_SECRET_KEY_FILE) in `storage_tenant_keys`, made on the tenant's first
 * write, and kept unsealed in memory for a short time. Deleting the row is the cryptographic erase.
 */
export class TenantDataKeys {
  private readonly cache = new Map<string, CachedKey>();
  /** One database round per tenant at a time on this node, however many streams ask at once. */
  private readonly loading = new Map<string, Promise<Buffer | undefined>>();
  private readonly cacheMs: number;
  private readonly now: () => number;
  /** Counts erases on this node: a key loaded while one ran is not cached. */
  private erases = 0;
  private sweptAt = 0;

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    options: TenantDataKeysOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? DATA_KEY_CACHE_MS;
    this.now = options.now ?? Date.now;
  }

  /** The tenant's key for reading; TenantDataKeyMissingError when it has none. */
  async forReading(tenantId: string): Promise<Buffer> {
    const key = await this.find(tenantId);
    if (!key) throw new TenantDataKeyMissingError(tenantId);
    return key;
  }

  /**
   * The tenant's key for writing, made when it has none. Two nodes making the first key at once
   * both insert; the database keeps the first and both read that one back.
   */
  async forWriting(tenantId: string): Promise<Buffer> {
    const existing = await this.find(tenantId);
    if (existing) return existing;
    const sealed = this.box.seal(randomBytes(KEY_BYTES).toString('base64'), tenantKeyContext(tenantId));
    await insertSealedTenantKeyIfAbsent(this.db.owner, tenantId, sealed);
    const key = await this.find(tenantId);
    if (!key) throw new TenantDataKeyMissingError(tenantId);
    return key;
  }

  /**
   * Cryptographic erase: deletes the tenant's sealed key and this node's copy of it. Every copy
   * of its blobs, at every location and in every backup of them, no longer opens. Other nodes
   * drop their cached copy within the cache time. Returns whether there was a key.
   */
  async destroy(tenantId: string): Promise<boolean> {
    this.erases++;
    this.cache.delete(tenantId);
    try {
      return await deleteTenantKey(this.db.owner, tenantId);
    } finally {
      this.erases++;
      this.cache.delete(tenantId);
    }
  }

  private async find(tenantId: string): Promise<Buffer | undefined> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.expiresAt > this.now()) return cached.key;
    if (cached) this.cache.delete(tenantId);
    let loading = this.loading.get(tenantId);
    if (!loading) {
      loading = this.load(tenantId).finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, loading);
    }
    return loading;
  }

  private async load(tenantId: string): Promise<Buffer | undefined> {
    const erasesBefore = this.erases;
    const sealed = await findSealedTenantKey(this.db.owner, tenantId);
    if (!sealed) return undefined;
    let key: Buffer;
    try {
      key = Buffer.from(this.box.open(sealed, tenantKeyContext(tenantId)), 'base64');
    } catch (error) {
      // Never a new key in its place: that would make every stored file of the tenant unreadable for good.
      throw new Error(`the storage data key of tenant ${tenantId} does not open with the master key in LECTERN_SECRET_KEY_FILE (${(error as Error).message})`, { cause: error });
    }
    if (key.length !== KEY_BYTES) throw new Error(`the stored data key of tenant ${tenantId} has ${key.length} bytes, not ${KEY_BYTES}`);
    if (this.erases === erasesBefore) {
      this.forgetExpired();
      this.cache.set(tenantId, { key, expiresAt: this.now() + this.cacheMs });
    }
    return key;
  }

  /** Keeps the cache to the tenants read within the cache time (a sweep at most once per cache time). */
  private forgetExpired(): void {
    const now = this.now();
    if (now - this.sweptAt < this.cacheMs) return;
    this.sweptAt = now;
    for (const [tenantId, cached] of this.cache) if (cached.expiresAt <= now) this.cache.delete(tenantId);
  }
}
