import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { expectDamaged, rangesToOpen, through } from './sealed-format.test-support.js';
import { BlobDamagedError, type BlobOpener } from './blob-codec.js';
import type { ByteRange } from './blob-location.js';
import {
  CHUNK_SIZE,
  createOpener,
  createSealer,
  HEADER_BYTES,
  LINK_BYTES,
  NONCE_BYTES,
  SEALED_CHUNK,
  sealedSize,
  storedRangeOf,
  TAG_BYTES,
  wholeRange,
} from './sealed-format.js';

const tenantA = randomUUID();
const tenantB = randomUUID();
const keyA = randomBytes(32);
const keyB = randomBytes(32);
const K = CHUNK_SIZE;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

const seal = (plain: Buffer, key = keyA, tenant = tenantA, pieceSize?: number) => through(createSealer(key, tenant), plain, pieceSize);

/** Opens the plain `range` of the blob `plain` from its sealed bytes, reading only the stored range the format names. */
function open(sealed: Buffer, range: ByteRange, plain: Buffer, options: { key?: Buffer; tenant?: string; pieceSize?: number; link?: Buffer } = {}): Promise<Buffer> {
  const stored = storedRangeOf(range, plain.length);
  const opener = createOpener(options.key ?? keyA, options.tenant ?? tenantA, range, { size: plain.length, hash: sha256(plain) }, options.link);
  return through(opener, sealed.subarray(stored.start, stored.end + 1), options.pieceSize);
}

const openWhole = (sealed: Buffer, plain: Buffer, options: { key?: Buffer; tenant?: string } = {}) => open(sealed, wholeRange(plain.length), plain, options);

const chunkAt = (i: number) => HEADER_BYTES + i * SEALED_CHUNK;

describe('sealed blob format: round trips', () => {
  const sizes = [0, 1, K - 1, K, K + 1, 5 * K + 7, 3 * 1024 * 1024 + 11];
  for (const size of sizes) {
    it(`a blob of ${size} bytes comes back as it was, its stored size is sealedSize(), and the sealer tells its hash and size`, async () => {
      const plain = randomBytes(size);
      const sealer = createSealer(keyA, tenantA);
      const sealed = await through(sealer, plain);
      expect(sealer.plain()).toEqual({ hash: sha256(plain).toString('hex'), size });
      expect(sealed.length).toBe(sealedSize(size));
      expect((await openWhole(sealed, plain)).equals(plain)).toBe(true);
    });
  }

  it('an empty blob is a header and one empty final chunk', async () => {
    const sealed = await seal(Buffer.alloc(0));
    expect(sealed.length).toBe(HEADER_BYTES + NONCE_BYTES + TAG_BYTES);
    expect(sealed.subarray(0, 5)).toEqual(Buffer.from('LCB2\x02', 'latin1'));
  });

  it('how the bytes arrive (one byte at a time, odd pieces, one buffer) changes nothing', async () => {
    const plain = randomBytes(2 * K + 3);
    for (const pieceSize of [1, 1000, K, K + 1, SEALED_CHUNK + 5, plain.length]) {
      const sealed = await seal(plain, keyA, tenantA, pieceSize);
      expect(sealed.length).toBe(sealedSize(plain.length));
      expect((await open(sealed, wholeRange(plain.length), plain, { pieceSize: pieceSize === 1 ? 7 : pieceSize })).equals(plain)).toBe(true);
    }
  });

  it('the opener passes on one buffer per chunk', async () => {
    const plain = randomBytes(3 * K + 5);
    const sealed = await seal(plain);
    const opener = createOpener(keyA, tenantA, wholeRange(plain.length), { size: plain.length, hash: sha256(plain) });
    const pieces: Buffer[] = [];
    opener.on('data', (piece: Buffer) => pieces.push(piece));
    await pipeline(Readable.from([sealed.subarray(0, 1000), sealed.subarray(1000)]), opener);
    expect(pieces.map((piece) => piece.length)).toEqual([K, K, K, 5]);
  });

  it('sealing the same bytes twice gives different stored bytes (a fresh sealing id and nonces)', async () => {
    const plain = randomBytes(1000);
    const [one, two] = [await seal(plain), await seal(plain)];
    expect(one.subarray(0, HEADER_BYTES - LINK_BYTES).equals(two.subarray(0, HEADER_BYTES - LINK_BYTES))).toBe(true);
    expect(one.subarray(HEADER_BYTES - LINK_BYTES, HEADER_BYTES).equals(two.subarray(HEADER_BYTES - LINK_BYTES, HEADER_BYTES))).toBe(false);
    expect(one.equals(two)).toBe(false);
  });

  it('the plain bytes never appear in the stored form', async () => {
    const plain = Buffer.from('Confidential exam answers of Lectern tenant A. '.repeat(20_000));
    const sealed = await seal(plain);
    for (let at = 0; at < 48; at += 5) expect(sealed.includes(plain.subarray(at, at + 16))).toBe(false);
    expect(sealed.includes(Buffer.from('Confidential'))).toBe(false);
    expect((await openWhole(sealed, plain)).equals(plain)).toBe(true);
  });
});

