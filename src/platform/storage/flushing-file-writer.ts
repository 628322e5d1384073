import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

/** Written bytes after which the disk is asked to flush them, on the side. */
const FLUSH_BYTES = 4 * 1024 * 1024;

/**
 * Writes a new file and makes it durable before it finishes: every FLUSH_BYTES it asks the disk
 * to flush what was written so far (fdatasync, without waiting for it), so the disk works while
 * the writer goes on, and the fsync at the end has little left to wait for. The file is closed
 * when the stream is destroyed (also after it finished).
 */
export class FlushingFileWriter extends Writable {
  private unflushed = 0;
  private flushing: Promise<void> = Promise.resolve();
  private flushError: unknown;

  constructor(
    private readonly handle: FileHandle,
    highWaterMark: number,
  ) {
    super({ highWaterMark });
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.writeAll(chunks.map(({ chunk }) => chunk)).then(() => callback(), callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeAll([chunk]).then(() => callback(), callback);
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
    this.flushing
      .then(() => {
        if (this.flushError !== undefined) throw this.flushError;
        return this.handle.sync();
      })
      .then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.flushing.then(() => this.handle.close()).then(() => callback(error), () => callback(error));
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
