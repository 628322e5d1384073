import type { BlobCodec, BlobOpener, BlobSealer, StoredBlob } from './blob-codec.js';
import type { ByteRange } from './blob-location.js';
import { CHUNK_SIZE, chunkCount, createOpener, createSealer, sealedSize, storedRangeOf } from './sealed-format.js';
import { createOpenerV1, sealedSizeV1, storedRangeOfV1 } from './sealed-format-v1.js';
import type { TenantDataKeys } from './tenant-data-keys.js';
import { createThreadedSealer } from './sealing-thread.js';

/** From this size on, a blob is sealed on the sealing thread. */
export const THREADED_SEALING_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Encryption at rest: seals each tenant's blobs with its own data key in the chunked format of
 * `sealed-format.ts` (version 2), and still opens blobs of version 1. Writing makes the tenant's
 * key on first use; reading never does, so the blobs of a tenant whose key was destroyed reject
 * with TenantDataKeyMissingError.
 */
export class SealedCodec implements BlobCodec {
  constructor(private readonly keys: TenantDataKeys) {}

  async sealer(tenantId: string, options: { expectedBytes?: number; handOver?: boolean } = {}): Promise<BlobSealer> {
    const key = await this.keys.forWriting(tenantId);
    // A large blob is sealed on the sealing thread; a small one here, where a round trip to it would cost more than the work.
    return (options.expectedBytes ?? 0) >= THREADED_SEALING_MIN_BYTES ? createThreadedSealer(key, tenantId, { handOver: options.handOver }) : createSealer(key, tenantId);
  }

  sealedSize(plainSize: number): number {
    return sealedSize(plainSize);
  }

  storedRangeOf(range: ByteRange, blob: StoredBlob): ByteRange {
    return isVersion1(blob) ? storedRangeOfV1(range, blob.size) : storedRangeOf(range, blob.size);
  }

  async opener(tenantId: string, range: ByteRange, blob: StoredBlob, link?: Buffer): Promise<BlobOpener> {
    const key = await this.keys.forReading(tenantId);
    if (isVersion1(blob)) return createOpenerV1(key, tenantId, range, blob.size);
    return createOpener(key, tenantId, range, { size: blob.size, hash: Buffer.from(blob.hash, 'hex') }, link);
  }

  provesIdentity(blob: StoredBlob): boolean {
    return !isVersion1(blob);
  }

  identityRange(blob: StoredBlob): ByteRange | undefined {
    const chunks = chunkCount(blob.size);
    if (isVersion1(blob) || chunks === 1) return undefined;
    return { start: (chunks - 1) * CHUNK_SIZE, end: blob.size - 1 };
  }
}

/**
 * Which format a stored blob has, from its row: the two headers differ in length, so the stored
 * size tells them apart without reading a byte (a range read does not read the header).
 */
function isVersion1(blob: StoredBlob): boolean {
  return blob.storedSize === sealedSizeV1(blob.size);
}
