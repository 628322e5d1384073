import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { FlushingFileWriter } from './flushing-file-writer.js';

describe('flushing file writer', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-flushing-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every byte in order, whatever the pieces (past several flushes), and closes the file when done', async () => {
    const bytes = randomBytes(9 * 1024 * 1024 + 17);
    const pieces: Buffer[] = [];
    for (let at = 0, size = 1; at < bytes.length; at += size, size = (size * 7) % 300_000 + 1) pieces.push(bytes.subarray(at, at + size));
    const handle = await open(path.join(dir, 'file'), 'wx');
    await pipeline(Readable.from(pieces), new FlushingFileWriter(handle, 1024 * 1024));
    expect(readFileSync(path.join(dir, 'file')).equals(bytes)).toBe(true);
    // Closed: its descriptor is gone.
    await expect(handle.stat()).rejects.toThrow();
  });

  it('a failing write ends the stream with the error and closes the file', async () => {
    const handle = await open(path.join(dir, 'read-only'), 'wx');
    await handle.close();
    const readOnly = await open(path.join(dir, 'read-only'), 'r');
    await expect(pipeline(Readable.from([randomBytes(1000)]), new FlushingFileWriter(readOnly, 1024))).rejects.toMatchObject({ code: 'EBADF' });
    await expect(readOnly.stat()).rejects.toThrow();
  });

  it('keeps the order when the producer runs far ahead of a small window, and a destroy mid-write closes the file', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 5);
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 10_000) pieces.push(bytes.subarray(at, at + 10_000));
    const handle = await open(path.join(dir, 'small-window'), 'wx');
    await pipeline(Readable.from(pieces), new FlushingFileWriter(handle, 16 * 1024));
    expect(readFileSync(path.join(dir, 'small-window')).equals(bytes)).toBe(true);

    const second = await open(path.join(dir, 'destroyed'), 'wx');
    const writer = new FlushingFileWriter(second, 64 * 1024);
    for (const piece of pieces.slice(0, 50)) writer.write(piece);
    writer.destroy();
    await new Promise((resolve) => writer.once('close', resolve));
    await expect(second.stat()).rejects.toThrow();
  });
});
