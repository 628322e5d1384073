import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { through } from './sealed-format.test-support.js';
import { createOpener, sealedSize, wholeRange } from './sealed-format.js';
import { createThreadedSealer } from './sealing-thread.js';

const tenant = randomUUID();
const key = randomBytes(32);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

const openWhole = (sealed: Buffer, plain: Buffer) => through(createOpener(key, tenant, wholeRange(plain.length), { size: plain.length, hash: sha256(plain) }), sealed);

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
