import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import type { Readable} from 'node:stream';
import { Transform } from 'node:stream';
import type { BlobLocation, ByteRange, StagedObject, StoredObject } from './blob-location.js';
import { LocalLocation } from './local-location.js';

/**
 * A location that behaves like `inner` except for the faults asked for: reads that break after
 * some bytes (a connection that drops mid-way), writes that fail with ENOSPC after some bytes
 * (a disk that fills up) or at once (a location that is down).
 */
export class FaultyLocation implements BlobLocation {
  /** Reads of whole chunks break once this many stored bytes went out; undefined: no fault. */
  breakReadsAfter: number | undefined;
  /** Writes fail with ENOSPC once this many bytes arrived; undefined: no fault. */
  fillUpAfter: number | undefined;
  /** Every request fails as if the location were unreachable. */
  down = false;

  /** Present when `inner` stages objects; fails like put (down: at once; filling up: after `fillUpAfter` bytes). */
  readonly stage?: () => Promise<StagedObject>;

  constructor(readonly inner: BlobLocation) {
    if (inner.stage) this.stage = () => this.stageInner(inner.stage!.bind(inner));
  }

  private async stageInner(stage: () => Promise<StagedObject>): Promise<StagedObject> {
    this.check();
    const staged = await stage();
    const limit = this.fillUpAfter;
    if (limit === undefined) return staged;
    const filling = this.filling(limit);
    filling.on('error', (error) => staged.body.destroy(error));
    filling.pipe(staged.body);
    return {
      body: filling,
      commit: (key, size) => staged.commit(key, size),
      abort: async () => {
        filling.destroy();
        await staged.abort();
      },
    };
  }

  /** A stream that passes `limit` bytes on, then fails as a full disk does. */
  private filling(limit: number): Transform {
    let seen = 0;
    return new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen += chunk.length;
        if (seen > limit) callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
        else callback(null, chunk);
      },
    });
  }

  get name(): string {
    return this.inner.name;
  }

  private check(): void {
    if (this.down) throw Object.assign(new Error(`connect ECONNREFUSED (${this.name})`), { code: 'ECONNREFUSED' });
  }

  async put(key: string, body: Readable, size: number): Promise<void> {
    this.check();
    const limit = this.fillUpAfter;
    if (limit === undefined) return this.inner.put(key, body, size);
    const filling = this.filling(limit);
    body.on('error', (error) => filling.destroy(error));
    return this.inner.put(key, body.pipe(filling), size);
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    this.check();
    const stream = await this.inner.get(key, range);
    const limit = this.breakReadsAfter;
    if (limit === undefined) return stream;
    let sent = 0;
    const breaking = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        if (sent + chunk.length > limit) {
          const rest = limit - sent;
          sent = limit;
          if (rest > 0) this.push(chunk.subarray(0, rest));
          // The connection drops after the bytes before it went out (and were taken by the reader).
          setImmediate(() => callback(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })));
          return;
        }
        sent += chunk.length;
        callback(null, chunk);
      },
    });
    stream.on('error', (error) => breaking.destroy(error));
    return stream.pipe(breaking);
  }

  async head(key: string): Promise<{ size: number } | null> {
    this.check();
    return this.inner.head(key);
  }

  async delete(key: string): Promise<void> {
    this.check();
    return this.inner.delete(key);
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    this.check();
    yield* this.inner.list(prefix);
  }

  async probe(): Promise<void> {
    this.check();
    return this.inner.probe();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * A local location on a real, small tmpfs when this process may mount one (root), so the disk
 * really fills up; otherwise a local location whose writes fail with ENOSPC after `bytes`.
 */
export async function smallDiskLocation(dir: string, bytes: number): Promise<{ location: BlobLocation; realDisk: boolean; cleanup(): void }> {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' });
    return {
      location: await LocalLocation.open(dir),
      realDisk: true,
      cleanup: () => {
        execFileSync('umount', [dir], { stdio: 'ignore' });
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch {
    const location = new FaultyLocation(await LocalLocation.open(dir));
    location.fillUpAfter = bytes;
    return { location, realDisk: false, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
}
