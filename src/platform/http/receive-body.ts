import { open } from 'node:fs/promises';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { finished, Readable } from 'node:stream';
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
  /**
   * Whether the buffers of `bytes` are the store's to keep (`PutOptions.handOver`): a body read
   * from a socket, where Node's HTTP parser gives every piece a buffer of its own that nothing
   * else holds. Not a body given by a caller (inject), whose buffers are the caller's.
   */
  handOver: boolean;
}

/**
 * The new bytes of a chunk: the body's buffers passed on as they arrive (the first `skip` bytes
 * left out), with the body paused while the reader is behind. One stream and no promise per
 * buffer: an upload's bytes cross the event loop once, on their way to the sealing thread.
 */
class ChunkBytesStream extends Readable {
  seen = 0;
  broken: { error: unknown } | undefined;
  refused: AppError | undefined;
  /** The body has ended, broken off or been refused: nothing more is taken from it. */
  private settled = false;
  private readonly stopWatching: () => void;

  constructor(
    private readonly body: Readable,
    private readonly options: { skip: number; maxBytes: number; tooLarge: () => AppError },
  ) {
    // Room for a few socket reads, so the body is not paused and resumed on every one.
    super({ highWaterMark: 256 * 1024 });
    body.on('data', this.onData);
    body.on('end', this.onEnd);
    this.stopWatching = finished(body, { writable: false }, (error) => {
      // What arrived before the break is good data at its place: the stream ends normally, so it is kept.
      if (error) this.settle({ error });
    });
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.settled) return;
    if (this.seen + chunk.length > this.options.maxBytes) {
      this.refused = this.options.tooLarge();
      // The rest of the body is left unread (not destroyed), so the client still gets its answer.
      this.stop();
      this.destroy(this.refused);
      return;
    }
    const from = Math.max(0, this.options.skip - this.seen);
    this.seen += chunk.length;
    if (from < chunk.length && !this.push(from === 0 ? chunk : chunk.subarray(from))) this.body.pause();
  };

  private readonly onEnd = (): void => this.settle();

  private stop(): void {
    this.settled = true;
    this.body.off('data', this.onData);
    this.body.off('end', this.onEnd);
    this.stopWatching();
    this.body.pause();
  }

  private settle(broken?: { error: unknown }): void {
    if (this.settled) return;
    this.broken = broken;
    this.stop();
    this.push(null);
  }

  override _read(): void {
    if (!this.settled) this.body.resume();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    // The reader gave up (the store failed): the body is left as it is, for the caller to answer.
    if (!this.settled) this.stop();
    done(error);
  }
}

/**
 * The bytes of a chunk's body after its first `skip` bytes (those the upload has already), as a
 * stream that ends normally also when the body breaks off, so what arrived is stored and kept.
 * More than `maxBytes` in the body fails the stream with `tooLarge` (nothing is stored then).
 */
export function chunkBytesOf(body: Readable, options: { skip: number; maxBytes: number; tooLarge: () => AppError }): ChunkBytes {
  const stream = new ChunkBytesStream(body, options);
  return {
    bytes: stream,
    outcome: () => (stream.broken ? { ok: false, bytes: stream.seen, error: stream.broken.error } : { ok: true, bytes: stream.seen }),
    refusal: () => stream.refused,
    handOver: body instanceof IncomingMessage && body.socket instanceof Socket,
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
