import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { ItemView, SpaceUploadView } from './library.contract.js';

/**
 * A large file through the resumable API over a real socket, as the web app sends it: chunks of
 * several MiB (each sealed on the sealing thread, the socket's buffers handed over to it), two on
 * their way at once, one repeating bytes already stored; the stored bytes come back identical.
 */
/** The store seals a write of this many bytes or more on its sealing thread (THREADED_SEALING_MIN_BYTES). */
const THREADED_SEALING_MIN_BYTES = 4 * 1024 * 1024;

describe(`a large upload to the Space library (${engine})`, () => {
  let site: SpaceTestSite;
  let port: number;
  beforeAll(async () => {
    site = await createSpaceTestSite('large-upload');
    await site.ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (site.ctx.app.server.address() as AddressInfo).port;
  });
  afterAll(() => site.close());

  /** A PUT of `body` over a socket of its own (inject would hand the handler the test's own buffer). */
  const putChunk = (id: string, body: Buffer, first: number, total: number) =>
    new Promise<{ status: number; body: SpaceUploadView }>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: `/api/space/uploads/${id}`,
          headers: {
            host: site.host,
            cookie: site.admin,
            'content-type': 'application/octet-stream',
            'content-range': `bytes ${first}-${first + body.length - 1}/${total}`,
            'content-length': String(body.length),
          },
        },
        (response) => {
          const pieces: Buffer[] = [];
          response.on('data', (piece: Buffer) => pieces.push(piece));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(pieces).toString()) as SpaceUploadView }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  it('stores a file of 9 MiB sent in chunks sealed off the event loop, and gives back exactly its bytes', async () => {
    const MiB = 1024 * 1024;
    const bytes = randomBytes(9 * MiB + 4097);
    const started = await site.call<SpaceUploadView>('POST', '/api/space/uploads', site.admin, { fileName: 'lecture.bin', totalBytes: bytes.length });
    expect(started.res.statusCode, started.res.body).toBe(201);
    const id = started.body.id;

    // Two chunks on their way at once, the second ahead of the first.
    const [head, ahead] = await Promise.all([putChunk(id, bytes.subarray(0, THREADED_SEALING_MIN_BYTES), 0, bytes.length), putChunk(id, bytes.subarray(5 * MiB), 5 * MiB, bytes.length)]);
    expect([head.status, ahead.status]).toEqual([200, 200]);
    expect((await site.call<SpaceUploadView>('GET', `/api/space/uploads/${id}`, site.admin)).body.receivedBytes).toBe(4 * MiB);
    // A retry from 2 MiB on: its first 2 MiB are there already (skipped), the next MiB closes the gap, the rest is there too.
    const retry = await putChunk(id, bytes.subarray(2 * MiB, 9 * MiB), 2 * MiB, bytes.length);
    expect(retry.status).toBe(200);
    expect(retry.body.receivedBytes).toBe(bytes.length);

    const done = await site.call<ItemView>('POST', `/api/space/uploads/${id}/complete`, site.admin);
    expect(done.res.statusCode, done.res.body).toBe(201);
    expect(done.body.size).toBe(bytes.length);
    const whole = await site.call('GET', `/api/space/items/${done.body.id}/content`, site.admin);
    expect(whole.res.statusCode).toBe(200);
    expect(whole.res.rawPayload.equals(bytes)).toBe(true);
    const across = await site.call('GET', `/api/space/items/${done.body.id}/content`, site.admin, undefined, { range: `bytes=${4 * MiB - 10}-${5 * MiB + 9}` });
    expect(across.res.statusCode).toBe(206);
    expect(across.res.rawPayload.equals(bytes.subarray(4 * MiB - 10, 5 * MiB + 10))).toBe(true);
  });

  it('the same bytes through inject (the caller keeps its buffer): stored alike, and the caller’s buffer is untouched', async () => {
    const bytes = randomBytes(THREADED_SEALING_MIN_BYTES + 12_345);
    const copy = Buffer.from(bytes);
    const uploaded = await site.upload(site.admin, 'copy.bin', bytes);
    expect(uploaded.res.statusCode, uploaded.res.body).toBe(201);
    expect(bytes.equals(copy)).toBe(true);
    const whole = await site.call('GET', `/api/space/items/${uploaded.body.id}/content`, site.admin);
    expect(whole.res.rawPayload.equals(copy)).toBe(true);
  });
});
