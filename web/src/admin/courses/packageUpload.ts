import type { ApiClient } from '../../shared/api';
import { ApiError } from '../../shared/api/errors';
import type { ImportResultView, UploadView } from '../../../../src/learn/courses/courses.contract';
import { UPLOAD_CHUNK_BYTES } from '../../../../src/learn/courses/courses.contract';

export interface UploadProgress {
  phase: 'sending' | 'importing';
  sentBytes: number;
  totalBytes: number;
}

/** Sends one chunk (PUT with Content-Range) and reports the bytes of it sent so far; answers the session. */
export type ChunkSender = (
  url: string,
  chunk: Blob,
  headers: Record<string, string>,
  onLoaded: (loaded: number) => void,
  signal: AbortSignal | undefined,
) => Promise<UploadView>;

const RETRIES_PER_CHUNK = 3;
/** Waits for the rate limit per chunk (a fast link can send more chunks a minute than the limit allows). */
const RATE_LIMIT_WAITS_PER_CHUNK = 30;

function retriable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.code === 'LEARN_PACKAGE_INCOMPLETE' || error.code === 'LEARN_UPLOAD_GAP');
}

/**
 * The resumable upload protocol from the browser: start a session, send the file in chunks
 * (`Content-Range: bytes first-last/total`), and complete it. When a chunk fails on the way
 * (network, a broken-off body, a gap), the client asks the server how many bytes arrived and
 * goes on from there, a few times per chunk, before giving up.
 */
export async function uploadInChunks(
  api: ApiClient,
  file: Blob & { name: string },
  courseId: string | null,
  options: { onProgress: (progress: UploadProgress) => void; sendChunk: ChunkSender; signal?: AbortSignal; chunkBytes?: number; retryDelayMs?: number },
): Promise<ImportResultView> {
  const chunkBytes = options.chunkBytes ?? UPLOAD_CHUNK_BYTES;
  const { signal } = options;
  const session = await api.post<UploadView>('/api/learn/package-uploads', { fileName: file.name, totalBytes: file.size, courseId });
  const url = `/api/learn/package-uploads/${encodeURIComponent(session.id)}`;
  let sent = 0;
  let failures = 0;
  let throttled = 0;
  options.onProgress({ phase: 'sending', sentBytes: 0, totalBytes: file.size });
  while (sent < file.size) {
    const from = sent;
    const end = Math.min(file.size, from + chunkBytes);
    try {
      const answer = await options.sendChunk(
        url,
        file.slice(from, end),
        { 'Content-Type': 'application/octet-stream', 'Content-Range': `bytes ${String(from)}-${String(end - 1)}/${String(file.size)}` },
        (loaded) => {
          options.onProgress({ phase: 'sending', sentBytes: from + loaded, totalBytes: file.size });
        },
        signal,
      );
      sent = answer.receivedBytes;
      failures = 0;
      throttled = 0;
    } catch (error) {
      if (error instanceof ApiError && error.status === 429 && ++throttled <= RATE_LIMIT_WAITS_PER_CHUNK) {
        await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 1000) * 2));
        continue;
      }
      if (!retriable(error) || ++failures > RETRIES_PER_CHUNK) throw error;
      await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 1000) * failures));
      sent = (await api.get<UploadView>(url, signal ? { signal } : {})).receivedBytes;
    }
  }
  options.onProgress({ phase: 'importing', sentBytes: file.size, totalBytes: file.size });
  return api.post<ImportResultView>(`${url}/complete`, {}, signal ? { signal } : {});
}
