import { useCallback, useRef, useState } from 'react';
import { api } from '../../shared/api';
import { sendSpaceChunk, type ItemView } from '../space.api';
import { cancelSpaceUpload, uploadToSpace, type SpaceUploadProgress, type UploadTarget } from './spaceUpload';

export type UploadStatus = 'sending' | 'completing' | 'done' | 'failed' | 'cancelled';

export interface UploadEntry {
  key: number;
  name: string;
  status: UploadStatus;
  progress: SpaceUploadProgress;
  error: unknown;
}

interface Running {
  file: File;
  target: UploadTarget;
  uploadId: string | undefined;
  controller: AbortController | null;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * The uploads started on a page: each file on its way with the bytes the server acknowledged,
 * cancelled (the server drops what it has), or tried again from where it stopped.
 */
export function useUploads(onUploaded: (item: ItemView) => void) {
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const running = useRef(new Map<number, Running>());
  const nextKey = useRef(1);

  const update = useCallback((key: number, change: Partial<UploadEntry>) => {
    setEntries((all) => all.map((entry) => (entry.key === key ? { ...entry, ...change } : entry)));
  }, []);

  const run = useCallback(
    (key: number) => {
      const upload = running.current.get(key);
      if (!upload) return;
      const controller = new AbortController();
      upload.controller = controller;
      update(key, { status: 'sending', error: null });
      uploadToSpace(api, upload.file, upload.target, {
        sendChunk: sendSpaceChunk,
        uploadId: upload.uploadId,
        signal: controller.signal,
        onStarted: (id) => {
          upload.uploadId = id;
        },
        onProgress: (progress) => {
          update(key, { progress, status: progress.phase === 'completing' ? 'completing' : 'sending' });
        },
      })
        .then((item) => {
          running.current.delete(key);
          update(key, { status: 'done', progress: { phase: 'completing', receivedBytes: upload.file.size, totalBytes: upload.file.size } });
          onUploaded(item);
        })
        .catch((error: unknown) => {
          upload.controller = null;
          if (isAbort(error)) return;
          update(key, { status: 'failed', error });
        });
    },
    [onUploaded, update],
  );

  const add = useCallback(
    (files: readonly File[], target: UploadTarget) => {
      const added: UploadEntry[] = files.map((file) => {
        const key = nextKey.current++;
        running.current.set(key, { file, target, uploadId: undefined, controller: null });
        return { key, name: file.name, status: 'sending', progress: { phase: 'sending', receivedBytes: 0, totalBytes: file.size }, error: null };
      });
      setEntries((all) => [...all, ...added]);
      for (const entry of added) run(entry.key);
    },
    [run],
  );

  const cancel = useCallback(
    (key: number) => {
      const upload = running.current.get(key);
      if (!upload) return;
      upload.controller?.abort();
      running.current.delete(key);
      if (upload.uploadId) void cancelSpaceUpload(api, upload.uploadId).catch(() => undefined);
      update(key, { status: 'cancelled', error: null });
    },
    [update],
  );

  const dismissFinished = useCallback(() => {
    setEntries((all) => all.filter((entry) => entry.status === 'sending' || entry.status === 'completing' || entry.status === 'failed'));
  }, []);

  return { entries, add, cancel, retry: run, dismissFinished };
}
