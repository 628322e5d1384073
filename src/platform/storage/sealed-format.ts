import { createCipheriv, createDecipheriv, createHash, randomBytes, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { BlobDamagedError, type BlobOpener, type BlobSealer } from './blob-codec.js';
import type { ByteRange } from './blob-location.js';

/*
 * The stored (sealed) form of a blob, version 2 (what is written; version 1 is still read, see
 * sealed-format-v1.ts):
 *
 *   header   'LCB2' | version (1 byte) | plain chunk size (uint32 BE) | sealing id (16 random bytes)   25 bytes
 *   chunk i  nonce (12 random bytes) | AES-256-GCM ciphertext | tag (16 bytes)                          28 + plain bytes
 *
 * Every chunk holds CHUNK_SIZE plain bytes except the last, which holds the rest (0 to
 * CHUNK_SIZE); an empty blob is one empty final chunk. Each chunk is authenticated on its own,
 * so any range opens by reading only the chunks that cover it (and the 16 bytes before them).
 *
 * The chunks are chained. The *link* of chunk i is the 16 stored bytes just before it: the
 * sealing id for chunk 0, the tag of chunk i-1 for the others. The additional authenticated
 * data of chunk i is:
 *
 *   'LCB2' | version | chunk size | i (uint64 BE) | 1 if last else 0 | link | [last only: SHA-256 of the plain bytes] | tenant id
 *
 * So a chunk opens only at its own index, only after the very chunk it was sealed after (in
 * the same sealing), as the last chunk only if it was sealed as the last one, only for its
 * tenant; and the last chunk only for the blob whose hash it was sealed with. A whole read that
 * verifies every chunk has therefore read exactly the bytes of the blob it asked for: no
 * separate hash of the plain bytes is needed. Chunks cannot be swapped, repeated, cut off, or
 * taken from another blob or another sealing of the same blob.
 */

export const FORMAT_MAGIC = 'LCB2';
export const FORMAT_VERSION = 2;
/** Plain bytes per chunk: big enough that the per-chunk cost (28 bytes, one cipher) is small, small enough for ranges. */
export const CHUNK_SIZE = 64 * 1024;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const KEY_BYTES = 32;
/** The sealing id, and every chunk's link (the bytes before it: the sealing id or the previous tag). */
export const LINK_BYTES = 16;
const HASH_BYTES = 32;
/** What a chunk adds to its plain bytes. */
export const CHUNK_OVERHEAD = NONCE_BYTES + TAG_BYTES;
export const SEALED_CHUNK = CHUNK_SIZE + CHUNK_OVERHEAD;

/** Magic, version and chunk size: the part of the header every chunk's authenticated data starts with. */
function formatPrefix(): Buffer {
  const prefix = Buffer.alloc(FORMAT_MAGIC.length + 1 + 4);
  prefix.write(FORMAT_MAGIC, 0, 'latin1');
  prefix.writeUInt8(FORMAT_VERSION, FORMAT_MAGIC.length);
  prefix.writeUInt32BE(CHUNK_SIZE, FORMAT_MAGIC.length + 1);
  return prefix;
}

const FORMAT_PREFIX: Readonly<Buffer> = formatPrefix();
export const HEADER_BYTES = FORMAT_PREFIX.length + LINK_BYTES;

/** How many chunks a blob of `plainSize` bytes has (an empty blob has one, empty). */
export function chunkCount(plainSize: number): number {
  return Math.max(1, Math.ceil(plainSize / CHUNK_SIZE));
}

/** The plain bytes in chunk `index` of a blob of `plainSize` bytes. */
export function plainBytesOfChunk(index: number, plainSize: number): number {
  return Math.min(CHUNK_SIZE, plainSize - index * CHUNK_SIZE);
}

/** Where chunk `index` starts in the stored bytes. */
function storedOffsetOfChunk(index: number): number {
  return HEADER_BYTES + index * SEALED_CHUNK;
}

function assertPlainSize(plainSize: number): void {
  if (!Number.isSafeInteger(plainSize) || plainSize < 0) throw new RangeError(`not a blob size: ${plainSize}`);
}

/** The stored size of a blob of `plainSize` plain bytes. */
export function sealedSize(plainSize: number): number {
  assertPlainSize(plainSize);
  return HEADER_BYTES + chunkCount(plainSize) * CHUNK_OVERHEAD + plainSize;
}

/** The range of every byte of a blob of `plainSize` bytes; `{ start: 0, end: -1 }` for an empty blob. */
export function wholeRange(plainSize: number): ByteRange {
  return { start: 0, end: plainSize - 1 };
}

/**
 * Refuses a range that is not inside the blob. The one empty range allowed is the whole of an
 * empty blob (`{ start: 0, end: -1 }`), so an empty blob opens like any other.
 */
export function assertRange(range: ByteRange, plainSize: number): void {
  assertPlainSize(plainSize);
  const { start, end } = range;
  const whole = start === 0 && end === plainSize - 1;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || (!whole && (start < 0 || end < start || end >= plainSize))) {
    throw new RangeError(`range ${start}-${end} is not inside a blob of ${plainSize} bytes`);
  }
}

