import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared/api';
import { ApiError } from '../../shared/api/errors';
import { uploadPercent, uploadToSpace, type SpaceChunkSender, type SpaceUploadProgress } from './spaceUpload';

/** A server that keeps the bytes it received, as the Space's resumable upload routes do. */
function fakeServer(total: number) {
  const received = new Uint8Array(total);
  /** Which bytes arrived; receivedBytes counts those from the start without a gap. */
  let have = new Array<boolean>(total).fill(false);
  let receivedBytes = 0;
  let status: 'receiving' | 'failed' = 'receiving';
  let uploads = 0;
  const calls: string[] = [];
  const upload = () => ({ id: `up-${String(uploads)}`, fileName: 'a.png', totalBytes: total, receivedBytes, status, expiresAt: '2030-01-01T00:00:00Z' });
  const api = {
    post: (url: string, body: unknown) => {
      calls.push(`POST ${url}${url.endsWith('/uploads') ? ` ${JSON.stringify(body)}` : ''}`);
      if (url.endsWith('/complete')) return Promise.resolve({ id: 'item-1', bytes: Array.from(received) });
      uploads++;
      receivedBytes = 0;
      have = new Array<boolean>(total).fill(false);
      status = 'receiving';
      return Promise.resolve(upload());
    },
    get: (url: string) => {
      calls.push(`GET ${url}`);
      return Promise.resolve(upload());
    },
  } as unknown as ApiClient;
  /** `breakAt`: the first PUT of the chunk starting there keeps only this many bytes, then the network fails. */
  const sender = (breakAt: { from: number; bytes: number } | null): SpaceChunkSender => {
    let broken = false;
    return async (url, chunk, contentRange) => {
      const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(contentRange);
      if (!match) throw new Error('no range');
      calls.push(`PUT ${url} ${contentRange}`);
      const from = Number(match[1]);
      if (from > receivedBytes + 10_000) throw new ApiError({ status: 409, code: 'SPACE_UPLOAD_GAP', message: 'gap' });
      const bytes = new Uint8Array(await chunk.arrayBuffer());
      const deliver = breakAt && !broken && breakAt.from === from ? breakAt.bytes : bytes.length;
      received.set(bytes.subarray(0, deliver), from);
      have.fill(true, from, from + deliver);
      while (receivedBytes < total && have[receivedBytes]) receivedBytes++;
      if (deliver < bytes.length) {
        broken = true;
        throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'offline' });
      }
      return upload();
    };
  };
  return { api, sender, calls, fail: () => (status = 'failed') };
}

function file(size: number): Blob & { name: string } {
  const bytes = new Uint8Array(size).map((_, i) => (i * 31) % 256);
  return Object.assign(new Blob([bytes]), { name: 'a.png' });
}

const expected = (size: number) => Array.from(new Uint8Array(size).map((_, i) => (i * 31) % 256));

