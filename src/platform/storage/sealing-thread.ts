import { existsSync } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BlobSealer } from './blob-codec.js';
import { giveBackWhenWritten } from './written-buffers.js';

/** What the main thread asks of the sealing thread (sealing-worker.ts). */
export type SealingRequest =
  | { id: number; op: 'open'; key: Uint8Array; tenantId: string }
  /** The next plain bytes: the first `lengths[i]` bytes of each part, in order. */
  | { id: number; op: 'write'; parts: ArrayBuffer[]; lengths: number[] }
  | { id: number; op: 'end' }
  | { id: number; op: 'drop' }
  /** Output buffers this thread has written, back for the next outputs. */
  | { id: 0; op: 'outputs'; buffers: ArrayBuffer[] };

/**
 * What it answers: each write's sealed bytes (the first `length` bytes of `bytes`), then the
 * end's with the plain bytes' hash and size. `spent`: batch buffers of this thread that the
 * sealing no longer holds, back for the next batches.
 */
export type SealingReply =
  | { id: number; op: 'sealed'; bytes?: ArrayBuffer; length: number; spent: ArrayBuffer[] }
  | { id: number; op: 'finished'; hash: string; size: number; bytes?: ArrayBuffer; length: number; spent: ArrayBuffer[] }
  | { id: number; op: 'failed'; message: string };

/** Plain bytes handed over at once: few messages, little held. */
export const SEALING_BATCH_BYTES = 1024 * 1024;
/** Batches of one sealing handed over and not yet sealed before its writer waits. */
const BATCHES_IN_FLIGHT = 4;
/**
 * Plain bytes handed to the sealing thread and not yet sealed, over all sealings of the process:
 * many uploads at once wait their turn instead of queueing ever more memory for the thread.
 * Four uploads of the web app (three chunks on their way each) fit without waiting.
 */
export const SEALING_BACKLOG_MAX_BYTES = 16 * 1024 * 1024;
/** Batch buffers back from the thread kept for the next batches (fresh memory costs a page fault per 4 KiB on first write). */
const SPARE_BATCHES = 8;
/** A buffer handed over as it is (no copy) when it has at least this many bytes; smaller ones are copied into a batch. */
const HAND_OVER_MIN_BYTES = 8 * 1024;

interface SealingThreadOptions {
  /** At most this many plain bytes handed over and not yet sealed (one batch always goes, so a lone sealing never stalls). */
  backlogMaxBytes?: number;
}

/** A sealing waiting for room in the backlog, and what it does once it has it. */
interface Waiter {
  id: number;
  bytes: number;
  granted: () => void;
}

/** Plain bytes gathered for one write to the thread. */
interface Batch {
  parts: ArrayBuffer[];
  lengths: number[];
  bytes: number;
}

/**
 * One worker thread that seals (encrypts and hashes) large blobs, so that the event loop, which
 * also reads the upload from its socket, does half the work: on a machine with a core to spare an
 * upload goes faster, and the other requests are not kept waiting behind its encryption.
 */