describe('sealed blob format: ranges', () => {
  const size = 5 * K + 7;
  const plain = randomBytes(size);
  let sealed: Buffer;
  const sealedOnce = async () => (sealed ??= await seal(plain));

  const ranges = rangesToOpen(size);
  for (const [name, range] of Object.entries(ranges)) {
    it(`${name} opens to exactly those bytes, reading only the chunks that hold them and the link before them`, async () => {
      const stored = storedRangeOf(range, size);
      const firstChunk = Math.floor(range.start / K);
      const lastChunk = Math.floor(range.end / K);
      expect(stored.start).toBe(firstChunk === 0 ? 0 : chunkAt(firstChunk) - LINK_BYTES);
      expect(stored.end).toBe(Math.min(chunkAt(lastChunk + 1), sealedSize(size)) - 1);
      for (const pieceSize of [100, 16 * 1024, 1024 * 1024]) {
        expect((await open(await sealedOnce(), range, plain, { pieceSize })).equals(plain.subarray(range.start, range.end + 1))).toBe(true);
      }
    });
  }

  it('a range outside the blob is refused before anything is read', () => {
    expect(() => storedRangeOf({ start: 0, end: size }, size)).toThrow(RangeError);
    expect(() => storedRangeOf({ start: 5, end: 4 }, size)).toThrow(RangeError);
    expect(() => storedRangeOf({ start: -1, end: 4 }, size)).toThrow(RangeError);
    expect(() => storedRangeOf({ start: 0, end: 0 }, 0)).toThrow(RangeError);
    expect(() => createOpener(keyA, tenantA, { start: 0, end: size }, { size, hash: sha256(plain) })).toThrow(RangeError);
  });

  it('an empty blob opens as a whole', async () => {
    const empty = await seal(Buffer.alloc(0));
    expect(storedRangeOf(wholeRange(0), 0)).toEqual({ start: 0, end: empty.length - 1 });
    expect((await openWhole(empty, Buffer.alloc(0))).length).toBe(0);
  });
});

describe('sealed blob format: tampering is found', () => {
  const size = 3 * K + 100;
  const plain = randomBytes(size);
  let sealedBlob: Buffer;
  const sealed = async () => Buffer.from((sealedBlob ??= await seal(plain)));
  const flip = (bytes: Buffer, at: number) => {
    bytes[at]! ^= 0x01;
    return bytes;
  };

  it('the untouched blob opens (the tests below change one thing each)', async () => {
    expect((await openWhole(await sealed(), plain)).equals(plain)).toBe(true);
  });

  it('a flipped byte in the header (format or sealing id)', async () => {
    for (const at of [0, 3, 4, 5, 8, 9, HEADER_BYTES - 1]) await expectDamaged(openWhole(flip(await sealed(), at), plain));
  });

  it('a flipped byte in a nonce, the ciphertext or a tag', async () => {
    const inChunk1 = chunkAt(1);
    for (const at of [inChunk1, inChunk1 + NONCE_BYTES - 1, inChunk1 + NONCE_BYTES, inChunk1 + NONCE_BYTES + K - 1, inChunk1 + NONCE_BYTES + K, chunkAt(2) - 1]) {
      await expectDamaged(openWhole(flip(await sealed(), at), plain));
    }
    await expectDamaged(openWhole(flip(await sealed(), sealedSize(size) - 1), plain));
  });

  it('a flipped byte in the link before a range (the tag of the chunk before it)', async () => {
    await expectDamaged(open(flip(await sealed(), chunkAt(2) - 1), { start: 2 * K, end: 2 * K + 10 }, plain));
  });

  it('no plain byte of a damaged chunk is passed on, only those of the chunks before it', async () => {
    const damaged = flip(await sealed(), chunkAt(1) + NONCE_BYTES + 5);
    const opener = createOpener(keyA, tenantA, wholeRange(size), { size, hash: sha256(plain) });
    const received: Buffer[] = [];
    opener.on('data', (piece: Buffer) => received.push(piece));
    const ended = new Promise((resolve) => opener.on('error', resolve));
    opener.end(damaged);
    expect(await ended).toBeInstanceOf(BlobDamagedError);
    expect(Buffer.concat(received).equals(plain.subarray(0, K))).toBe(true);
  });

  it('a blob cut short at a chunk boundary (its final chunk dropped), read as the shorter blob or as the original', async () => {
    const cut = (await sealed()).subarray(0, chunkAt(3));
    await expect(through(createOpener(keyA, tenantA, wholeRange(size), { size, hash: sha256(plain) }), cut)).rejects.toBeInstanceOf(BlobDamagedError);
    // As a blob of 3 whole chunks: chunk 2 was not sealed as the last one (nor with that blob's hash).
    await expectDamaged(openWhole(cut, plain.subarray(0, 3 * K)));
    // A range before the dropped chunk still opens: a range reads only its own chunks.
    expect((await open(cut, { start: 0, end: 3 * K - 1 }, plain)).equals(plain.subarray(0, 3 * K))).toBe(true);
  });

  it('a blob cut inside a chunk, or with bytes added after its end', async () => {
    const whole = await sealed();
    const opener = () => createOpener(keyA, tenantA, wholeRange(size), { size, hash: sha256(plain) });
    await expect(through(opener(), whole.subarray(0, whole.length - 1))).rejects.toBeInstanceOf(BlobDamagedError);
    await expect(through(opener(), Buffer.concat([whole, Buffer.from([0])]))).rejects.toBeInstanceOf(BlobDamagedError);
  });

  it('two chunks swapped, or a chunk repeated in place of another', async () => {
    const whole = await sealed();
    const chunk = (i: number) => whole.subarray(chunkAt(i), chunkAt(i + 1));
    const header = whole.subarray(0, HEADER_BYTES);
    await expectDamaged(openWhole(Buffer.concat([header, chunk(1), chunk(0), chunk(2), whole.subarray(chunkAt(3))]), plain));
    await expectDamaged(openWhole(Buffer.concat([header, chunk(0), chunk(0), chunk(2), whole.subarray(chunkAt(3))]), plain));
    // A chunk read from the wrong position by a range (chunk 1 with its link offered as chunk 2).
    const chunk1WithLink = whole.subarray(chunkAt(1) - LINK_BYTES, chunkAt(2));
    const opener = createOpener(keyA, tenantA, { start: 2 * K, end: 2 * K + 9 }, { size, hash: sha256(plain) });
    await expect(through(opener, chunk1WithLink)).rejects.toBeInstanceOf(BlobDamagedError);
  });

  it('a blob sealed for tenant A does not open as tenant B, with B\'s key or with A\'s key bytes', async () => {
    const whole = await sealed();
    await expectDamaged(openWhole(whole, plain, { key: keyB, tenant: tenantB }));
    await expectDamaged(openWhole(whole, plain, { key: keyA, tenant: tenantB }));
    await expectDamaged(open(whole, { start: 2 * K, end: 2 * K + 5 }, plain, { tenant: tenantB }));
  });
});

