// The public entry of platform/storage for the areas: the blob store's types.
export type { BlobReferences, BlobRef, BlobStore } from './blob-store.js';
export type { ByteRange } from './blob-location.js';
