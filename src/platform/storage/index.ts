// The public entry of platform/storage for the areas: the blob store's types.
export type { BlobReferences, BlobRef, BlobStore } from './blob-store.js';
export type { ByteRange } from './blob-location.js';
export { imageSize, sniffImage, IMAGE_KINDS, type ImageKind, type ImageSize } from './image-kind.js';
export { STALE_STAGING_MS, withStagingFolder } from './staging.js';
