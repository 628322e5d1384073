/** A tenant id as the store writes it: a lower-case UUID. */
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** `<tenant uuid>/<first two hex digits of the hash>/<sha256 hex>`, nothing else. */
const BLOB_KEY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export function isTenantId(value: string): boolean {
  return TENANT_ID.test(value);
}

export function isBlobHash(value: string): boolean {
  return SHA256_HEX.test(value);
}

/**
 * The key of a tenant's blob at every location. The two-digit level keeps directories of a local
 * location small; the tenant first lets the erasure of a tenant list exactly its objects.
 */
export function blobKey(tenantId: string, hash: string): string {
  if (!isTenantId(tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(tenantId)}`);
  if (!isBlobHash(hash)) throw new Error(`not a SHA-256 hex digest: ${JSON.stringify(hash)}`);
  return `${tenantId}/${hash.slice(0, 2)}/${hash}`;
}

/** The prefix of every key of the tenant. */
export function tenantKeyPrefix(tenantId: string): string {
  if (!isTenantId(tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(tenantId)}`);
  return `${tenantId}/`;
}

/**
 * Whether `key` is one the store makes. Everything else is refused by every location, so no key
 * can name a path outside it: no `..`, no leading `/`, no backslash, no upper case, no other shape.
 */
export function isBlobKey(key: string): boolean {
  const match = BLOB_KEY.exec(key);
  return match !== null && match[3]!.startsWith(match[2]!);
}

/** The tenant and hash a key names, or null when it is not a key the store makes. */
export function parseBlobKey(key: string): { tenantId: string; hash: string } | null {
  const match = BLOB_KEY.exec(key);
  if (!match || !match[3]!.startsWith(match[2]!)) return null;
  return { tenantId: match[1]!, hash: match[3]! };
}

/**
 * The prefix of the platform's own objects (database snapshots, platform/backup), beside the
 * tenants' blobs at every location. The store and the scrubber leave these keys alone.
 */
export const PLATFORM_KEY_PREFIX = 'platform/';
/** `platform/<area>/<name>`: the area in lower case; the name of letters, digits, '.', '-' and '_', no '..'. */
const PLATFORM_KEY = /^platform\/[a-z][a-z0-9-]{0,30}\/[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/;

/** Whether `key` names one of the platform's own objects (see PLATFORM_KEY_PREFIX). */
export function isPlatformKey(key: string): boolean {
  return PLATFORM_KEY.test(key) && !key.includes('..');
}

/** Whether a location may store `key`: a blob key or a platform key, nothing else. */
export function isStorableKey(key: string): boolean {
  return isBlobKey(key) || isPlatformKey(key);
}

/** Whether `prefix` may be listed: '' (everything), a tenant's prefix or a platform area's (`platform/<area>/`). */
export function isListablePrefix(prefix: string): boolean {
  return prefix === '' || (prefix.endsWith('/') && isTenantId(prefix.slice(0, -1))) || /^platform\/[a-z][a-z0-9-]{0,30}\/$/.test(prefix);
}

export class InvalidBlobKeyError extends Error {
  constructor(
    readonly location: string,
    readonly key: string,
  ) {
    super(`${location} refuses the key ${JSON.stringify(key)}: not a blob key`);
    this.name = 'InvalidBlobKeyError';
  }
}
