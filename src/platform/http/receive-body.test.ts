import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { chunkBytesOf } from './receive-body.js';

const tooLarge = () => new AppError('SPACE_UPLOAD_RANGE_INVALID', [{ field: 'content-range', value: 'longer' }]);

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece);
  return Buffer.concat(pieces);
}

describe('the new bytes of a chunk', () => {
  it('passes on the body after the bytes the upload has already, and counts every byte', async () => {
    const body = new PassThrough();
    const bytes = randomBytes(300_000);
    const chunk = chunkBytesOf(body, { skip: 70_001, maxBytes: bytes.length, tooLarge });
    for (let at = 0; at < bytes.length; at += 65_536) body.write(bytes.subarray(at, at + 65_536));
    body.end();
    expect((await readAll(chunk.bytes)).equals(bytes.subarray(70_001))).toBe(true);
    expect(chunk.outcome()).toEqual({ ok: true, bytes: bytes.length });
    // A body of the caller's (not read from a socket) keeps its buffers.
    expect(chunk.handOver).toBe(false);
  });

  it('a reader slower than the body pauses the body instead of holding all of it', async () => {
    const body = new PassThrough({ highWaterMark: 16 * 1024 });
    const chunk = chunkBytesOf(body, { skip: 0, maxBytes: 8 * 1024 * 1024, tooLarge });
    let accepted = 0;
    const piece = randomBytes(64 * 1024);
    // The writer stops where the body says it is full.
    while (body.write(piece)) accepted++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(accepted).toBeLessThan(16);
    expect(chunk.bytes.readableLength).toBeLessThanOrEqual(512 * 1024);
    body.end();
    expect((await readAll(chunk.bytes)).length).toBe((accepted + 1) * piece.length);
  });

  it('a body longer than allowed fails the stream with the refusal, and the rest of the body is left unread (not destroyed)', async () => {
    const body = new PassThrough();
    const chunk = chunkBytesOf(body, { skip: 0, maxBytes: 100_000, tooLarge });
    body.write(randomBytes(60_000));
    body.write(randomBytes(60_000));
    await expect(readAll(chunk.bytes)).rejects.toBe(chunk.refusal());
    expect(chunk.refusal()).toBeInstanceOf(AppError);
    expect(body.destroyed).toBe(false);
    body.write(randomBytes(10));
    expect(body.listenerCount('data')).toBe(0);
  });

  it('a body that breaks off ends the stream normally with what arrived, and says so', async () => {
    const body = new PassThrough();
    const bytes = randomBytes(150_000);
    const chunk = chunkBytesOf(body, { skip: 10, maxBytes: 1_000_000, tooLarge });
    body.write(bytes.subarray(0, 100_000));
    body.write(bytes.subarray(100_000));
    setTimeout(() => body.destroy(new Error('connection reset')), 10);
    expect((await readAll(chunk.bytes)).equals(bytes.subarray(10))).toBe(true);
    expect(chunk.outcome()).toMatchObject({ ok: false, bytes: 150_000, error: expect.objectContaining({ message: 'connection reset' }) });
  });

  it('a reader that gives up leaves the body as it is, for the caller to answer', async () => {
    const body = new PassThrough();
    const chunk = chunkBytesOf(body, { skip: 0, maxBytes: 1_000_000, tooLarge });
    body.write(randomBytes(1000));
    const closed = new Promise((resolve) => chunk.bytes.once('error', resolve));
    chunk.bytes.destroy(new Error('the store failed'));
    expect(await closed).toMatchObject({ message: 'the store failed' });
    expect(body.destroyed).toBe(false);
    expect(body.listenerCount('data')).toBe(0);
  });
});
