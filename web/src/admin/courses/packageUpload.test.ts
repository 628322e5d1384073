import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared/api';
import { ApiError } from '../../shared/api/errors';
import { uploadInChunks, type ChunkSender, type UploadProgress } from './packageUpload';

/** A server that keeps the bytes it received, as the resumable upload routes do. */
function fakeServer(total: number) {
  const received = new Uint8Array(total);
  let receivedBytes = 0;
  const calls: string[] = [];
  const session = () => ({ id: 'u1', courseId: null, fileName: 'course.zip', totalBytes: total, receivedBytes, status: 'receiving' as const, versionId: null, expiresAt: '2030-01-01T00:00:00Z' });
  const api = {
    post: (url: string, body: unknown) => {
      calls.push(`POST ${url}`);
      if (url.endsWith('/complete')) return Promise.resolve({ received: Array.from(received), body });
      return Promise.resolve(session());
    },
    get: (url: string) => {
      calls.push(`GET ${url}`);
      return Promise.resolve(session());
    },
  } as unknown as ApiClient;
  /** `breakAfter`: the first PUT of the chunk starting there delivers only this many bytes, then the network fails. */
  const sender = (breakAt: { from: number; bytes: number } | null): ChunkSender => {
    let broken = false;
    return async (url, chunk, headers, onLoaded) => {
      const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(headers['Content-Range'] ?? '');
      if (!match) throw new Error('no range');
      calls.push(`PUT ${headers['Content-Range'] ?? ''}`);
      const from = Number(match[1]);
      if (from > receivedBytes) throw new ApiError({ status: 409, code: 'LEARN_UPLOAD_GAP', message: 'gap' });
      const bytes = new Uint8Array(await chunk.arrayBuffer());
      const deliver = breakAt && !broken && breakAt.from === from ? breakAt.bytes : bytes.length;
      received.set(bytes.subarray(0, deliver), from);
      receivedBytes = Math.max(receivedBytes, from + deliver);
      onLoaded(deliver);
      if (deliver < bytes.length) {
        broken = true;
        throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'offline' });
      }
      void url;
      return session();
    };
  };
  return { api, sender, calls };
}

function file(size: number): Blob & { name: string } {
  const bytes = new Uint8Array(size).map((_, i) => (i * 31) % 256);
  return Object.assign(new Blob([bytes]), { name: 'course.zip' });
}

describe('uploadInChunks', () => {
  it('sends the file in chunks with Content-Range, reports progress, and completes', async () => {
    const server = fakeServer(2500);
    const progress: UploadProgress[] = [];
    const result = (await uploadInChunks(server.api, file(2500), null, { sendChunk: server.sender(null), onProgress: (p) => progress.push(p), chunkBytes: 1000 })) as unknown as {
      received: number[];
    };
    expect(server.calls).toEqual([
      'POST /api/learn/package-uploads',
      'PUT bytes 0-999/2500',
      'PUT bytes 1000-1999/2500',
      'PUT bytes 2000-2499/2500',
      'POST /api/learn/package-uploads/u1/complete',
    ]);
    expect(result.received[2499]).toBe((2499 * 31) % 256);
    const sent = progress.map((p) => p.sentBytes);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ phase: 'importing', sentBytes: 2500, totalBytes: 2500 });
  });

  it('after a connection breaks mid-chunk, asks the server how far it got and resumes from there', async () => {
    const server = fakeServer(2500);
    const source = file(2500);
    const result = (await uploadInChunks(server.api, source, 'c1', {
      sendChunk: server.sender({ from: 1000, bytes: 300 }),
      onProgress: () => undefined,
      chunkBytes: 1000,
      retryDelayMs: 1,
    })) as unknown as { received: number[] };
    expect(server.calls).toEqual([
      'POST /api/learn/package-uploads',
      'PUT bytes 0-999/2500',
      'PUT bytes 1000-1999/2500',
      'GET /api/learn/package-uploads/u1',
      'PUT bytes 1300-2299/2500',
      'PUT bytes 2300-2499/2500',
      'POST /api/learn/package-uploads/u1/complete',
    ]);
    expect(result.received).toEqual(Array.from(new Uint8Array(await source.arrayBuffer())));
  });

  it('gives up at once on an answer that retrying cannot change', async () => {
    const server = fakeServer(100);
    const refusing: ChunkSender = () => Promise.reject(new ApiError({ status: 400, code: 'LEARN_UPLOAD_RANGE_INVALID', message: 'bad range' }));
    await expect(uploadInChunks(server.api, file(100), null, { sendChunk: refusing, onProgress: () => undefined, retryDelayMs: 1 })).rejects.toMatchObject({
      code: 'LEARN_UPLOAD_RANGE_INVALID',
    });
    expect(server.calls.filter((c) => c.startsWith('GET'))).toEqual([]);
  });
});
