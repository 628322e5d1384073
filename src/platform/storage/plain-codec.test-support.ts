import { createHash } from 'node:crypto';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import type { BlobCodec, BlobSealer } from './blob-codec.js';

/** Passes the plain bytes on as they are, hashing them. */
class HashingPassThrough extends Transform implements BlobSealer {
  private readonly hasher = createHash('sha256');
  private size = 0;
  private digest: string | undefined;

  plain(): { hash: string; size: number } {
    if (this.digest === undefined) throw new Error('the sealer has not finished');
    return { hash: this.digest, size: this.size };
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hasher.update(data);
    this.size += data.length;
    done(null, data);
  }

  override _flush(done: TransformCallback): void {
    this.digest = this.hasher.digest('hex');
    done();
  }
}

/**
 * Stores the plain bytes as they are: the stored range of a plain range is the range itself.
 * For tests of the store's replication apart from encryption. It detects no damage itself:
 * whole reads are verified by the store's hash.
 */
export const plainCodec: BlobCodec = {
  sealer: () => Promise.resolve(new HashingPassThrough()),
  sealedSize: (plainSize) => plainSize,
  storedRangeOf: (range) => range,
  opener: () => Promise.resolve(new PassThrough()),
  provesIdentity: () => false,
  identityRange: () => undefined,
};
