import type { Transform } from 'node:stream';
import type { ByteRange } from './blob-location.js';

/** What the store knows of a stored blob from its row: the SHA-256 of its plain bytes (hex), its plain size and the size of each copy. */
export interface StoredBlob {
  hash: string;
  size: number;
  storedSize: number;
}

/** A stream from plain bytes to the bytes to store; once it has finished, `plain()` is what went in. */
export interface BlobSealer extends Transform {
  /** The SHA-256 (hex) and size of the plain bytes that went through, known once the stream has finished. */
  plain(): { hash: string; size: number };
}

/** A stream from stored bytes to verified plain bytes. */
export interface BlobOpener extends Transform {
  /**
   * For a codec whose chunks are chained: the link to pass to the opener of another copy that
   * goes on at plain offset `offset`, where a chunk this opener passed on ends. Undefined when no
   * chunk ended there.
   */
  linkAt?(offset: number): Buffer | undefined;
}

/**
 * Turns a tenant's plain bytes into what the locations store and back (encryption at rest with
 * the tenant's data key, authenticated per chunk so that a range is opened without the rest).
 */
export interface BlobCodec {
  /**
   * A stream that takes plain bytes, hashes them and gives the sealed bytes to store;
   * `expectedBytes`: about how many will come, when known; `handOver`: the buffers written to it
   * are its to keep (see PutOptions).
   */
  sealer(tenantId: string, options?: { expectedBytes?: number; handOver?: boolean }): Promise<BlobSealer>;
  /** The stored size of a blob of `plainSize` bytes written now. */
  sealedSize(plainSize: number): number;
  /** The stored bytes that hold the plain `range` of the blob (whole chunks). */
  storedRangeOf(range: ByteRange, blob: StoredBlob): ByteRange;
  /**
   * A stream that takes the stored bytes of `storedRangeOf(range, blob)` and gives exactly the
   * plain bytes of `range`, each chunk only after it was verified; a chunk that does not verify
   * ends the stream with BlobDamagedError. `link` (from `linkAt` of the opener of another copy)
   * continues that opener's chain: a copy that is not the same sealing does not open.
   */
  opener(tenantId: string, range: ByteRange, blob: StoredBlob, link?: Buffer): Promise<BlobOpener>;
  /**
   * Whether a whole read through the opener proves the bytes are the blob's (its hash is bound
   * into what the opener verifies). When false, the store hashes whole reads itself.
   */
  provesIdentity(blob: StoredBlob): boolean;
  /**
   * A small range whose opening alone proves a copy is the blob's (the last chunk, sealed with
   * the blob's hash), or undefined (no such range, or it is the whole blob). Whole reads open it
   * first, so a copy of another blob is passed over before a byte of it is delivered.
   */
  identityRange(blob: StoredBlob): ByteRange | undefined;
}

export class BlobDamagedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlobDamagedError';
  }
}
