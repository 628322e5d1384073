import { PassThrough } from 'node:stream';
import type { BlobCodec } from './blob-codec.js';

/**
 * Stores the plain bytes as they are: the stored range of a plain range is the range itself.
 * For tests of the store's replication apart from encryption (and the default until the sealed
 * codec is wired in). It detects no damage itself: whole reads are verified by the store's hash.
 */
export const plainCodec: BlobCodec = {
  sealer: () => Promise.resolve(new PassThrough()),
  sealedSize: (plainSize) => plainSize,
  storedRangeOf: (range) => range,
  opener: () => Promise.resolve(new PassThrough()),
};