describe('uploadToSpace', () => {
  it('starts an upload into the folder, sends chunks with Content-Range, reports acknowledged bytes, and completes', async () => {
    const server = fakeServer(2500);
    const progress: SpaceUploadProgress[] = [];
    const item = (await uploadToSpace(server.api, file(2500), { folderId: 'f-1' }, { sendChunk: server.sender(null), onProgress: (p) => progress.push(p), chunkBytes: 1000, inFlight: 1 })) as unknown as { bytes: number[] };
    expect(server.calls).toEqual([
      'POST /api/space/uploads {"fileName":"a.png","totalBytes":2500,"folderId":"f-1","itemId":null}',
      'PUT /api/space/uploads/up-1 bytes 0-999/2500',
      'PUT /api/space/uploads/up-1 bytes 1000-1999/2500',
      'PUT /api/space/uploads/up-1 bytes 2000-2499/2500',
      'POST /api/space/uploads/up-1/complete',
    ]);
    expect(progress.map((p) => `${p.phase} ${String(p.receivedBytes)}`)).toEqual(['sending 0', 'sending 1000', 'sending 2000', 'sending 2500', 'completing 2500']);
    expect(item.bytes).toEqual(expected(2500));
  });

  it('asks for a new version of a file with its id', async () => {
    const server = fakeServer(10);
    await uploadToSpace(server.api, file(10), { itemId: 'i-1' }, { sendChunk: server.sender(null), onProgress: () => undefined });
    expect(server.calls[0]).toBe('POST /api/space/uploads {"fileName":"a.png","totalBytes":10,"folderId":null,"itemId":"i-1"}');
  });

  it('after a chunk broken off on the way asks how far the server got and goes on from there', async () => {
    const server = fakeServer(2500);
    const progress: number[] = [];
    const item = (await uploadToSpace(server.api, file(2500), { folderId: null }, { sendChunk: server.sender({ from: 1000, bytes: 400 }), onProgress: (p) => progress.push(p.receivedBytes), chunkBytes: 1000, inFlight: 1, retryDelayMs: 0 })) as unknown as {
      bytes: number[];
    };
    expect(server.calls.slice(2, 6)).toEqual(['PUT /api/space/uploads/up-1 bytes 1000-1999/2500', 'GET /api/space/uploads/up-1', 'PUT /api/space/uploads/up-1 bytes 1400-2399/2500', 'PUT /api/space/uploads/up-1 bytes 2400-2499/2500']);
    expect(progress).toEqual([0, 1000, 1400, 2400, 2500, 2500]);
    expect(item.bytes).toEqual(expected(2500));
  });

  it('sends the next chunk while the server still stores the last, and joins them whatever order they land in', async () => {
    const server = fakeServer(3000);
    const store = server.sender(null);
    const started: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    // The first chunk is answered only once the second has arrived (and been stored ahead of it).
    const sender: SpaceChunkSender = async (url, chunk, range, signal) => {
      started.push(range);
      if (range.startsWith('bytes 0-')) await firstHeld;
      const answer = await store(url, chunk, range, signal);
      if (range.startsWith('bytes 1000-')) releaseFirst();
      return answer;
    };
    const progress: number[] = [];
    const item = (await uploadToSpace(server.api, file(3000), { folderId: null }, { sendChunk: sender, onProgress: (p) => progress.push(p.receivedBytes), chunkBytes: 1000 })) as unknown as { bytes: number[] };
    expect(started.slice(0, 2)).toEqual(['bytes 0-999/3000', 'bytes 1000-1999/3000']);
    expect(item.bytes).toEqual(expected(3000));
    expect(progress.at(-1)).toBe(3000);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('with chunks in flight, after one broke off, lets the others land and resumes from the first byte missing', async () => {
    const server = fakeServer(5000);
    const progress: number[] = [];
    const item = (await uploadToSpace(server.api, file(5000), { folderId: null }, { sendChunk: server.sender({ from: 1000, bytes: 300 }), onProgress: (p) => progress.push(p.receivedBytes), chunkBytes: 1000, retryDelayMs: 0 })) as unknown as {
      bytes: number[];
    };
    expect(item.bytes).toEqual(expected(5000));
    expect(server.calls).toContain('GET /api/space/uploads/up-1');
    expect(server.calls).toContain('PUT /api/space/uploads/up-1 bytes 1300-2299/5000');
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(5000);
  });

  it('goes on with an upload it started before (tried again after a failure), from the bytes the server has', async () => {
    const resumed = fakeServer(2000);
    // One chunk in, then the page tries again with the upload's id.
    await resumed.sender(null)('/api/space/uploads/up-0', file(2000).slice(0, 1000), 'bytes 0-999/2000', undefined);
    resumed.calls.length = 0;
    await uploadToSpace(resumed.api, file(2000), { folderId: null }, { uploadId: 'up-0', sendChunk: resumed.sender(null), onProgress: () => undefined, chunkBytes: 1000 });
    expect(resumed.calls).toEqual(['GET /api/space/uploads/up-0', 'PUT /api/space/uploads/up-0 bytes 1000-1999/2000', 'POST /api/space/uploads/up-0/complete']);
  });

  it('starts over when the upload it would go on with has failed', async () => {
    const server = fakeServer(10);
    server.fail();
    await uploadToSpace(server.api, file(10), { folderId: null }, { uploadId: 'up-0', sendChunk: server.sender(null), onProgress: () => undefined });
    expect(server.calls.map((call) => call.split(' {')[0])).toEqual(['GET /api/space/uploads/up-0', 'POST /api/space/uploads', 'PUT /api/space/uploads/up-1 bytes 0-9/10', 'POST /api/space/uploads/up-1/complete']);
  });

  it('gives up on a refusal that trying again cannot change (a file whose bytes are not what its name says)', async () => {
    const server = fakeServer(10);
    const refusing: SpaceChunkSender = () => Promise.reject(new ApiError({ status: 415, code: 'SPACE_FILE_TYPE_MISMATCH', message: 'mismatch' }));
    await expect(uploadToSpace(server.api, file(10), { folderId: null }, { sendChunk: refusing, onProgress: () => undefined, retryDelayMs: 0 })).rejects.toMatchObject({ code: 'SPACE_FILE_TYPE_MISMATCH' });
    expect(server.calls.filter((call) => call.startsWith('GET'))).toEqual([]);
  });
});

describe('uploadPercent', () => {
  it('counts whole percent of acknowledged bytes, 100 only when all are there', () => {
    expect(uploadPercent({ receivedBytes: 0, totalBytes: 10 })).toBe(0);
    expect(uploadPercent({ receivedBytes: 999, totalBytes: 1000 })).toBe(99);
    expect(uploadPercent({ receivedBytes: 1000, totalBytes: 1000 })).toBe(100);
    expect(uploadPercent({ receivedBytes: 0, totalBytes: 0 })).toBe(0);
  });
});
