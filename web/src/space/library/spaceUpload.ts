import type { ApiClient } from '../../shared/api';
import { ApiError } from '../../shared/api/errors';
import { SPACE_UPLOAD_CHUNK_BYTES, SPACE_UPLOAD_CHUNKS_IN_FLIGHT } from '../../../../src/space/library/library.contract';
import type { ItemView, SpaceUploadView } from '../space.api';

export interface SpaceUploadProgress {
  phase: 'sending' | 'completing';
  /** Bytes the server has acknowledged (not merely sent). */
  receivedBytes: number;
  totalBytes: number;
}

/** Sends one chunk (PUT with Content-Range) and answers the upload as the server has it after that chunk. */
export type SpaceChunkSender = (url: string, chunk: Blob, contentRange: string, signal: AbortSignal | undefined) => Promise<SpaceUploadView>;

/** Where a new file goes (a folder; null: the top), or which file gets a new version. */
export type UploadTarget = { folderId: string | null } | { itemId: string };

const RETRIES_PER_CHUNK = 3;
/** Waits for the rate limit per chunk (a fast link can send more chunks a minute than the limit allows). */
const RATE_LIMIT_WAITS_PER_CHUNK = 30;

/** Failures after which asking the server how far it got and going on from there may succeed. */
function retriable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500 || error.code === 'SPACE_UPLOAD_GAP' || error.code === 'SPACE_UPLOAD_RANGE_INVALID');
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('aborted', 'AbortError'));
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
}

export const uploadUrl = (id: string) => `/api/space/uploads/${encodeURIComponent(id)}`;

export function startSpaceUpload(api: ApiClient, file: { name: string; size: number }, target: UploadTarget): Promise<SpaceUploadView> {
  return api.post<SpaceUploadView>('/api/space/uploads', {
    fileName: file.name,
    totalBytes: file.size,
    folderId: 'folderId' in target ? target.folderId : null,
    itemId: 'itemId' in target ? target.itemId : null,
  });
}

/** Abandons an upload (the server drops what it received). */
export async function cancelSpaceUpload(api: ApiClient, id: string): Promise<void> {
  await api.delete<undefined>(uploadUrl(id));
}

/**
 * The resumable upload from the browser: start an upload (or go on with `uploadId`, from the bytes
 * the server already has), send the file in chunks (`Content-Range: bytes first-last/total`), two
 * on their way at once, and complete it into a file of the library. When a chunk fails on the way
 * (network, a broken-off body, a gap), the client lets the others finish, asks the server how many
 * bytes arrived without a gap and goes on from there, a few times in a row, before giving up.
 * Progress counts the bytes the server acknowledged.
 */
export async function uploadToSpace(
  api: ApiClient,
  file: Blob & { name: string },
  target: UploadTarget,
  options: {
    onProgress: (progress: SpaceUploadProgress) => void;
    /** Called with the upload's id once the server has it (to cancel it, or to go on with it later). */
    onStarted?: (uploadId: string) => void;
    sendChunk: SpaceChunkSender;
    uploadId?: string | undefined;
    signal?: AbortSignal | undefined;
    chunkBytes?: number;
    inFlight?: number;
    retryDelayMs?: number;
  },
): Promise<ItemView> {
  const chunkBytes = options.chunkBytes ?? SPACE_UPLOAD_CHUNK_BYTES;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const { signal } = options;
  const requestOptions = signal ? { signal } : {};
  // Going on with an upload only while it takes bytes; one that has expired or failed starts over.
  const resumed = options.uploadId ? await api.get<SpaceUploadView>(uploadUrl(options.uploadId), requestOptions).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'SPACE_UPLOAD_NOT_FOUND') return null;
    throw error;
  }) : null;
  const upload = resumed?.status === 'receiving' ? resumed : await startSpaceUpload(api, file, target);
  options.onStarted?.(upload.id);
  const url = uploadUrl(upload.id);
  const inFlight = options.inFlight ?? SPACE_UPLOAD_CHUNKS_IN_FLIGHT;
  let received = upload.receivedBytes;
  let next = received;
  let failures = 0;
  let throttled = 0;
  /** What went wrong with chunks on their way (set in their callbacks). */
  const failed: unknown[] = [];
  const sending = new Set<Promise<void>>();
  const report = (receivedBytes: number) => {
    // Answers may arrive out of order: the bytes acknowledged only ever grow.
    received = Math.max(received, receivedBytes);
    options.onProgress({ phase: 'sending', receivedBytes: received, totalBytes: file.size });
  };
  options.onProgress({ phase: 'sending', receivedBytes: received, totalBytes: file.size });
  while (received < file.size) {
    // The next chunks go out while the server still stores the last ones.
    while (failed.length === 0 && next < file.size && sending.size < inFlight) {
      const from = next;
      const end = Math.min(file.size, from + chunkBytes);
      next = end;
      const request: Promise<void> = options
        .sendChunk(url, file.slice(from, end), `bytes ${String(from)}-${String(end - 1)}/${String(file.size)}`, signal)
        .then(
          (answer) => {
            failures = 0;
            throttled = 0;
            report(answer.receivedBytes);
          },
          (error: unknown) => {
            failed.push(error);
          },
        )
        .finally(() => sending.delete(request));
      sending.add(request);
    }
    if (sending.size > 0) {
      await Promise.race(sending);
      continue;
    }
    // Every chunk went out, yet bytes are missing (a failure, or a part the server did not keep):
    // ask how far it got and go on from there.
    const error = failed.length > 0 ? failed[0] : new ApiError({ status: 0, code: 'SPACE_UPLOAD_INCOMPLETE', message: 'bytes missing' });
    failed.length = 0;
    if (error instanceof ApiError && error.status === 429 && ++throttled <= RATE_LIMIT_WAITS_PER_CHUNK) {
      await wait(retryDelayMs * 2, signal);
    } else {
      if (!retriable(error) || ++failures > RETRIES_PER_CHUNK) throw error;
      await wait(retryDelayMs * failures, signal);
    }
    report((await api.get<SpaceUploadView>(url, requestOptions)).receivedBytes);
    next = received;
  }
  options.onProgress({ phase: 'completing', receivedBytes: file.size, totalBytes: file.size });
  return api.post<ItemView>(`${url}/complete`, {}, requestOptions);
}

/** The share of an upload the server acknowledged, in whole percent (100 only when every byte is there). */
export function uploadPercent(progress: Pick<SpaceUploadProgress, 'receivedBytes' | 'totalBytes'>): number {
  if (progress.totalBytes <= 0) return 0;
  return Math.min(100, Math.floor((progress.receivedBytes / progress.totalBytes) * 100));
}
