import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectDamaged, rangesToOpen, through } from './sealed-format.test-support.js';
import { BlobDamagedError } from './blob-codec.js';
import type { ByteRange } from './blob-location.js';
import { CHUNK_OVERHEAD, CHUNK_SIZE, NONCE_BYTES, TAG_BYTES, wholeRange } from './sealed-format.js';
import { createOpenerV1, HEADER_V1_BYTES, sealedSizeV1, storedRangeOfV1 } from './sealed-format-v1.js';
import { createSealerV1 } from './sealed-format-v1.test-support.js';

const tenantA = randomUUID();
const tenantB = randomUUID();
const keyA = randomBytes(32);
const keyB = randomBytes(32);
const K = CHUNK_SIZE;
const SEALED_CHUNK = CHUNK_SIZE + CHUNK_OVERHEAD;

const seal = (plain: Buffer, key = keyA, tenant = tenantA, pieceSize?: number) => through(createSealerV1(key, tenant), plain, pieceSize);

/** Opens the plain `range` from the whole sealed blob, reading only the stored range the format names. */
function open(sealed: Buffer, range: ByteRange, plainSize: number, key = keyA, tenant = tenantA, pieceSize?: number): Promise<Buffer> {
  const stored = storedRangeOfV1(range, plainSize);
  return through(createOpenerV1(key, tenant, range, plainSize), sealed.subarray(stored.start, stored.end + 1), pieceSize);
}

const openWhole = (sealed: Buffer, plainSize: number, key = keyA, tenant = tenantA) => open(sealed, wholeRange(plainSize), plainSize, key, tenant);

describe('sealed blob format, version 1 (still read): round trips', () => {
  const sizes = [0, 1, K - 1, K, K + 1, 5 * K + 7, 3 * 1024 * 1024 + 11];
  for (const size of sizes) {
    it(`a blob of ${size} bytes comes back as it was, and its stored size is sealedSizeV1()`, async () => {
      const plain = randomBytes(size);
      const sealed = await seal(plain);
      expect(sealed.length).toBe(sealedSizeV1(size));
      expect((await openWhole(sealed, size)).equals(plain)).toBe(true);
    });
  }

  it('an empty blob is a header and one empty final chunk', async () => {
    const sealed = await seal(Buffer.alloc(0));
    expect(sealed.length).toBe(HEADER_V1_BYTES + NONCE_BYTES + TAG_BYTES);
    expect(sealed.subarray(0, 4).toString('latin1')).toBe('LCB1');
  });

  it('how the plain bytes arrive (one byte at a time, odd pieces, one buffer) changes nothing', async () => {
    const plain = randomBytes(2 * K + 3);
    for (const pieceSize of [1, 1000, K, K + 1, plain.length]) {
      const sealed = await seal(plain, keyA, tenantA, pieceSize);
      expect(sealed.length).toBe(sealedSizeV1(plain.length));
      expect((await open(sealed, wholeRange(plain.length), plain.length, keyA, tenantA, pieceSize === 1 ? 7 : pieceSize)).equals(plain)).toBe(true);
    }
  });

  it('sealing the same bytes twice gives different stored bytes (fresh nonces)', async () => {
    const plain = randomBytes(1000);
    expect((await seal(plain)).equals(await seal(plain))).toBe(false);
  });

  it('the plain bytes never appear in the stored form', async () => {
    const plain = Buffer.from('Confidential exam answers of Lectern tenant A. '.repeat(20_000));
    const sealed = await seal(plain);
    // Any 16-byte window of the text would do; the text repeats, so every offset of it is covered.
    for (let at = 0; at < 48; at += 5) expect(sealed.includes(plain.subarray(at, at + 16))).toBe(false);
    expect(sealed.includes(Buffer.from('Confidential'))).toBe(false);
    expect((await openWhole(sealed, plain.length)).equals(plain)).toBe(true);
  });
});

describe('sealed blob format, version 1 (still read): ranges', () => {
  const size = 5 * K + 7;
  const plain = randomBytes(size);
  let sealed: Buffer;
  const sealedOnce = async () => (sealed ??= await seal(plain));

  const ranges = rangesToOpen(size);
  for (const [name, range] of Object.entries(ranges)) {
    it(`${name} opens to exactly those bytes, reading only the chunks that hold them`, async () => {
      const stored = storedRangeOfV1(range, size);
      const firstChunk = Math.floor(range.start / K);
      const lastChunk = Math.floor(range.end / K);
      expect(stored.start).toBe(firstChunk === 0 ? 0 : HEADER_V1_BYTES + firstChunk * SEALED_CHUNK);
      expect(stored.end).toBe(Math.min(HEADER_V1_BYTES + (lastChunk + 1) * SEALED_CHUNK, sealedSizeV1(size)) - 1);
      expect((await open(await sealedOnce(), range, size)).equals(plain.subarray(range.start, range.end + 1))).toBe(true);
    });
  }

  it('a range outside the blob is refused before anything is read', () => {
    expect(() => storedRangeOfV1({ start: 0, end: size }, size)).toThrow(RangeError);
    expect(() => storedRangeOfV1({ start: 5, end: 4 }, size)).toThrow(RangeError);
    expect(() => storedRangeOfV1({ start: -1, end: 4 }, size)).toThrow(RangeError);
    expect(() => storedRangeOfV1({ start: 0, end: 0 }, 0)).toThrow(RangeError);
    expect(() => createOpenerV1(keyA, tenantA, { start: 0, end: size }, size)).toThrow(RangeError);
  });

  it('an empty blob opens as a whole', async () => {
    const empty = await seal(Buffer.alloc(0));
    expect(storedRangeOfV1(wholeRange(0), 0)).toEqual({ start: 0, end: empty.length - 1 });
    expect((await openWhole(empty, 0)).length).toBe(0);
  });
});

