import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { FanOut } from './fan-out.js';
import { FlushingFileWriter } from './flushing-file-writer.js';
import { giveBackWhenWritten } from './written-buffers.js';

describe('buffers given back once written', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-written-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const writerOf = async (name: string) => new FlushingFileWriter(await open(path.join(dir, name), 'wx'), 64 * 1024);

  it('a buffer written to every location goes back once, after the last of them has written it', async () => {
    const pieces = [randomBytes(300_000), randomBytes(200_000)];
    const givenBack: string[] = [];
    pieces.forEach((piece, i) => giveBackWhenWritten(piece, () => givenBack.push(`${i}: ${[0, 1, 2].map((n) => readFileSync(path.join(dir, `copy-${n}`)).length).join(' ')}`)));
    const fanOut = new FanOut(await Promise.all([0, 1, 2].map(async (n) => ({ body: await writerOf(`copy-${n}`) }))));
    await pipeline(Readable.from(pieces), fanOut);
    // Each went back once, and only when all three files held it.
    expect(givenBack).toEqual([expect.stringMatching(/^0: /), expect.stringMatching(/^1: /)]);
    for (const line of givenBack) {
      const [index, sizes] = line.split(': ');
      const wanted = index === '0' ? 300_000 : 500_000;
      for (const size of sizes!.split(' ')) expect(Number(size)).toBeGreaterThanOrEqual(wanted);
    }
    for (const n of [0, 1, 2]) expect(readFileSync(path.join(dir, `copy-${n}`)).equals(Buffer.concat(pieces))).toBe(true);
  });

  it('a buffer that a writer which does not report keeps is never given back (it is collected instead)', async () => {
    const piece = randomBytes(100_000);
    let givenBack = 0;
    giveBackWhenWritten(piece, () => givenBack++);
    const other = new PassThrough();
    other.resume();
    await pipeline(Readable.from([piece]), new FanOut([{ body: await writerOf('reporting') }, { body: other }]));
    expect(givenBack).toBe(0);
  });

  it('a writer destroyed before it wrote what it took gives it up: each buffer given back once, the one being written only after its write', async () => {
    const writer = new FlushingFileWriter(await open(path.join(dir, 'destroyed'), 'wx'), 16 * 1024 * 1024);
    const pieces = Array.from({ length: 20 }, () => randomBytes(50_000));
    const givenBack = pieces.map(() => 0);
    pieces.forEach((piece, i) => giveBackWhenWritten(piece, () => givenBack[i]!++));
    for (const piece of pieces) writer.write(piece);
    writer.destroy();
    await new Promise((resolve) => writer.once('close', resolve));
    expect(givenBack).toEqual(pieces.map(() => 1));
  });
});
