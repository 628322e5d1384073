import { parentPort } from 'node:worker_threads';
import { SealingState } from './sealed-format.js';
import { SEALING_BATCH_BYTES, type SealingReply, type SealingRequest } from './sealing-thread.js';

/*
 * The sealing thread (sealing-thread.ts): seals and hashes the blobs the main thread hands it,
 * several at once, each under its own id, and sends back each batch's sealed bytes in an output
 * buffer (one the main thread gave back once it had written it, when there is one), and the
 * batch buffers it is done with for the main thread to fill again.
 */
const port = parentPort;
if (!port) throw new Error('sealing-worker.ts runs as a worker thread');

/** Room for the sealed bytes of one batch (a little over a batch, and the chunk held back before it). */
const OUTPUT_BYTES = SEALING_BATCH_BYTES + 192 * 1024;
/** Output buffers kept for reuse: enough for a few uploads' batches on their way to the disk. */
const SPARE_OUTPUTS = 16;
const spareOutputs: ArrayBuffer[] = [];

/** A sealing, and the buffers it was handed whose bytes it may still hold (a chunk is held until the next byte shows it is not the last). */
const sealings = new Map<number, { state: SealingState; held: ArrayBuffer[] }>();

/** The pieces of `out` in one buffer of their own, which moves to the main thread without a copy. */
function outputOf(out: Buffer[]): { bytes?: ArrayBuffer; length: number } {
  const length = out.reduce((sum, piece) => sum + piece.length, 0);
  if (length === 0) return { length };
  const bytes = (length <= OUTPUT_BYTES ? spareOutputs.pop() : undefined) ?? new ArrayBuffer(Math.max(length, OUTPUT_BYTES));
  const target = Buffer.from(bytes);
  let at = 0;
  for (const piece of out) at += piece.copy(target, at);
  return { bytes, length };
}

function reply(message: Extract<SealingReply, { op: 'sealed' | 'finished' }>, spent: ArrayBuffer[]): void {
  // Batch buffers go back to be filled again; buffers of the main thread's own (a socket's reads) end here.
  const batches = spent.filter((buffer) => buffer.byteLength === SEALING_BATCH_BYTES);
  port!.postMessage({ ...message, spent: batches }, message.bytes ? [message.bytes, ...batches] : batches);
}

port.on('message', (request: SealingRequest) => {
  if (request.op === 'outputs') {
    for (const buffer of request.buffers) if (buffer.byteLength === OUTPUT_BYTES && spareOutputs.length < SPARE_OUTPUTS) spareOutputs.push(buffer);
    return;
  }
  try {
    if (request.op === 'open') {
      sealings.set(request.id, { state: new SealingState(Buffer.from(request.key), request.tenantId), held: [] });
      return;
    }
    if (request.op === 'drop') {
      sealings.delete(request.id);
      return;
    }
    const sealing = sealings.get(request.id);
    if (!sealing) return;
    const out: Buffer[] = [];
    if (request.op === 'write') {
      request.parts.forEach((part, i) => sealing.state.update(Buffer.from(part, 0, request.lengths[i]!), out));
      sealing.held.push(...request.parts);
      const spent = sealing.held.filter((buffer) => !sealing.state.holds(buffer));
      sealing.held = sealing.held.filter((buffer) => sealing.state.holds(buffer));
      reply({ id: request.id, op: 'sealed', ...outputOf(out), spent: [] }, spent);
    } else {
      sealings.delete(request.id);
      const plain = sealing.state.finish(out);
      reply({ id: request.id, op: 'finished', ...plain, ...outputOf(out), spent: [] }, sealing.held);
    }
  } catch (error) {
    sealings.delete(request.id);
    port!.postMessage({ id: request.id, op: 'failed', message: (error as Error).message } satisfies SealingReply);
  }
});