/** The first and last chunk that hold the plain `range`. */
export function chunksOf(range: ByteRange): { first: number; last: number } {
  const first = Math.floor(range.start / CHUNK_SIZE);
  return { first, last: Math.max(first, Math.floor(range.end / CHUNK_SIZE)) };
}

/**
 * The stored bytes to read for the plain `range` (inclusive) of a blob of `plainSize` bytes:
 * the whole chunks that cover it and the link before the first of them (the header, when the
 * range starts in the first chunk).
 */
export function storedRangeOf(range: ByteRange, plainSize: number): ByteRange {
  assertRange(range, plainSize);
  const { first, last } = chunksOf(range);
  const start = first === 0 ? 0 : storedOffsetOfChunk(first) - LINK_BYTES;
  const end = storedOffsetOfChunk(last) + CHUNK_OVERHEAD + plainBytesOfChunk(last, plainSize) - 1;
  return { start, end };
}

/** Up to this many pieces of a chunk go to the cipher one by one; more are joined first. */
const PIECES_PER_CIPHER_CALLS = 4;

/** The additional authenticated data of each chunk; two buffers per stream (other chunks, last chunk), rewritten per chunk. */
class ChunkAad {
  private readonly middle: Buffer;
  private readonly last: Buffer;
  private static readonly indexAt = FORMAT_PREFIX.length;
  private static readonly finalAt = ChunkAad.indexAt + 8;
  private static readonly linkAt = ChunkAad.finalAt + 1;
  private static readonly hashAt = ChunkAad.linkAt + LINK_BYTES;

  constructor(tenantId: string) {
    const tenant = Buffer.from(tenantId, 'utf8');
    this.middle = Buffer.alloc(ChunkAad.hashAt + tenant.length);
    this.last = Buffer.alloc(ChunkAad.hashAt + HASH_BYTES + tenant.length);
    for (const bytes of [this.middle, this.last]) {
      FORMAT_PREFIX.copy(bytes, 0);
      tenant.copy(bytes, bytes.length - tenant.length);
    }
    this.last[ChunkAad.finalAt] = 1;
  }

  /** For chunk `index` after `link`; `hash` (the plain bytes' SHA-256) for the last chunk only. */
  of(index: number, link: Buffer, hash?: Buffer): Buffer {
    const bytes = hash ? this.last : this.middle;
    bytes.writeBigUInt64BE(BigInt(index), ChunkAad.indexAt);
    link.copy(bytes, ChunkAad.linkAt);
    hash?.copy(bytes, ChunkAad.hashAt);
    return bytes;
  }
}

export function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new Error(`a data key has ${KEY_BYTES} bytes, not ${key.length}`);
}

/** Nonces drawn in batches (one call to the random source per 256 chunks); each batch is a new buffer, never reused. */
export class NonceSource {
  private pool = Buffer.alloc(0);
  private used = 0;

  next(): Buffer {
    if (this.used === this.pool.length) {
      this.pool = randomBytes(NONCE_BYTES * 256);
      this.used = 0;
    }
    const nonce = this.pool.subarray(this.used, this.used + NONCE_BYTES);
    this.used += NONCE_BYTES;
    return nonce;
  }
}

/**
 * Seals a blob's plain bytes for the tenant under `key` and hashes them (SHA-256), in one pass:
 * `update` gives the sealed bytes of what it was given so far, `finish` the rest. A full chunk is
 * held back until the next byte (or the end) shows whether it is the last one; the last chunk is
 * sealed with the hash of everything before it. The held pieces are the caller's buffers, not
 * copies. The stream below and the sealing thread (sealing-thread.ts) both run on it.
 */
export class SealingState {
  private readonly aad: ChunkAad;
  private readonly nonces = new NonceSource();
  private readonly hasher: Hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  private size = 0;
  private link: Buffer;

  constructor(
    private readonly key: Buffer,
    tenantId: string,
  ) {
    assertKey(key);
    this.aad = new ChunkAad(tenantId);
    this.link = randomBytes(LINK_BYTES);
  }

