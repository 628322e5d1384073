import type { Readable } from 'node:stream';
import type { ByteRange } from './blob-location.js';

/** A stored blob: the SHA-256 of its plain bytes (64 hex digits) and its plain size. */
export interface BlobRef {
  hash: string;
  size: number;
}

/**
 * What the areas use to keep files (`platform/storage`'s public face). Blobs belong to a tenant,
 * are addressed by the SHA-256 of their bytes (the same bytes are stored once per tenant), are
 * encrypted with the tenant's data key and replicated to every configured location; a write
 * resolves once the write quorum holds it durably. No area touches `node:fs` for stored files.
 */
export interface PutOptions {
  maxBytes?: number;
  expectedBytes?: number;
  /**
   * The body's buffers are the store's from the moment they are read: nothing else holds them
   * or reads them again (a request body read from its socket). A large write then moves them to
   * the sealing thread instead of copying them.
   */
  handOver?: boolean;
}

export interface BlobStore {
  /**
   * Stores the bytes of `body` for the tenant. Rejects with AppError STORAGE_TOO_LARGE when more
   * than `maxBytes` arrive (nothing is stored), and with STORAGE_UNAVAILABLE when fewer locations
   * than the write quorum took the blob. `expectedBytes`: about how many bytes will come, when
   * the caller knows (a large blob is sealed off the event loop).
   */
  put(tenantId: string, body: Readable | Buffer, options?: PutOptions): Promise<BlobRef>;
  /**
   * The plain bytes (or a range of them), decrypted and verified. A copy that is missing or
   * damaged is read from another location instead and repaired in the background. Rejects with
   * AppError STORAGE_BLOB_NOT_FOUND when the tenant has no such blob.
   */
  get(tenantId: string, hash: string, range?: ByteRange): Promise<Readable>;
  /** The blob when the tenant has it, else null. */
  head(tenantId: string, hash: string): Promise<BlobRef | null>;
}

/**
 * Which of `hashes` an area still refers to for the tenant. Areas list one per table that holds
 * blob hashes; the collector removes blobs no source refers to (after a grace period, so a blob
 * stored just before the row that refers to it commits is kept).
 */
export type BlobReferences = (tenantId: string, hashes: string[]) => Promise<Set<string>>;
