import { createCipheriv, createDecipheriv, randomBytes, type DecipherGCM } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { BlobDamagedError } from './blob-codec.js';
import type { ByteRange } from './blob-location.js';

/*
 * The stored (sealed) form of a blob, version 1:
 *
 *   header   'LCB1' | version (1 byte) | plain chunk size (uint32 BE)          9 bytes
 *   chunk i  nonce (12 random bytes) | AES-256-GCM ciphertext | tag (16 bytes)  28 + plain bytes
 *
 * Every chunk holds CHUNK_SIZE plain bytes except the last, which holds the rest (0 to
 * CHUNK_SIZE); an empty blob is one empty final chunk. Each chunk is authenticated on its own,
 * so any range opens by reading only the chunks that cover it. The additional authenticated
 * data of chunk i is: the header | i (uint64 BE) | 1 if it is the last chunk else 0 | the
 * tenant id. So a chunk opens only at its own index, as the last chunk only if it was sealed
 * as the last one, only for its tenant and only under this header: chunks cannot be swapped,
 * reordered or moved to another blob position or tenant, and the blob cannot be cut short at a
 * chunk boundary without the new last chunk failing.
 */

export const FORMAT_MAGIC = 'LCB1';
export const FORMAT_VERSION = 1;
/** Plain bytes per chunk: big enough that the per-chunk cost (28 bytes, one cipher) is small, small enough for ranges. */
export const CHUNK_SIZE = 64 * 1024;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const KEY_BYTES = 32;
/** What a chunk adds to its plain bytes. */
export const CHUNK_OVERHEAD = NONCE_BYTES + TAG_BYTES;
const SEALED_CHUNK = CHUNK_SIZE + CHUNK_OVERHEAD;

function formatHeader(): Buffer {
  const header = Buffer.alloc(FORMAT_MAGIC.length + 1 + 4);
  header.write(FORMAT_MAGIC, 0, 'latin1');
  header.writeUInt8(FORMAT_VERSION, FORMAT_MAGIC.length);
  header.writeUInt32BE(CHUNK_SIZE, FORMAT_MAGIC.length + 1);
  return header;
}

/** The header every version-1 blob starts with. */
export const FORMAT_HEADER: Readonly<Buffer> = formatHeader();
export const HEADER_BYTES = FORMAT_HEADER.length;

/** How many chunks a blob of `plainSize` bytes has (an empty blob has one, empty). */
export function chunkCount(plainSize: number): number {
  return Math.max(1, Math.ceil(plainSize / CHUNK_SIZE));
}

/** The plain bytes in chunk `index` of a blob of `plainSize` bytes. */
function plainBytesOfChunk(index: number, plainSize: number): number {
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
function assertRange(range: ByteRange, plainSize: number): void {
  assertPlainSize(plainSize);
  const { start, end } = range;
  const whole = start === 0 && end === plainSize - 1;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || (!whole && (start < 0 || end < start || end >= plainSize))) {
    throw new RangeError(`range ${start}-${end} is not inside a blob of ${plainSize} bytes`);
  }
}

/**
 * The stored bytes to read for the plain `range` (inclusive) of a blob of `plainSize` bytes:
 * the whole chunks that cover it, with the header when the range starts in the first chunk.
 */
export function storedRangeOf(range: ByteRange, plainSize: number): ByteRange {
  assertRange(range, plainSize);
  const first = Math.floor(range.start / CHUNK_SIZE);
  const last = Math.max(first, Math.floor(range.end / CHUNK_SIZE));
  const start = first === 0 ? 0 : storedOffsetOfChunk(first);
  const end = storedOffsetOfChunk(last) + CHUNK_OVERHEAD + plainBytesOfChunk(last, plainSize) - 1;
  return { start, end };
}

/** The additional authenticated data of each chunk; one buffer per stream, index and flag rewritten per chunk. */
class ChunkAad {
  private readonly bytes: Buffer;
  private readonly indexAt = HEADER_BYTES;
  private readonly finalAt = HEADER_BYTES + 8;

  constructor(tenantId: string) {
    const tenant = Buffer.from(tenantId, 'utf8');
    this.bytes = Buffer.alloc(HEADER_BYTES + 8 + 1 + tenant.length);
    FORMAT_HEADER.copy(this.bytes, 0);
    tenant.copy(this.bytes, this.finalAt + 1);
  }