  private sealChunk(out: Buffer[], hash?: Buffer): void {
    if (this.index === 0) out.push(Buffer.concat([FORMAT_PREFIX, this.link]));
    const nonce = this.nonces.next();
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(this.aad.of(this.index++, this.link, hash));
    out.push(nonce);
    // A chunk in a few large pieces (socket reads handed over as they came) is encrypted piece by
    // piece, without joining them first; many small pieces are joined (they cost more in calls than in copying).
    if (this.pending.length <= PIECES_PER_CIPHER_CALLS) {
      for (const piece of this.pending) if (piece.length > 0) out.push(cipher.update(piece));
    } else {
      out.push(cipher.update(Buffer.concat(this.pending)));
    }
    cipher.final();
    this.link = cipher.getAuthTag();
    out.push(this.link);
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Takes the next plain bytes; appends to `out` the sealed bytes they complete. */
  update(data: Buffer, out: Buffer[]): void {
    this.hasher.update(data);
    this.size += data.length;
    let offset = 0;
    while (offset < data.length) {
      // More bytes follow the held chunk: it is not the last one.
      if (this.pendingBytes === CHUNK_SIZE) this.sealChunk(out);
      const take = Math.min(CHUNK_SIZE - this.pendingBytes, data.length - offset);
      this.pending.push(take === data.length ? data : data.subarray(offset, offset + take));
      this.pendingBytes += take;
      offset += take;
    }
  }

  /** Whether bytes given to `update` in `buffer` are still held (not sealed yet): until then the buffer must not be reused. */
  holds(buffer: ArrayBufferLike): boolean {
    return this.pending.some((piece) => piece.buffer === buffer);
  }

  /** Seals the last chunk into `out`; answers the plain bytes' hash (hex) and size. */
  finish(out: Buffer[]): { hash: string; size: number } {
    const hash = this.hasher.digest();
    this.sealChunk(out, hash);
    return { hash: hash.toString('hex'), size: this.size };
  }
}

/** The sealing as a stream, on the calling thread. */
class Sealer extends Transform implements BlobSealer {
  private readonly state: SealingState;
  private result: { hash: string; size: number } | undefined;

  constructor(key: Buffer, tenantId: string) {
    super();
    this.state = new SealingState(key, tenantId);
  }

  plain(): { hash: string; size: number } {
    if (this.result === undefined) throw new Error('the sealer has not finished');
    return this.result;
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const out: Buffer[] = [];
    this.state.update(data, out);
    for (const piece of out) this.push(piece);
    done();
  }

  override _flush(done: TransformCallback): void {
    const out: Buffer[] = [];
    this.result = this.state.finish(out);
    for (const piece of out) this.push(piece);
    done();
  }
}

/** A stream that takes a blob's plain bytes and gives its sealed form for `tenantId` under `key`; `plain()` tells its hash and size once it finished. */
export function createSealer(key: Buffer, tenantId: string): BlobSealer {
  return new Sealer(key, tenantId);
}

/** How many chunk links an opener remembers for `linkAt`: more than its output can hold unread. */
const LINKS_KEPT = 64;

/**
 * Takes the stored bytes `storedRangeOf(range, plainSize)` of a blob sealed for `tenantId` under
 * `key` and gives exactly the plain bytes of `range`, one buffer per chunk, each only after it
 * verified. A wrong header, a chunk that does not verify, missing bytes or bytes beyond the last
 * chunk end the stream with BlobDamagedError.
 */
class Opener extends Transform implements BlobOpener {
  private readonly aad: ChunkAad;
  private readonly first: number;
  private readonly last: number;
  private readonly lastOfBlob: number;
  private readonly skipInFirst: number;
  private readonly endInLast: number;
  /** The bytes of the header or link, then of each chunk, when they arrive in more than one piece. */
  private readonly assembly: Buffer;
  private assembled = 0;
  private index: number;
  private link: Buffer | undefined;
  private done = false;
  /** Plain offset (absolute) where a passed-on chunk ends -> that chunk's tag. */
  private readonly links = new Map<number, Buffer>();

  constructor(
    private readonly key: Buffer,
    tenantId: string,
    private readonly range: ByteRange,
    private readonly plainSize: number,
    private readonly hash: Buffer,
    private readonly expectedLink: Buffer | undefined,
  ) {
    // Object mode on the readable side: a reader takes each chunk's buffer as it is, never several joined into a copy.
    super({ readableObjectMode: true });
    assertKey(key);
    assertRange(range, plainSize);
    if (hash.length !== HASH_BYTES) throw new Error(`a blob hash has ${HASH_BYTES} bytes, not ${hash.length}`);
    this.aad = new ChunkAad(tenantId);
    ({ first: this.first, last: this.last } = chunksOf(range));
    this.lastOfBlob = chunkCount(plainSize) - 1;
    this.skipInFirst = range.start - this.first * CHUNK_SIZE;
    this.endInLast = range.end - this.last * CHUNK_SIZE + 1;
    this.index = this.first;
    this.assembly = Buffer.allocUnsafe(Math.max(HEADER_BYTES, CHUNK_OVERHEAD + plainBytesOfChunk(this.first, plainSize)));
  }

