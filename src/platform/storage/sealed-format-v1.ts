import { createDecipheriv, type DecipherGCM } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { BlobDamagedError } from './blob-codec.js';
import type { ByteRange } from './blob-location.js';
import { assertKey, assertRange, CHUNK_OVERHEAD, CHUNK_SIZE, chunkCount, chunksOf, NONCE_BYTES, plainBytesOfChunk, SEALED_CHUNK, TAG_BYTES } from './sealed-format.js';

/*
 * The stored form of version 1, written until version 2 replaced it and still read:
 *
 *   header   'LCB1' | version (1 byte) | plain chunk size (uint32 BE)          9 bytes
 *   chunk i  nonce (12 random bytes) | AES-256-GCM ciphertext | tag (16 bytes)  28 + plain bytes
 *
 * The additional authenticated data of chunk i is: the header | i (uint64 BE) | 1 if it is the
 * last chunk else 0 | the tenant id. The chunks are not chained and the blob's hash is not bound
 * into them, so a chunk at the same position of another blob of the tenant opens too: the store
 * checks the SHA-256 of whole reads of version 1 blobs itself.
 */

export const FORMAT_V1_MAGIC = 'LCB1';

function formatHeader(): Buffer {
  const header = Buffer.alloc(FORMAT_V1_MAGIC.length + 1 + 4);
  header.write(FORMAT_V1_MAGIC, 0, 'latin1');
  header.writeUInt8(1, FORMAT_V1_MAGIC.length);
  header.writeUInt32BE(CHUNK_SIZE, FORMAT_V1_MAGIC.length + 1);
  return header;
}

/** The header every version-1 blob starts with. */
export const FORMAT_V1_HEADER: Readonly<Buffer> = formatHeader();
export const HEADER_V1_BYTES = FORMAT_V1_HEADER.length;

/** The stored size of a version-1 blob of `plainSize` plain bytes. */
export function sealedSizeV1(plainSize: number): number {
  return HEADER_V1_BYTES + chunkCount(plainSize) * CHUNK_OVERHEAD + plainSize;
}

/** The stored bytes of a version-1 blob that hold the plain `range`: whole chunks, with the header when the range starts in the first chunk. */
export function storedRangeOfV1(range: ByteRange, plainSize: number): ByteRange {
  assertRange(range, plainSize);
  const { first, last } = chunksOf(range);
  const start = first === 0 ? 0 : HEADER_V1_BYTES + first * SEALED_CHUNK;
  const end = HEADER_V1_BYTES + last * SEALED_CHUNK + CHUNK_OVERHEAD + plainBytesOfChunk(last, plainSize) - 1;
  return { start, end };
}

/** The additional authenticated data of each version-1 chunk; one buffer per stream, index and flag rewritten per chunk. */
export class ChunkAadV1 {
  private readonly bytes: Buffer;
  private readonly indexAt = HEADER_V1_BYTES;
  private readonly finalAt = HEADER_V1_BYTES + 8;

  constructor(tenantId: string) {
    const tenant = Buffer.from(tenantId, 'utf8');
    this.bytes = Buffer.alloc(HEADER_V1_BYTES + 8 + 1 + tenant.length);
    FORMAT_V1_HEADER.copy(this.bytes, 0);
    tenant.copy(this.bytes, this.finalAt + 1);
  }

  of(index: number, final: boolean): Buffer {
    this.bytes.writeBigUInt64BE(BigInt(index), this.indexAt);
    this.bytes[this.finalAt] = final ? 1 : 0;
    return this.bytes;
  }
}

type OpenerState = 'header' | 'nonce' | 'body' | 'tag' | 'done';

/**
 * A stream that takes the stored bytes `storedRangeOfV1(range, plainSize)` of a version-1 blob sealed for
 * `tenantId` under `key` and gives exactly the plain bytes of `range`. A chunk's bytes are passed
 * on only after its tag verified; a wrong header, a chunk that does not verify, missing bytes or
 * bytes beyond the last chunk end the stream with BlobDamagedError.
 */
export function createOpenerV1(key: Buffer, tenantId: string, range: ByteRange, plainSize: number): Transform {
  assertKey(key);
  assertRange(range, plainSize);
  const aad = new ChunkAadV1(tenantId);
  const { first, last } = chunksOf(range);
  // The plain bytes wanted from the first and last chunk, in that chunk's own offsets.
  const skipInFirst = range.start - first * CHUNK_SIZE;
  const endInLast = range.end - last * CHUNK_SIZE + 1;

  let state: OpenerState = first === 0 ? 'header' : 'nonce';
  let index = first;
  const small = Buffer.alloc(Math.max(HEADER_V1_BYTES, NONCE_BYTES, TAG_BYTES));
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
            const [complete, consumed] = collect(data, offset, HEADER_V1_BYTES);
            offset += consumed;
            if (!complete) break;
            if (!small.subarray(0, HEADER_V1_BYTES).equals(FORMAT_V1_HEADER)) return done(damaged('not a version 1 sealed blob (header)'));
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