describe('sealed blob format, version 1 (still read): tampering is found', () => {
  const size = 3 * K + 100;
  const plain = randomBytes(size);
  let sealedBlob: Buffer;
  const sealed = async () => Buffer.from((sealedBlob ??= await seal(plain)));
  const flip = (bytes: Buffer, at: number) => {
    bytes[at]! ^= 0x01;
    return bytes;
  };
  const chunkAt = (i: number) => HEADER_V1_BYTES + i * SEALED_CHUNK;

  it('the untouched blob opens (the tests below change one thing each)', async () => {
    expect((await openWhole(await sealed(), size)).equals(plain)).toBe(true);
  });

  it('a flipped byte in the header', async () => {
    for (const at of [0, 3, 4, 5, 8]) await expectDamaged(openWhole(flip(await sealed(), at), size));
  });

  it('a flipped byte in a nonce, the ciphertext or a tag', async () => {
    const inChunk1 = chunkAt(1);
    for (const at of [inChunk1, inChunk1 + NONCE_BYTES - 1, inChunk1 + NONCE_BYTES, inChunk1 + NONCE_BYTES + K - 1, inChunk1 + NONCE_BYTES + K, chunkAt(2) - 1]) {
      await expectDamaged(openWhole(flip(await sealed(), at), size));
    }
    // The last byte of the blob: the last chunk's tag.
    await expectDamaged(openWhole(flip(await sealed(), sealedSizeV1(size) - 1), size));
  });

  it('no plain byte of a damaged chunk is passed on, only those of the chunks before it', async () => {
    const damaged = flip(await sealed(), chunkAt(1) + NONCE_BYTES + 5);
    const opener = createOpenerV1(keyA, tenantA, wholeRange(size), size);
    const received: Buffer[] = [];
    opener.on('data', (piece: Buffer) => received.push(piece));
    const ended = new Promise((resolve) => opener.on('error', resolve));
    opener.end(damaged);
    expect(await ended).toBeInstanceOf(BlobDamagedError);
    expect(Buffer.concat(received).equals(plain.subarray(0, K))).toBe(true);
  });

  it('a blob cut short at a chunk boundary (its final chunk dropped), read as the shorter blob or as the original', async () => {
    const cut = (await sealed()).subarray(0, chunkAt(3));
    // As the original: bytes are missing.
    await expect(through(createOpenerV1(keyA, tenantA, wholeRange(size), size), cut)).rejects.toBeInstanceOf(BlobDamagedError);
    // As a blob of 3 whole chunks: chunk 2 was not sealed as the last one.
    await expectDamaged(openWhole(cut, 3 * K));
    // A range before the dropped chunk still opens: a range reads only its own chunks.
    expect((await open(cut, { start: 0, end: 3 * K - 1 }, size)).equals(plain.subarray(0, 3 * K))).toBe(true);
  });

  it('a blob cut inside a chunk, or with bytes added after its end', async () => {
    const whole = await sealed();
    await expect(through(createOpenerV1(keyA, tenantA, wholeRange(size), size), whole.subarray(0, whole.length - 1))).rejects.toBeInstanceOf(BlobDamagedError);
    await expect(through(createOpenerV1(keyA, tenantA, wholeRange(size), size), Buffer.concat([whole, Buffer.from([0])]))).rejects.toBeInstanceOf(BlobDamagedError);
  });

  it('two chunks swapped, or a chunk repeated in place of another', async () => {
    const whole = await sealed();
    const chunk = (i: number) => whole.subarray(chunkAt(i), chunkAt(i + 1));
    const swapped = Buffer.concat([whole.subarray(0, HEADER_V1_BYTES), chunk(1), chunk(0), chunk(2), whole.subarray(chunkAt(3))]);
    await expectDamaged(openWhole(swapped, size));
    const repeated = Buffer.concat([whole.subarray(0, HEADER_V1_BYTES), chunk(0), chunk(0), chunk(2), whole.subarray(chunkAt(3))]);
    await expectDamaged(openWhole(repeated, size));
    // A chunk read from the wrong position by a range (chunk 1's bytes offered as chunk 2).
    await expect(through(createOpenerV1(keyA, tenantA, { start: 2 * K, end: 2 * K + 9 }, size), chunk(1))).rejects.toBeInstanceOf(BlobDamagedError);
  });

  it('a blob sealed for tenant A does not open as tenant B, with B\'s key or with A\'s key bytes', async () => {
    const whole = await sealed();
    await expectDamaged(openWhole(whole, size, keyB, tenantB));
    // The same key bytes do not help: the tenant id is authenticated with every chunk.
    await expectDamaged(openWhole(whole, size, keyA, tenantB));
    await expectDamaged(open(whole, { start: 2 * K, end: 2 * K + 5 }, size, keyA, tenantB));
  });
});
