import { parentPort } from 'node:worker_threads';
import { SealingState } from './sealed-format.js';
import type { SealingReply, SealingRequest } from './sealing-thread.js';

/*
 * The sealing thread (sealing-thread.ts): seals and hashes the blobs the main thread hands it,
 * several at once, each under its own id, and sends back each batch's sealed bytes.
 */
const port = parentPort;
if (!port) throw new Error('sealing-worker.ts runs as a worker thread');

const sealings = new Map<number, SealingState>();

function reply(message: SealingReply, out: Buffer[] = []): void {
  const sealed = out.length === 1 ? out[0]! : Buffer.concat(out);
  // A buffer of its own (not a slice of a shared pool) moves to the main thread without a copy.
  const bytes = sealed.byteOffset === 0 && sealed.byteLength === sealed.buffer.byteLength ? sealed.buffer : sealed.buffer.slice(sealed.byteOffset, sealed.byteOffset + sealed.byteLength);
  port!.postMessage({ ...message, bytes }, [bytes as ArrayBuffer]);
}

port.on('message', (request: SealingRequest) => {
  try {
    if (request.op === 'open') {
      sealings.set(request.id, new SealingState(Buffer.from(request.key), request.tenantId));
      return;
    }
    if (request.op === 'drop') {
      sealings.delete(request.id);
      return;
    }
    const state = sealings.get(request.id);
    if (!state) return;
    const out: Buffer[] = [];
    if (request.op === 'write') {
      state.update(Buffer.from(request.bytes, 0, request.length), out);
      reply({ id: request.id, op: 'sealed' }, out);
    } else {
      sealings.delete(request.id);
      const plain = state.finish(out);
      reply({ id: request.id, op: 'finished', ...plain }, out);
    }
  } catch (error) {
    sealings.delete(request.id);
    port!.postMessage({ id: request.id, op: 'failed', message: (error as Error).message } satisfies SealingReply);
  }
});