export class SealingThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly listeners = new Map<number, (reply: SealingReply) => void>();
  private readonly backlogMaxBytes: number;
  /** Plain bytes handed over and not yet sealed, by sealing, in the order they were sent. */
  private readonly handedOver = new Map<number, number[]>();
  private backlogBytes = 0;
  private peakBacklogBytes = 0;
  private waited = 0;
  private readonly waiters: Waiter[] = [];
  private readonly spare: ArrayBuffer[] = [];

  constructor(options: SealingThreadOptions = {}) {
    this.backlogMaxBytes = options.backlogMaxBytes ?? SEALING_BACKLOG_MAX_BYTES;
  }

  /** Plain bytes handed over and not yet sealed now and the most there ever were; how many sealings wait for room now, and how often one had to. */
  backlog(): { bytes: number; peak: number; waiting: number; waited: number } {
    return { bytes: this.backlogBytes, peak: this.peakBacklogBytes, waiting: this.waiters.length, waited: this.waited };
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const compiled = new URL('./sealing-worker.js', import.meta.url);
    const worker = existsSync(fileURLToPath(compiled)) ? new Worker(compiled) : sourceWorker(new URL('./sealing-worker.ts', import.meta.url));
    worker.on('message', (reply: SealingReply) => this.answered(reply));
    const stopped = (message: string) => {
      if (this.worker === worker) this.worker = undefined;
      const listeners = [...this.listeners];
      this.listeners.clear();
      this.handedOver.clear();
      this.waiters.length = 0;
      this.backlogBytes = 0;
      worker.unref();
      for (const [id, listener] of listeners) listener({ id, op: 'failed', message });
    };
    worker.on('error', (error) => stopped(`the sealing thread failed: ${error.message}`));
    worker.on('exit', (code) => stopped(`the sealing thread stopped (${code})`));
    // Idle, the thread does not keep the process alive (listeners added later would, so this comes last).
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private answered(reply: SealingReply): void {
    if (reply.op !== 'failed') for (const buffer of reply.spent) if (buffer.byteLength === SEALING_BATCH_BYTES && this.spare.length < SPARE_BATCHES) this.spare.push(buffer);
    const listener = this.listeners.get(reply.id);
    if (!listener) return;
    this.release(reply.id, reply.op === 'sealed' ? 1 : undefined);
    listener(reply);
  }

  /** While a sealing is open the thread keeps the process alive (a command waiting on a put must not end under it); idle, it does not. */
  private settle(): void {
    if (this.listeners.size > 0) this.worker?.ref();
    else this.worker?.unref();
  }

  open(key: Buffer, tenantId: string, listener: (reply: SealingReply) => void): number {
    const id = this.nextId++;
    this.listeners.set(id, (reply) => {
      if (reply.op !== 'sealed') {
        this.listeners.delete(id);
        this.settle();
      }
      listener(reply);
    });
    this.handedOver.set(id, []);
    this.post({ id, op: 'open', key: new Uint8Array(key), tenantId });
    this.settle();
    return id;
  }

  /** A buffer for the next batch: one back from the thread when there is one. */
  batchBuffer(): Buffer {
    const spare = this.spare.pop();
    return spare ? Buffer.from(spare) : Buffer.allocUnsafeSlow(SEALING_BATCH_BYTES);
  }

  /**
   * Calls `granted` once `bytes` more fit in the backlog (at once when they do): in turn, so no
   * sealing is passed over for long. When nothing is handed over, anything fits.
   */
  whenRoom(id: number, bytes: number, granted: () => void): void {
    if (this.waiters.length === 0 && this.fits(bytes)) {
      granted();
      return;
    }
    this.waited++;
    this.waiters.push({ id, bytes, granted });
  }

  private fits(bytes: number): boolean {
    return this.backlogBytes === 0 || this.backlogBytes + bytes <= this.backlogMaxBytes;
  }

  /** Hands a batch over (its buffers move to the thread); its bytes count in the backlog until they are sealed. */
  write(id: number, batch: Batch): void {
    const handed = this.handedOver.get(id);
    if (!handed) return;
    handed.push(batch.bytes);
    this.backlogBytes += batch.bytes;
    this.peakBacklogBytes = Math.max(this.peakBacklogBytes, this.backlogBytes);
    this.running().postMessage({ id, op: 'write', parts: batch.parts, lengths: batch.lengths } satisfies SealingRequest, batch.parts);
  }

  post(request: Exclude<SealingRequest, { op: 'write' | 'outputs' }>): void {
    this.running().postMessage(request);
  }

  /** An output buffer written out: back to the thread (it leaves this heap at once, and the thread fills it again). */
  giveBack(buffer: ArrayBuffer): void {
    this.worker?.postMessage({ id: 0, op: 'outputs', buffers: [buffer] } satisfies SealingRequest, [buffer]);
  }

  /** The first `count` batches of the sealing were sealed (all of them, without a count): their bytes leave the backlog. */
  private release(id: number, count?: number): void {
    const handed = this.handedOver.get(id);
    if (handed) {
      for (const bytes of handed.splice(0, count ?? handed.length)) this.backlogBytes -= bytes;
      if (count === undefined) this.handedOver.delete(id);
    }
    while (this.waiters.length > 0 && this.fits(this.waiters[0]!.bytes)) this.waiters.shift()!.granted();
  }

  drop(id: number): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) if (this.waiters[i]!.id === id) this.waiters.splice(i, 1);
    if (!this.listeners.delete(id)) return;
    this.worker?.postMessage({ id, op: 'drop' } satisfies SealingRequest);
    this.release(id);
    this.settle();
  }

  /** Ends the thread (a thread of a test's own; the process's one lives as long as the process). */
  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}

/** Run from the TypeScript sources (tests, `npm run dev`): the thread loads them through tsx, as the process does. */
function sourceWorker(entry: URL): Worker {
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true });
}

let processThread: SealingThread | undefined;

/** Whether `data` is the whole of a buffer of its own (not a slice of a pool or of a larger buffer), so it can move to the thread. */
function ownsItsBuffer(data: Buffer): boolean {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
}