  of(index: number, final: boolean): Buffer {
    this.bytes.writeBigUInt64BE(BigInt(index), this.indexAt);
    this.bytes[this.finalAt] = final ? 1 : 0;
    return this.bytes;
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new Error(`a data key has ${KEY_BYTES} bytes, not ${key.length}`);
}

/** Nonces drawn in batches (one call to the random source per 256 chunks); each batch is a new buffer, never reused. */
class NonceSource {
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
 * A stream that takes a blob's plain bytes and gives its sealed form for `tenantId` under `key`.
 * A full chunk is held back until the next byte (or the end) shows whether it is the last one;
 * the held pieces are the caller's buffers, not copies.
 */
export function createSealer(key: Buffer, tenantId: string): Transform {
  assertKey(key);
  const aad = new ChunkAad(tenantId);
  const nonces = new NonceSource();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;

  function sealChunk(stream: Transform, pieces: Buffer[], final: boolean): void {
    if (index === 0) stream.push(Buffer.from(FORMAT_HEADER));
    const nonce = nonces.next();
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(aad.of(index++, final));
    stream.push(nonce);
    // One cipher call per chunk: fragmented input is joined first (small pieces cost more in calls than in copying).
    const plain = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
    if (plain.length > 0) stream.push(cipher.update(plain));
    cipher.final();
    stream.push(cipher.getAuthTag());
  }

  return new Transform({
    transform(data: Buffer, _encoding, done: TransformCallback) {
      let offset = 0;
      while (offset < data.length) {
        if (pendingBytes === CHUNK_SIZE) {
          // More bytes follow the held chunk: it is not the last one.
          sealChunk(this, pending, false);
          pending = [];
          pendingBytes = 0;
        }
        const take = Math.min(CHUNK_SIZE - pendingBytes, data.length - offset);
        pending.push(take === data.length ? data : data.subarray(offset, offset + take));
        pendingBytes += take;
        offset += take;
      }
      done();
    },
    flush(done: TransformCallback) {
      sealChunk(this, pending, true);
      pending = [];
      done();
    },
  });
}

type OpenerState = 'header' | 'nonce' | 'body' | 'tag' | 'done';

/**
 * A stream that takes the stored bytes `storedRangeOf(range, plainSize)` of a blob sealed for
 * `tenantId` under `key` and gives exactly the plain bytes of `range`. A chunk's bytes are passed
 * on only after its tag verified; a wrong header, a chunk that does not verify, missing bytes or
 * bytes beyond the last chunk end the stream with BlobDamagedError.
 */
export function createOpener(key: Buffer, tenantId: string, range: ByteRange, plainSize: number): Transform {
  assertKey(key);
  assertRange(range, plainSize);
  const aad = new ChunkAad(tenantId);
  const first = Math.floor(range.start / CHUNK_SIZE);
  const last = Math.max(first, Math.floor(range.end / CHUNK_SIZE));
  // The plain bytes wanted from the first and last chunk, in that chunk's own offsets.
  const skipInFirst = range.start - first * CHUNK_SIZE;
  const endInLast = range.end - last * CHUNK_SIZE + 1;

  let state: OpenerState = first === 0 ? 'header' : 'nonce';
  let index = first;
  const small = Buffer.alloc(Math.max(HEADER_BYTES, NONCE_BYTES, TAG_BYTES));
  let smallBytes = 0;
  let bodyLeft = 0;
  let decipher: DecipherGCM | undefined;
  let plainPieces: Buffer[] = [];

  const damaged = (what: string) => new BlobDamagedError(`sealed blob damaged: ${what} (chunk ${index} of ${chunkCount(plainSize)})`);

  /** Collects a fixed-size field that may arrive split over several pieces; true once it is complete. */
  function collect(data: Buffer, offset: number, size: number): [complete: boolean, consumed: number] {
    const take = Math.min(size - smallBytes, data.length - offset);
    data.copy(small, smallBytes, offset, offset + take);
    smallBytes += take;
    return [smallBytes === size, take];
  }

  function startChunk(nonce: Buffer): void {
    const final = index === chunkCount(plainSize) - 1;
    decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(aad.of(index, final));
    bodyLeft = plainBytesOfChunk(index, plainSize);
    plainPieces = [];
  }

  /** Verifies the chunk and passes on the wanted part of its plain bytes; false when it does not verify. */
  function finishChunk(stream: Transform, tag: Buffer): boolean {
    decipher!.setAuthTag(tag);
    try {
      decipher!.final();
    } catch {
      return false;
    }
    const from = index === first ? skipInFirst : 0;
    const to = index === last ? endInLast : CHUNK_SIZE;
    let at = 0;
    for (const piece of plainPieces) {
      const pieceFrom = Math.max(from - at, 0);
      const pieceTo = Math.min(to - at, piece.length);
      if (pieceTo > pieceFrom) stream.push(pieceFrom === 0 && pieceTo === piece.length ? piece : piece.subarray(pieceFrom, pieceTo));
      at += piece.length;
    }
    plainPieces = [];
    decipher = undefined;
    index++;
    return true;
  }

  return new Transform({
    transform(data: Buffer, _encoding, done: TransformCallback) {
      let offset = 0;
      while (offset < data.length) {
        switch (state) {
          case 'header': {
            const [complete, consumed] = collect(data, offset, HEADER_BYTES);
            offset += consumed;
            if (!complete) break;
            if (!small.subarray(0, HEADER_BYTES).equals(FORMAT_HEADER)) return done(damaged('not a version 1 sealed blob (header)'));
            smallBytes = 0;
            state = 'nonce';
            break;
          }
          case 'nonce': {
            const [complete, consumed] = collect(data, offset, NONCE_BYTES);
            offset += consumed;
            if (!complete) break;
            // The decipher keeps its own copy of the nonce, so `small` is free again for the tag.
            startChunk(small.subarray(0, NONCE_BYTES));
            smallBytes = 0;
            state = bodyLeft > 0 ? 'body' : 'tag';
            break;
          }
          case 'body': {
            const take = Math.min(bodyLeft, data.length - offset);
            const plain = decipher!.update(take === data.length ? data : data.subarray(offset, offset + take));
            if (plain.length > 0) plainPieces.push(plain);
            bodyLeft -= take;
            offset += take;
            if (bodyLeft === 0) state = 'tag';
            break;
          }
          case 'tag': {
            const [complete, consumed] = collect(data, offset, TAG_BYTES);
            offset += consumed;
            if (!complete) break;
            if (!finishChunk(this, small.subarray(0, TAG_BYTES))) return done(damaged('a chunk does not verify'));
            smallBytes = 0;
            state = index > last ? 'done' : 'nonce';
            break;
          }
          case 'done':
            return done(damaged(`${data.length - offset} bytes beyond the last chunk`));
        }
      }
      done();
    },
    flush(done: TransformCallback) {
      if (state !== 'done') return done(damaged('the stored bytes end early'));
      done();
    },
  });
}
