import type { Transform } from 'node:stream';
import type { ByteRange } from './blob-location.js';

/**
 * Turns a tenant's plain bytes into what the locations store and back (encryption at rest with
 * the tenant's data key, authenticated per chunk so that a range is opened without the rest).
 */
export interface BlobCodec {
  /** A stream that takes plain bytes and gives the sealed bytes to store. */
  sealer(tenantId: string): Promise<Transform>;
  /** The stored size of a blob of `plainSize` bytes. */
  sealedSize(plainSize: number): number;
  /** The stored bytes that hold the plain `range` of a blob of `plainSize` bytes (whole chunks). */
  storedRangeOf(range: ByteRange, plainSize: number): ByteRange;
  /**
   * A stream that takes the stored bytes of `storedRangeOf(range, plainSize)` and gives exactly
   * the plain bytes of `range`, each chunk only after it was verified; a chunk that does not
   * verify ends the stream with BlobDamagedError.
   */
  opener(tenantId: string, range: ByteRange, plainSize: number): Promise<Transform>;
}

export class BlobDamagedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlobDamagedError';
  }
}
