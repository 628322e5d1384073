import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AppError } from './errors.js';

const WRITE_BATCH_BYTES = 1024 * 1024;

export type BodyOutcome =
  | { ok: true; bytes: number }
  /** The client went away (or the body broke off): `bytes` are on disk from `start` on. */
  | { ok: false; bytes: number; error: unknown };

/**
 * Streams a request body into `file` at offset `start`, about 1 MiB at a time (never more in
 * memory; the next bytes are read when the last are on disk). More than `maxBytes` stops the
 * copy with `tooLarge`; the rest of the body is left unread (the caller answers and closes the
 * connection). A body that breaks off is reported with the bytes that reached the disk, so a
 * resumable upload keeps them.
 */
export async function writeBodyToFile(
  body: Readable,
  file: string,
  options: { start: number; maxBytes: number; flags: 'wx' | 'r+'; tooLarge: () => AppError },
): Promise<BodyOutcome> {
  const handle = await open(file, options.flags);
  let written = 0;
  // Socket reads are small (16-64 kB); gathering up to 1 MiB per write saves most system calls.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const batch = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    let offset = 0;
    while (offset < batch.length) {
      const { bytesWritten } = await handle.write(batch, offset, batch.length - offset, options.start + written);
      offset += bytesWritten;
      written += bytesWritten;
    }
  };
  try {
    // destroyOnReturn: false — stopping early must not destroy the request, so the client still gets its answer.
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      if (written + pendingBytes + chunk.length > options.maxBytes) throw options.tooLarge();
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= WRITE_BATCH_BYTES) await flush();
    }
    await flush();
    return { ok: true, bytes: written };
  } catch (error) {
    if (error instanceof AppError) throw error;
    // What arrived before the break is good data at its place: keep it.
    await flush().catch(() => undefined);
    return { ok: false, bytes: written, error };
  } finally {
    await handle.close();
  }
}

/** The new bytes of a chunk, as a stream for the store, and what the body turned out to be once it has been read. */
export interface ChunkBytes {
  bytes: Readable;
  /** Valid once `bytes` has ended: every byte of the body (the skipped ones too), and whether it broke off. */
  outcome(): BodyOutcome;
  /** The error the stream failed with when the body was longer than allowed. */
  refusal(): AppError | undefined;
}

/**
 * The bytes of a chunk's body after its first `skip` bytes (those the upload has already), as a
 * stream that ends normally also when the body breaks off, so what arrived is stored and kept.
 * More than `maxBytes` in the body fails the stream with `tooLarge` (nothing is stored then).
 */
export function chunkBytesOf(body: Readable, options: { skip: number; maxBytes: number; tooLarge: () => AppError }): ChunkBytes {
  let seen = 0;
  let broken: { error: unknown } | undefined;
  let refused: AppError | undefined;
  async function* newBytes(): AsyncGenerator<Buffer> {
    try {
      // destroyOnReturn: false — stopping early must not destroy the request, so the client still gets its answer.
      for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
        if (seen + chunk.length > options.maxBytes) throw (refused = options.tooLarge());
        const from = Math.max(0, options.skip - seen);
        seen += chunk.length;
        if (from < chunk.length) yield from === 0 ? chunk : chunk.subarray(from);
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      // What arrived before the break is good data at its place: keep it.
      broken = { error };
    }
  }
  return {
    bytes: Readable.from(newBytes(), { objectMode: false }),
    outcome: () => (broken ? { ok: false, bytes: seen, error: broken.error } : { ok: true, bytes: seen }),
    refusal: () => refused,
  };
}

/** `bytes first-last/total` → the range, or undefined when the header is missing or malformed. */
export function parseContentRange(header: string | undefined): { first: number; last: number; total: number } | undefined {
  const match = /^bytes (\d{1,16})-(\d{1,16})\/(\d{1,16})$/.exec((header ?? '').trim());
  if (!match) return undefined;
  const [first, last, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (last < first || last >= total) return undefined;
  return { first, last, total };
}
