import type { Readable, Writable } from 'node:stream';

/** An inclusive byte range, as in HTTP: `{ start: 0, end: 99 }` is the first 100 bytes. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredObject {
  key: string;
  size: number;
  /** When the object was last written (the scrubber keeps young orphans: their row may be about to commit). */
  modifiedAt: Date;
}

/**
 * One place that holds copies of blobs: a local directory or an S3-compatible bucket. A location
 * knows nothing of tenants, hashes or encryption; it stores opaque bytes under keys the store
 * makes (`isBlobKey`) and the platform's own (`isPlatformKey`: database snapshots), and refuses any
 * other key, so no key can name a path outside it.
 */
export interface BlobLocation {
  /** As configured, e.g. `local:/var/lib/lectern/blobs` or `s3://bucket@host`; never contains a secret. */
  readonly name: string;
  /**
   * Stores `body` under `key`, replacing what was there. Resolves only when the bytes are durable
   * (fsync for a directory, the store's acknowledgement for S3). On any failure nothing is left
   * under `key` that was not there before (a temporary object at most, which `list` does not show).
   */
  put(key: string, body: Readable, size: number): Promise<void>;
  /** The bytes under `key` (or the range of them); rejects with BlobMissingError when there is no such object. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  head(key: string): Promise<{ size: number } | null>;
  /** Removes the object; no error when it is not there. */
  delete(key: string): Promise<void>;
  /** Every stored object whose key starts with `prefix` ('' for all), in no particular order. */
  list(prefix: string): AsyncIterable<StoredObject>;
  /**
   * Optional, for a directory: stores the local file `file` under `key` like put, without copying
   * its bytes where it can (a hard link on the same file system). The file itself stays; the
   * store offers it to one location only, so no two locations share the same disk blocks.
   */
  adopt?(key: string, file: string, size: number): Promise<void>;
  /**
   * Optional, for a directory: begins an object whose key is not known yet (the store learns the
   * blob's hash only once every byte went through), so the bytes are written while they are
   * sealed instead of after. Nothing is visible under any key before `commit`.
   */
  stage?(): Promise<StagedObject>;
  /** Resolves when the location answers now (a cheap request); rejects with the reason otherwise. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/** An object being written by `stage`: its bytes go to `body`; then `commit` or `abort`. */
export interface StagedObject {
  readonly body: Writable;
  /**
   * Once `body` has ended: stores its bytes under `key` as put would (durably; on any failure
   * nothing is left under `key` that was not there before, and the staged bytes are gone).
   */
  commit(key: string, size: number): Promise<void>;
  /** Drops the staged bytes (also after a failed body); nothing was stored. */
  abort(): Promise<void>;
}

export class BlobMissingError extends Error {
  constructor(
    readonly location: string,
    readonly key: string,
  ) {
    super(`no object ${key} at ${location}`);
    this.name = 'BlobMissingError';
  }
}
