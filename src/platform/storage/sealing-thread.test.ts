import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable, type Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { through } from './sealed-format.test-support.js';
import { createOpener, sealedSize, wholeRange } from './sealed-format.js';
import { createThreadedSealer, SealingThread } from './sealing-thread.js';

const tenant = randomUUID();
const key = randomBytes(32);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

const openWhole = (sealed: Buffer, plain: Buffer) => through(createOpener(key, tenant, wholeRange(plain.length), { size: plain.length, hash: sha256(plain) }), sealed);

/** Runs `pieces` (the very buffers, not copies) through `sealer` and gathers what comes out. */
async function sealPieces(sealer: Transform, pieces: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), sealer, async (source: AsyncIterable<Buffer>) => {
    for await (const piece of source) out.push(piece);
  });
  return Buffer.concat(out);
}

/** `plain` in pieces of `size` bytes, each a buffer of its own (as a socket's reads are). */
function ownPieces(plain: Buffer, size: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0; at < plain.length; at += size) {
    const piece = Buffer.allocUnsafeSlow(Math.min(size, plain.length - at));
    plain.copy(piece, 0, at, at + piece.length);
    pieces.push(piece);
  }
  return pieces;
}

describe('sealing on the sealing thread', () => {
  for (const size of [0, 1, 1024 * 1024, 5 * 1024 * 1024 + 13]) {
    it(`a blob of ${size} bytes, sent in uneven pieces, is sealed as the format says: it opens, and the sealer tells its hash and size`, async () => {
      const plain = randomBytes(size);
      const sealer = createThreadedSealer(key, tenant);
      const sealed = await through(sealer, plain, 100_003);
      expect(sealer.plain()).toEqual({ hash: sha256(plain).toString('hex'), size });
      expect(sealed.length).toBe(sealedSize(size));
      expect((await openWhole(sealed, plain)).equals(plain)).toBe(true);
    });
  }

  it('several blobs sealed at once each come back whole, none mixed with another', async () => {
    const plains = [randomBytes(3 * 1024 * 1024 + 1), randomBytes(2 * 1024 * 1024), randomBytes(70_000)];
    const sealed = await Promise.all(plains.map((plain) => through(createThreadedSealer(key, tenant), plain, 65_536)));
    for (const [i, plain] of plains.entries()) expect((await openWhole(sealed[i]!, plain)).equals(plain)).toBe(true);
  });

  it('a writer faster than a slow reader: the reader gets every byte, in order', async () => {
    const plain = randomBytes(12 * 1024 * 1024);
    const pieces: Buffer[] = [];
    const slowDisk = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, done) {
        pieces.push(chunk);
        setTimeout(done, 1);
      },
    });
    const source = Readable.from((function* () {
      for (let at = 0; at < plain.length; at += 256 * 1024) yield plain.subarray(at, at + 256 * 1024);
    })());
    await pipeline(source, createThreadedSealer(key, tenant), slowDisk);
    expect((await openWhole(Buffer.concat(pieces), plain)).equals(plain)).toBe(true);
  });

  it('a sealing given up half-way (the upload broke off) ends without a result, and the next one works', async () => {
    const sealer = createThreadedSealer(key, tenant);
    const errors: Error[] = [];
    sealer.on('error', (error) => errors.push(error));
    const closed = new Promise((resolve) => sealer.once('close', resolve));
    sealer.write(randomBytes(3 * 1024 * 1024));
    sealer.destroy(new Error('connection reset'));
    await closed;
    expect(errors.map((error) => error.message)).toEqual(['connection reset']);
    expect(() => sealer.plain()).toThrow(/not finished/);
    const plain = randomBytes(2 * 1024 * 1024);
    expect((await openWhole(await through(createThreadedSealer(key, tenant), plain), plain)).equals(plain)).toBe(true);
  });

  it('buffers handed over move to the thread as they are (the writer keeps none), slices are copied, and the sealed blob is the same', async () => {
    const plain = randomBytes(5 * 1024 * 1024 + 777);
    const pieces = ownPieces(plain, 64 * 1024);
    // A slice of a larger buffer (what a resumed chunk starts with) is not the sealer's to move: it is copied.
    const slice = Buffer.concat([randomBytes(100), pieces[3]!]).subarray(100);
    pieces[3] = slice;
    const sealer = createThreadedSealer(key, tenant, { handOver: true });
    const sealed = await sealPieces(sealer, pieces);
    expect(sealer.plain()).toEqual({ hash: sha256(plain).toString('hex'), size: plain.length });
    expect((await openWhole(sealed, plain)).equals(plain)).toBe(true);
    expect(pieces[0]!.length).toBe(0);
    expect(pieces.at(-2)!.length).toBe(0);
    // A small piece costs less to copy than to move.
    expect(pieces.at(-1)!.equals(plain.subarray(-777))).toBe(true);
    expect(slice.equals(plain.subarray(3 * 64 * 1024, 4 * 64 * 1024))).toBe(true);
    // Without handOver nothing of the writer's is touched.
    const kept = ownPieces(plain, 64 * 1024);
    await sealPieces(createThreadedSealer(key, tenant), kept);
    expect(Buffer.concat(kept).equals(plain)).toBe(true);
  });

  it('many sealings at once hand the thread no more than its backlog allows: each waits its turn, and every blob comes back whole', async () => {
    const thread = new SealingThread({ backlogMaxBytes: 2 * 1024 * 1024 });
    try {
      const plains = Array.from({ length: 6 }, (_, i) => randomBytes(3 * 1024 * 1024 + i * 1000));
      const sealed = await Promise.all(plains.map((plain, i) => sealPieces(createThreadedSealer(key, tenant, { thread, handOver: i % 2 === 0 }), ownPieces(plain, 64 * 1024))));
      for (const [i, plain] of plains.entries()) expect((await openWhole(sealed[i]!, plain)).equals(plain)).toBe(true);
      const backlog = thread.backlog();
      expect(backlog.peak).toBeGreaterThan(1024 * 1024);
      expect(backlog.peak).toBeLessThanOrEqual(2 * 1024 * 1024);
      expect(backlog.waited).toBeGreaterThan(0);
      expect(backlog).toMatchObject({ bytes: 0, waiting: 0 });
    } finally {
      await thread.close();
    }
  });

  it('a sealing given up while it waits for room in the backlog holds nobody up', async () => {
    const thread = new SealingThread({ backlogMaxBytes: 1024 * 1024 });
    try {
      const first = createThreadedSealer(key, tenant, { thread });
      const firstOut = sealPieces(first, []);
      const plain = randomBytes(1024 * 1024);
      first.write(plain);
      const waiting = createThreadedSealer(key, tenant, { thread });
      waiting.on('error', () => undefined);
      waiting.write(randomBytes(1024 * 1024));
      // The first sealing's batch fills the backlog until it is sealed: the second waits.
      expect(thread.backlog()).toMatchObject({ bytes: 1024 * 1024, waiting: 1 });
      waiting.destroy(new Error('connection reset'));
      expect(thread.backlog().waiting).toBe(0);
      first.end();
      expect((await openWhole(await firstOut, plain)).equals(plain)).toBe(true);
      const next = randomBytes(2 * 1024 * 1024 + 5);
      expect((await openWhole(await sealPieces(createThreadedSealer(key, tenant, { thread }), ownPieces(next, 100_000)), next)).equals(next)).toBe(true);
      expect(thread.backlog()).toMatchObject({ bytes: 0, waiting: 0 });
    } finally {
      await thread.close();
    }
  });

  it('a command that seals a large blob ends when it is done: the idle thread does not keep it alive, a busy one does not let it end early', async () => {
    const script = `
      import { randomBytes, randomUUID } from 'node:crypto';
      import { createThreadedSealer } from ${JSON.stringify(new URL('./sealing-thread.ts', import.meta.url).href)};
      const sealer = createThreadedSealer(randomBytes(32), randomUUID());
      let stored = 0;
      sealer.on('data', (piece) => (stored += piece.length));
      sealer.on('end', () => console.log(JSON.stringify({ ...sealer.plain(), stored })));
      sealer.end(randomBytes(6 * 1024 * 1024));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 });
    const result = JSON.parse(stdout) as { size: number; stored: number };
    expect(result).toMatchObject({ size: 6 * 1024 * 1024, stored: sealedSize(6 * 1024 * 1024) });
  });
});
