import { existsSync } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BlobSealer } from './blob-codec.js';

/** What the main thread asks of the sealing thread (sealing-worker.ts). */
export type SealingRequest =
  | { id: number; op: 'open'; key: Uint8Array; tenantId: string }
  | { id: number; op: 'write'; bytes: ArrayBuffer; length: number }
  | { id: number; op: 'end' }
  | { id: number; op: 'drop' };

/** What it answers: each write's sealed bytes, then the end's with the plain bytes' hash and size. */
export type SealingReply =
  | { id: number; op: 'sealed'; bytes?: ArrayBuffer }
  | { id: number; op: 'finished'; hash: string; size: number; bytes?: ArrayBuffer }
  | { id: number; op: 'failed'; message: string };

/** Plain bytes handed over at once: few messages, little held. */
const BATCH_BYTES = 1024 * 1024;
/** Batches handed over and not yet sealed before the writer waits. */
const BATCHES_IN_FLIGHT = 4;

/**
 * One worker thread that seals (encrypts and hashes) large blobs, so that the event loop, which
 * also reads the upload from its socket, does half the work: on a machine with a core to spare an
 * upload goes faster, and the other requests are not kept waiting behind its encryption.
 */
class SealingThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly listeners = new Map<number, (reply: SealingReply) => void>();

  private running(): Worker {
    if (this.worker) return this.worker;
    const compiled = new URL('./sealing-worker.js', import.meta.url);
    const worker = existsSync(fileURLToPath(compiled)) ? new Worker(compiled) : sourceWorker(new URL('./sealing-worker.ts', import.meta.url));
    worker.on('message', (reply: SealingReply) => this.listeners.get(reply.id)?.(reply));
    const stopped = (message: string) => {
      if (this.worker === worker) this.worker = undefined;
      const listeners = [...this.listeners];
      this.listeners.clear();
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
    this.post({ id, op: 'open', key: new Uint8Array(key), tenantId });
    this.settle();
    return id;
  }

  post(request: SealingRequest): void {
    const worker = this.running();
    if (request.op === 'write') worker.postMessage(request, [request.bytes]);
    else worker.postMessage(request);
  }

  drop(id: number): void {
    if (!this.listeners.delete(id)) return;
    this.worker?.postMessage({ id, op: 'drop' } satisfies SealingRequest);
    this.settle();
  }
}

/** Run from the TypeScript sources (tests, `npm run dev`): the thread loads them through tsx, as the process does. */
function sourceWorker(entry: URL): Worker {
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true });
}

let thread: SealingThread | undefined;

/** The sealing as a stream, on the sealing thread; the same bytes as `createSealer`'s. */
class ThreadedSealer extends Transform implements BlobSealer {
  private readonly id: number;
  private batch: Buffer | undefined;
  private batchBytes = 0;
  private inFlight = 0;
  /** The write that waits for a batch to come back. */
  private waiting: TransformCallback | undefined;
  private finishing: TransformCallback | undefined;
  private result: { hash: string; size: number } | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly thread: SealingThread,
    key: Buffer,
    tenantId: string,
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
      const waiting = this.waiting ?? this.finishing;
      this.waiting = this.finishing = undefined;
      if (waiting) waiting(this.failure);
      else this.destroy(this.failure);
      return;
    }
    if (reply.bytes && reply.bytes.byteLength > 0 && !this.destroyed) this.push(Buffer.from(reply.bytes));
    if (reply.op === 'finished') {
      this.result = { hash: reply.hash, size: reply.size };
      const finishing = this.finishing;
      this.finishing = undefined;
      finishing?.();
      return;
    }
    this.inFlight--;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  private send(): void {
    if (!this.batch) return;
    this.inFlight++;
    this.thread.post({ id: this.id, op: 'write', bytes: this.batch.buffer as ArrayBuffer, length: this.batchBytes });
    this.batch = undefined;
    this.batchBytes = 0;
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.failure) {
      done(this.failure);
      return;
    }
    let offset = 0;
    while (offset < data.length) {
      // A buffer of its own, so it moves to the thread without a copy.
      this.batch ??= Buffer.allocUnsafeSlow(BATCH_BYTES);
      const copied = data.copy(this.batch, this.batchBytes, offset);
      this.batchBytes += copied;
      offset += copied;
      if (this.batchBytes === BATCH_BYTES) this.send();
    }
    if (this.inFlight >= BATCHES_IN_FLIGHT) this.waiting = done;
    else done();
  }

  override _flush(done: TransformCallback): void {
    if (this.failure) {
      done(this.failure);
      return;
    }
    this.send();
    this.finishing = done;
    this.thread.post({ id: this.id, op: 'end' });
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (!this.result) this.thread.drop(this.id);
    done(error);
  }
}

/** A sealer (`createSealer`'s bytes) that does its work on the process's sealing thread. */
export function createThreadedSealer(key: Buffer, tenantId: string): BlobSealer {
  thread ??= new SealingThread();
  return new ThreadedSealer(thread, key, tenantId);
}