/** The sealing as a stream, on the sealing thread; the same bytes as `createSealer`'s. */
class ThreadedSealer extends Transform implements BlobSealer {
  private readonly id: number;
  /** The plain bytes gathered for the next write to the thread. */
  private gathered: Batch = { parts: [], lengths: [], bytes: 0 };
  /** The batch buffer being filled with copies of pieces that are not handed over. */
  private copies: Buffer | undefined;
  private copiedBytes = 0;
  /** A full batch (or the last one) waiting to be handed over. */
  private ready: Batch | undefined;
  private asking = false;
  private inFlight = 0;
  /** The write that waits for a batch to be handed over or come back. */
  private waiting: (() => void) | undefined;
  private finishing: TransformCallback | undefined;
  private ending = false;
  private result: { hash: string; size: number } | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly thread: SealingThread,
    key: Buffer,
    tenantId: string,
    /** The buffers written are the sealer's to move to the thread (nothing reads or reuses them afterwards). */
    private readonly handOver: boolean,
  ) {
    super();
    this.id = thread.open(key, tenantId, (reply) => this.answered(reply));
  }

  plain(): { hash: string; size: number } {
    if (this.result === undefined) throw new Error('the sealer has not finished');
    return this.result;
  }

  private answered(reply: SealingReply): void {
    if (reply.op === 'failed') {
      this.failure = new Error(reply.message);
      const waiting = this.waiting;
      const finishing = this.finishing;
      this.waiting = this.finishing = undefined;
      if (finishing) finishing(this.failure);
      else if (!waiting) this.destroy(this.failure);
      // A write waiting for the thread goes on into _transform, which reports the failure.
      waiting?.();
      return;
    }
    const { bytes } = reply;
    if (bytes && reply.length > 0 && !this.destroyed) {
      const sealed = Buffer.from(bytes, 0, reply.length);
      giveBackWhenWritten(sealed, () => this.thread.giveBack(bytes));
      this.push(sealed);
    }
    if (reply.op === 'finished') {
      this.result = { hash: reply.hash, size: reply.size };
      const finishing = this.finishing;
      this.finishing = undefined;
      finishing?.();
      return;
    }
    this.inFlight--;
    this.handOverReady();
  }

  /** Hands the ready batch over once the sealing has fewer than BATCHES_IN_FLIGHT out and the thread's backlog has room; then lets the writer go on. */
  private handOverReady(): void {
    if (this.failure || this.destroyed) return;
    if (this.ready && !this.asking && this.inFlight < BATCHES_IN_FLIGHT) {
      this.asking = true;
      this.thread.whenRoom(this.id, this.ready.bytes, () => {
        this.asking = false;
        if (!this.ready || this.failure || this.destroyed) return;
        this.inFlight++;
        this.thread.write(this.id, this.ready);
        this.ready = undefined;
        this.handOverReady();
      });
      return;
    }
    if (this.ready || this.asking) return;
    if (this.ending) {
      this.ending = false;
      this.thread.post({ id: this.id, op: 'end' });
      return;
    }
    if (this.inFlight >= BATCHES_IN_FLIGHT) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  /** The copies so far become a part of the batch (its buffer moves with it). */
  private closeCopies(): void {
    if (this.copiedBytes === 0) return;
    this.gather(this.copies!.buffer as ArrayBuffer, this.copiedBytes);
    this.copies = undefined;
    this.copiedBytes = 0;
  }

  private gather(part: ArrayBuffer, length: number): void {
    this.gathered.parts.push(part);
    this.gathered.lengths.push(length);
    this.gathered.bytes += length;
  }

  private batchReady(): void {
    this.ready = this.gathered;
    this.gathered = { parts: [], lengths: [], bytes: 0 };
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.takeFrom(data, 0, done);
  }

  /** Takes `data` from `offset` on into batches; `done` once it is all taken and the thread may have more. */
  private takeFrom(data: Buffer, offset: number, done: TransformCallback): void {
    if (this.failure) {
      done(this.failure);
      return;
    }
    if (this.handOver && offset === 0 && data.length >= HAND_OVER_MIN_BYTES && ownsItsBuffer(data) && !this.gathered.parts.includes(data.buffer as ArrayBuffer)) {
      // Moved to the thread as it is: no copy on this thread.
      this.closeCopies();
      this.gather(data.buffer as ArrayBuffer, data.length);
      offset = data.length;
    }
    while (offset < data.length) {
      this.copies ??= this.thread.batchBuffer();
      const copied = data.copy(this.copies, this.copiedBytes, offset);
      this.copiedBytes += copied;
      offset += copied;
      if (this.copiedBytes === SEALING_BATCH_BYTES) this.closeCopies();
      if (this.gathered.bytes >= SEALING_BATCH_BYTES && offset < data.length) {
        // The rest of this write goes on once the batch is handed over.
        this.batchReady();
        this.waiting = () => this.takeFrom(data, offset, done);
        this.handOverReady();
        return;
      }
    }
    if (this.gathered.bytes >= SEALING_BATCH_BYTES) this.batchReady();
    this.waiting = () => done(this.failure);
    this.handOverReady();
  }

  override _flush(done: TransformCallback): void {
    if (this.failure) {
      done(this.failure);
      return;
    }
    this.closeCopies();
    if (this.gathered.bytes > 0) this.batchReady();
    this.finishing = done;
    this.ending = true;
    this.handOverReady();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (!this.result) this.thread.drop(this.id);
    done(error);
  }
}

/**
 * A sealer (`createSealer`'s bytes) that does its work on the process's sealing thread (or on
 * `thread`). `handOver`: the buffers written to it are its to keep (read from a socket, held by
 * nothing else), so whole ones move to the thread as they are instead of being copied.
 */
export function createThreadedSealer(key: Buffer, tenantId: string, options: { handOver?: boolean; thread?: SealingThread } = {}): BlobSealer {
  return new ThreadedSealer(options.thread ?? (processThread ??= new SealingThread()), key, tenantId, options.handOver ?? false);
}