describe('sealed blob format: another blob of the same tenant in place of this one', () => {
  const size = 3 * K + 100;
  const mine = randomBytes(size);
  const other = randomBytes(size);

  it('the whole of another blob of the same size and tenant does not open as this one (its hash is bound into the last chunk)', async () => {
    const theirs = await seal(other);
    await expectDamaged(openWhole(theirs, mine));
    // So is a range that reaches the last chunk.
    await expectDamaged(open(theirs, { start: 2 * K, end: size - 1 }, mine));
  });

  it('a chunk of another blob, or of another sealing of the same bytes, at the same position does not open', async () => {
    const sealedMine = await seal(mine);
    for (const donor of [await seal(other), await seal(mine)]) {
      for (const position of [0, 1, 3]) {
        const spliced = Buffer.concat([sealedMine.subarray(0, chunkAt(position)), donor.subarray(chunkAt(position), chunkAt(position + 1)), sealedMine.subarray(chunkAt(position + 1))]);
        await expectDamaged(openWhole(spliced, mine));
      }
      // The other sealing's header with this blob's chunks: chunk 0 was sealed after another sealing id.
      await expectDamaged(openWhole(Buffer.concat([donor.subarray(0, HEADER_BYTES), sealedMine.subarray(HEADER_BYTES)]), mine));
    }
  });

  it('a read continued at another copy opens only where that copy is the same sealing (the link of the last chunk passed on)', async () => {
    const copy = await seal(mine);
    const resealed = await seal(mine);
    const opener: BlobOpener = createOpener(keyA, tenantA, wholeRange(size), { size, hash: sha256(mine) });
    const firstTwo = await through(opener, copy.subarray(0, chunkAt(2))).catch(() => undefined);
    expect(firstTwo).toBeUndefined(); // the copy "broke" after two chunks: the stored bytes end early
    const link = opener.linkAt!(2 * K)!;
    expect(link.equals(copy.subarray(chunkAt(2) - LINK_BYTES, chunkAt(2)))).toBe(true);
    expect(opener.linkAt!(K + 1)).toBeUndefined();
    const rest = { start: 2 * K, end: size - 1 };
    expect((await open(copy, rest, mine, { link })).equals(mine.subarray(2 * K))).toBe(true);
    await expectDamaged(open(resealed, rest, mine, { link }));
  });
});
