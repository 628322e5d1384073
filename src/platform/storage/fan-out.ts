import { Writable } from 'node:stream';
import { writtenBy } from './written-buffers.js';

/** One target of a fan-out: written to until it fails; then `failure` says why. */
export interface FanOutTarget {
  readonly body: Writable;
  failure?: unknown;
}

/**
 * A stream that writes every byte it takes to each target, holding the writer back while any of
 * them is behind. A target that fails is left out from then on (its `failure` set), and the
 * others go on; only when every target has failed does the fan-out fail. Ending it ends every
 * target still writing and waits until each has finished (or failed).
 */
export class FanOut extends Writable {
  /** Bytes taken (and given to every target still writing). */
  bytes = 0;

  constructor(private readonly targets: FanOutTarget[]) {
    super();
    for (const target of targets) target.body.on('error', (error: unknown) => (target.failure ??= error));
  }

  private live(): FanOutTarget[] {
    return this.targets.filter((target) => target.failure === undefined);
  }

  /** Resolves once `target` has drained, finished or failed (whichever `event` and an error come first). */
  private settle(target: FanOutTarget, event: 'drain' | 'finish'): Promise<void> {
    if (target.failure !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        target.body.off(event, done);
        target.body.off('error', done);
        target.body.off('close', done);
        resolve();
      };
      target.body.once(event, done);
      target.body.once('error', done);
      // A target destroyed without an error still lets the writer go on.
      target.body.once('close', done);
    });
  }

  private allFailed(): Error | null {
    return this.live().length === 0 ? new Error('every target of the write failed', { cause: this.targets[0]?.failure }) : null;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.bytes += chunk.length;
    const live = this.live();
    // Each target reports the buffer written on its own; it goes back to its maker after the last.
    writtenBy(chunk, live.length);
    const behind = live.filter((target) => !target.body.write(chunk));
    if (behind.length === 0) return callback(this.allFailed());
    void Promise.all(behind.map((target) => this.settle(target, 'drain'))).then(() => callback(this.allFailed()));
  }

  override _final(callback: (error?: Error | null) => void): void {
    const live = this.live();
    for (const target of live) target.body.end();
    void Promise.all(live.map((target) => (target.body.writableFinished ? Promise.resolve() : this.settle(target, 'finish')))).then(() => callback(this.allFailed()));
  }
}