  linkAt(offset: number): Buffer | undefined {
    return this.links.get(offset);
  }

  private damaged(what: string): BlobDamagedError {
    return new BlobDamagedError(`sealed blob damaged: ${what} (chunk ${this.index} of ${this.lastOfBlob + 1})`);
  }

  /** How many bytes the next piece of the stored form has: the header or link, then a chunk. */
  private wanted(): number {
    if (this.link === undefined) return this.first === 0 ? HEADER_BYTES : LINK_BYTES;
    return CHUNK_OVERHEAD + plainBytesOfChunk(this.index, this.plainSize);
  }

  /** The header or link before the first chunk; a wrong one is damage, and so is another sealing than the one a continued read began in. */
  private takeLink(bytes: Buffer): BlobDamagedError | undefined {
    if (this.first === 0 && !bytes.subarray(0, FORMAT_PREFIX.length).equals(FORMAT_PREFIX)) return this.damaged('not a version 2 sealed blob (header)');
    const link = Buffer.from(bytes.subarray(bytes.length - LINK_BYTES));
    if (this.expectedLink && !link.equals(this.expectedLink)) return this.damaged('another sealing than the copy the read began with');
    this.link = link;
    return undefined;
  }

  /** Verifies one whole sealed chunk and passes on the wanted part of its plain bytes. */
  private openChunk(sealed: Buffer): BlobDamagedError | undefined {
    const final = this.index === this.lastOfBlob;
    const bodyEnd = sealed.length - TAG_BYTES;
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, NONCE_BYTES));
    decipher.setAAD(this.aad.of(this.index, this.link!, final ? this.hash : undefined));
    const plain = bodyEnd > NONCE_BYTES ? decipher.update(sealed.subarray(NONCE_BYTES, bodyEnd)) : Buffer.alloc(0);
    const tag = Buffer.from(sealed.subarray(bodyEnd));
    decipher.setAuthTag(tag);
    try {
      decipher.final();
    } catch {
      return this.damaged(final ? 'a chunk does not verify, or the blob is another one' : 'a chunk does not verify');
    }
    const from = this.index === this.first ? this.skipInFirst : 0;
    const to = this.index === this.last ? this.endInLast : plain.length;
    const chunkStart = this.index * CHUNK_SIZE;
    this.links.set(chunkStart + to, tag);
    if (this.links.size > LINKS_KEPT) this.links.delete(this.links.keys().next().value!);
    this.link = tag;
    this.index++;
    if (to > from) this.push(from === 0 && to === plain.length ? plain : plain.subarray(from, to));
    return undefined;
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let offset = 0;
    while (offset < data.length) {
      if (this.done) return done(this.damaged(`${data.length - offset} bytes beyond the last chunk`));
      const size = this.wanted();
      let piece: Buffer;
      if (this.assembled === 0 && data.length - offset >= size) {
        // The usual case: the whole piece is in this buffer, opened where it lies.
        piece = data.subarray(offset, offset + size);
        offset += size;
      } else {
        const take = Math.min(size - this.assembled, data.length - offset);
        data.copy(this.assembly, this.assembled, offset, offset + take);
        this.assembled += take;
        offset += take;
        if (this.assembled < size) break;
        piece = this.assembly.subarray(0, size);
        this.assembled = 0;
      }
      const error = this.link === undefined ? this.takeLink(piece) : this.openChunk(piece);
      if (error) return done(error);
      if (this.index > this.last) this.done = true;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.done) return done(this.damaged('the stored bytes end early'));
    done();
  }
}

/**
 * A stream that takes the stored bytes `storedRangeOf(range, plainSize)` of the blob with SHA-256
 * `hash` sealed for `tenantId` under `key` and gives exactly the plain bytes of `range`.
 * `link` continues the read of another copy (its opener's `linkAt`).
 */
export function createOpener(key: Buffer, tenantId: string, range: ByteRange, blob: { size: number; hash: Buffer }, link?: Buffer): BlobOpener {
  return new Opener(key, tenantId, range, blob.size, blob.hash, link);
}
