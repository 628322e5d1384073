import type { Transform } from 'node:stream';
import type { BlobCodec } from './blob-codec.js';
import type { ByteRange } from './blob-location.js';
import { createOpener, createSealer, sealedSize, storedRangeOf } from './sealed-format.js';
import type { TenantDataKeys } from './tenant-data-keys.js';

/**
 * Encryption at rest: seals each tenant's blobs with its own data key in the chunked format of
 * `sealed-format.ts`. Writing makes the tenant's key on first use; reading never does, so the
 * blobs of a tenant whose key was destroyed reject with TenantDataKeyMissingError.
 */
export class SealedCodec implements BlobCodec {
  constructor(private readonly keys: TenantDataKeys) {}

  async sealer(tenantId: string): Promise<Transform> {
    return createSealer(await this.keys.forWriting(tenantId), tenantId);
  }

  sealedSize(plainSize: number): number {
    return sealedSize(plainSize);
  }

  storedRangeOf(range: ByteRange, plainSize: number): ByteRange {
    return storedRangeOf(range, plainSize);
  }

  async opener(tenantId: string, range: ByteRange, plainSize: number): Promise<Transform> {
    return createOpener(await this.keys.forReading(tenantId), tenantId, range, plainSize);
  }
}
