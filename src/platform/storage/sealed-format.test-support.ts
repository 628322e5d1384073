import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { expect } from 'vitest';
import { BlobDamagedError } from './blob-codec.js';
import type { ByteRange } from './blob-location.js';
import { CHUNK_SIZE } from './sealed-format.js';

/** Runs `bytes` through `transform`, fed in pieces of `pieceSize` bytes (as a disk or socket would). */
export async function through(transform: Transform, bytes: Buffer, pieceSize = 16 * 1024): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += pieceSize) pieces.push(bytes.subarray(at, at + pieceSize));
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), transform, async (source: AsyncIterable<Buffer>) => {
    for await (const piece of source) out.push(piece);
  });
  return Buffer.concat(out);
}

export async function expectDamaged(opening: Promise<Buffer>): Promise<void> {
  await expect(opening).rejects.toBeInstanceOf(BlobDamagedError);
}

/** The ranges every format version must open exactly, in a blob of `size` bytes (5 chunks and a bit). */
export function rangesToOpen(size: number): Record<string, ByteRange> {
  const K = CHUNK_SIZE;
  return {
    'the first byte': { start: 0, end: 0 },
    'the last byte': { start: size - 1, end: size - 1 },
    'inside the first chunk': { start: 10, end: 1000 },
    'inside a middle chunk': { start: 2 * K + 5, end: 2 * K + 500 },
    'a whole middle chunk exactly': { start: 2 * K, end: 3 * K - 1 },
    'across two chunks': { start: K - 10, end: K + 10 },
    'across four chunks': { start: K + 1, end: 4 * K + 2 },
    'the tail of the short last chunk': { start: 5 * K, end: size - 1 },
    'from the middle to the end': { start: 3 * K - 1, end: size - 1 },
    'the whole blob': { start: 0, end: size - 1 },
  };
}
