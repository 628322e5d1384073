import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { written } from './written-buffers.js';

/** Written bytes after which the disk is asked to flush them, on the side. */
const FLUSH_BYTES = 4 * 1024 * 1024;
/** At most this many buffers per writev (below every platform's IOV_MAX). */
const BUFFERS_PER_WRITE = 512;

/**
 * Writes a new file and makes it durable before it finishes.
 *
 * It takes up to `window` bytes ahead of the disk and writes them on its own, so the producer goes
 * on (sealing the next chunks) while the file system writes the last ones: a plain Writable
 * would hold the producer until its whole buffer is written, and the two would take turns. Every
 * FLUSH_BYTES it asks the disk to flush what was written so far (fdatasync, without waiting for
 * it), so the fsync at the end has little left to wait for. The file is closed when the stream is
 * destroyed (also after it finished).
 */
export class FlushingFileWriter extends Writable {
  private readonly queue: Buffer[] = [];
  /** Bytes taken and not yet written. */
  private queued = 0;
  private writing: Promise<void> | undefined;
  /** The callback of the write that found the window full: called once there is room again. */
  private heldBack: ((error?: Error | null) => void) | undefined;
  private writeError: Error | undefined;
  private unflushed = 0;
  private flushing: Promise<void> = Promise.resolve();
  private flushError: unknown;

  constructor(
    private readonly handle: FileHandle,
    private readonly window: number,
  ) {
    super({ highWaterMark: window });
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.take(
      chunks.map(({ chunk }) => chunk),
      callback,
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.take([chunk], callback);
  }

  private take(buffers: Buffer[], callback: (error?: Error | null) => void): void {
    if (this.writeError) return callback(this.writeError);
    for (const buffer of buffers) {
      this.queue.push(buffer);
      this.queued += buffer.length;
    }
    this.writing ??= this.writeQueue();
    if (this.queued < this.window) callback();
    else this.heldBack = callback;
  }

  /** Writes what is queued, in order, a batch per writev, until the queue is empty or a write fails. */
  private async writeQueue(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.writeError) {
        const batch = this.queue.splice(0, BUFFERS_PER_WRITE);
        try {
          await this.writeAll(batch);
        } catch (error) {
          this.writeError = error instanceof Error ? error : new Error(String(error));
        }
        for (const buffer of batch) {
          this.queued -= buffer.length;
          written(buffer);
        }
        this.release();
      }
    } finally {
      this.writing = undefined;
      this.release();
    }
  }

  /** Lets a held-back producer go on once there is room (or tells it the write failed). */
  private release(): void {
    const callback = this.heldBack;
    if (!callback || (this.queued >= this.window && !this.writeError)) return;
    this.heldBack = undefined;
    callback(this.writeError ?? null);
  }

  private async writeAll(buffers: Buffer[]): Promise<void> {
    let left = buffers;
    while (left.length > 0) {
      const { bytesWritten } = await this.handle.writev(left);
      this.unflushed += bytesWritten;
      left = rest(left, bytesWritten);
    }
    if (this.unflushed >= FLUSH_BYTES) {
      this.unflushed = 0;
      this.flushing = this.flushing.then(() => this.handle.datasync()).catch((error: unknown) => void (this.flushError ??= error));
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    Promise.resolve(this.writing)
      .then(() => this.flushing)
      .then(() => {
        if (this.writeError) throw this.writeError;
        if (this.flushError !== undefined) throw this.flushError;
        return this.handle.sync();
      })
      .then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Nothing more is written once the stream is destroyed; what is under way finishes first.
    for (const buffer of this.queue.splice(0)) written(buffer);
    Promise.resolve(this.writing)
      .then(() => this.flushing)
      .then(() => this.handle.close())
      .then(
        () => callback(error),
        () => callback(error),
      );
  }
}

/** What is left of `buffers` after their first `bytes` were written. */
function rest(buffers: Buffer[], bytes: number): Buffer[] {
  let skip = bytes;
  let index = 0;
  while (index < buffers.length && skip >= buffers[index]!.length) skip -= buffers[index++]!.length;
  if (index === buffers.length) return [];
  return [buffers[index]!.subarray(skip), ...buffers.slice(index + 1)];
}
