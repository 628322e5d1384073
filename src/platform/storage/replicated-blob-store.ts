import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, pipeline as pipelineCallback, Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { BlobDamagedError, type BlobCodec, type BlobOpener, type BlobSealer, type StoredBlob } from './blob-codec.js';
import { FanOut, type FanOutTarget } from './fan-out.js';
import { BlobMissingError, type BlobLocation, type ByteRange } from './blob-location.js';
import { blobKey, isBlobHash, isTenantId, tenantKeyPrefix } from './blob-key.js';
import type { BlobReferences, BlobRef, BlobStore, PutOptions } from './blob-store.js';
import { WRITE_BUFFER_BYTES } from './local-location.js';
import { TenantDataKeyMissingError } from './tenant-data-keys.js';
import {
  deleteBlobRow,
  deleteTenantBlobRows,
  findBlob,
  insertBlob,
  tenantBlobsBefore,
  tenantsWithBlobs,
  type BlobRow,
} from './storage.repository.js';
import { storageGetSeconds, storageLocationUp, storagePutSeconds, storageReadFallbacks, storageRepairs, storageRepairsQueued } from './storage.metrics.js';

export const STORAGE_REPAIR_JOB = 'storage.repair';

/** The few logger methods the store uses (pino's, or the app's). */
export interface StorageLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

const silentLog: StorageLog = { info() {}, warn() {}, error() {} };

export interface ReplicatedBlobStoreOptions {
  db: Db;
  codec: BlobCodec;
  /** In the order reads try them: the nearest or cheapest first. */
  locations: BlobLocation[];
  writeQuorum: number;
  /** Where a put spools the sealed bytes while it counts and hashes them. */
  spoolDir: string;
  log?: StorageLog;
}

/** A blob sealed (and hashed) but not stored yet: `store` puts it under its key at every location; `discard` removes what is left over. */
interface SealedWrite {
  hash: string;
  size: number;
  storedSize: number;
  /** One result per location, in the store's order. */
  store(key: string): Promise<PromiseSettledResult<void>[]>;
  discard(): Promise<void>;
}

/** What one copy of a blob is like. */
export type CopyState = 'good' | 'missing' | 'damaged' | 'unreachable';

export interface RepairResult {
  /** Locations whose copy was rewritten from a good one. */
  repaired: string[];
  /** Locations whose copy is bad and could not be rewritten (no good copy anywhere, or the location failed). */
  unrepairable: string[];
  /** Whether the blob exists (false: deleted meanwhile, nothing to do). */
  exists: boolean;
}

/**
 * Consumes a stream, hashing it; resolves with the SHA-256 hex digest and the byte count. With
 * `provenHash` (the stream's source verified the bytes are that blob's) it only counts.
 */
function hashSink(provenHash?: string): { sink: Writable; result: () => { hash: string; size: number } } {
  const hasher = provenHash === undefined ? createHash('sha256') : undefined;
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      hasher?.update(chunk);
      size += chunk.length;
      callback();
    },
  });
  return { sink, result: () => ({ hash: hasher?.digest('hex') ?? provenHash!, size }) };
}

/**
 * The BlobStore of the platform: every blob is sealed by the codec (the tenant's data key),
 * spooled once, and copied to every location in parallel; a put is acknowledged when the write
 * quorum holds it durably and only then does its row in storage_blobs exist. Reads go to the
 * first location and carry on at the next one, from the byte already delivered, when a copy is
 * missing, damaged or unreachable; the bad copy is queued for repair.
 */
export class ReplicatedBlobStore implements BlobStore {
  readonly locations: readonly BlobLocation[];
  readonly writeQuorum: number;
  private readonly db: Db;
  private readonly codec: BlobCodec;
  private readonly spoolDir: string;
  private readonly log: StorageLog;
  /** Repairs queued lately by this process, so a hot damaged blob does not queue one per read. */
  private readonly recentRepairs = new Map<string, number>();

  constructor(options: ReplicatedBlobStoreOptions) {
    if (options.locations.length === 0) throw new Error('a blob store needs at least one location');
    if (options.writeQuorum < 1 || options.writeQuorum > options.locations.length) {
      throw new Error(`the write quorum ${options.writeQuorum} must be between 1 and ${options.locations.length}`);
    }
    this.db = options.db;
    this.codec = options.codec;
    this.locations = options.locations;
    this.writeQuorum = options.writeQuorum;
    this.spoolDir = options.spoolDir;
    this.log = options.log ?? silentLog;
  }

  async put(tenantId: string, body: Readable | Buffer, options: PutOptions = {}): Promise<BlobRef> {
    if (!isTenantId(tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(tenantId)}`);
    const started = performance.now();
    const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
    const sealed = this.locations.every((location) => location.stage)
      ? await this.sealToStages(tenantId, source, options)
      : await this.sealToSpool(tenantId, source, options);
    try {
      const { hash, size, storedSize } = sealed;
      const key = blobKey(tenantId, hash);
      const existing = await findBlob(this.db.owner, tenantId, hash);
      if (existing && (await this.holders(key, existing.storedSize)) >= this.writeQuorum) return { hash, size };

      const results = await sealed.store(key);
      const failed: string[] = [];
      results.forEach((result, i) => {
        const location = this.locations[i]!;
        storageLocationUp.set({ location: location.name }, result.status === 'fulfilled' ? 1 : 0);
        if (result.status === 'rejected') {
          failed.push(location.name);
          this.log.warn({ location: location.name, key, err: result.reason as Error }, 'storage: a location failed to take a blob');
        }
      });
      const held = results.length - failed.length;
      if (held < this.writeQuorum) {
        await this.withdrawCopies(tenantId, hash, key, results);
        this.log.error({ key, held, quorum: this.writeQuorum, failed }, 'storage: write quorum not reached; the blob was not stored');
        throw new AppError('STORAGE_UNAVAILABLE');
      }
      if (failed.length === 0) {
        // One statement, no transaction around it: one round trip less for every chunk of an upload.
        await insertBlob(this.db.owner, { tenantId, hash, size, storedSize });
      } else {
        await this.db.owner.transaction(async (tx) => {
          await insertBlob(tx, { tenantId, hash, size, storedSize });
          await enqueueJob(tx, { kind: STORAGE_REPAIR_JOB, payload: { tenantId, hash } });
        });
      }
      if (failed.length > 0) storageRepairsQueued.inc();
      storagePutSeconds.observe((performance.now() - started) / 1000);
      return { hash, size };
    } finally {
      await sealed.discard();
    }
  }

  /** The plain bytes counted (refused past `maxBytes`) and sealed (and hashed) by the codec: the head of every write. */
  private async sealing(tenantId: string, { maxBytes, expectedBytes, handOver }: PutOptions): Promise<[Transform, BlobSealer]> {
    let size = 0;
    const limit = maxBytes ?? Number.POSITIVE_INFINITY;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > limit) {
          callback(
            new AppError('STORAGE_TOO_LARGE', [
              { field: 'body', message: { en: `at most ${limit} bytes`, de: `höchstens ${limit} Bytes` } },
            ]),
          );
          return;
        }
        callback(null, chunk);
      },
    });
    return [counter, await this.codec.sealer(tenantId, { expectedBytes, handOver })];
  }

  /**
   * When every location can stage an object (local directories): the sealed bytes go to all of
   * them while they are sealed, and each copy is committed under its key once the hash is known.
   */
  private async sealToStages(tenantId: string, source: Readable, options: PutOptions): Promise<SealedWrite> {
    const [counter, sealer] = await this.sealing(tenantId, options);
    const stages = await Promise.allSettled(this.locations.map((location) => location.stage!()));
    const targets: FanOutTarget[] = stages.map((stage) =>
      stage.status === 'fulfilled' ? { body: stage.value.body } : { body: new PassThrough(), failure: stage.reason as unknown },
    );
    const discard = () => Promise.all(stages.map((stage) => (stage.status === 'fulfilled' ? stage.value.abort() : undefined))).then(() => undefined);
    const fanOut = new FanOut(targets);
    try {
      await pipeline(source, counter, sealer, fanOut);
    } catch (error) {
      await discard();
      if (error instanceof AppError || !targets.every((target) => target.failure !== undefined)) throw error;
      this.log.error({ tenantId, failed: this.locations.map((location) => location.name), err: error as Error }, 'storage: no location took the blob');
      throw new AppError('STORAGE_UNAVAILABLE');
    }
    const storedSize = fanOut.bytes;
    return {
      ...sealer.plain(),
      storedSize,
      store: (key) =>
        Promise.allSettled(
          stages.map(async (stage, i) => {
            if (stage.status === 'rejected') throw stage.reason;
            const failure = targets[i]!.failure;
            if (failure !== undefined) throw failure;
            await stage.value.commit(key, storedSize);
          }),
        ),
      discard,
    };
  }

  /**
   * Otherwise the sealed bytes are spooled to a file first, then copied to every location (a
   * local location on the spool's file system takes the file itself, by a link).
   */
  private async sealToSpool(tenantId: string, source: Readable, options: PutOptions): Promise<SealedWrite> {
    const [counter, sealer] = await this.sealing(tenantId, options);
    const adopter = this.locations.find((location) => location.adopt);
    await mkdir(this.spoolDir, { recursive: true });
    const spool = path.join(this.spoolDir, `blob-${randomBytes(12).toString('hex')}`);
    const discard = () => rm(spool, { force: true });
    try {
      await pipeline(source, counter, sealer, createWriteStream(spool, { flags: 'wx', highWaterMark: WRITE_BUFFER_BYTES }));
    } catch (error) {
      await discard();
      throw error;
    }
    const storedSize = (await stat(spool)).size;
    return {
      ...sealer.plain(),
      storedSize,
      store: (key) =>
        Promise.allSettled(
          this.locations.map((location) =>
            location === adopter
              ? location.adopt!(key, spool, storedSize)
              : location.put(key, createReadStream(spool, { highWaterMark: WRITE_BUFFER_BYTES }), storedSize),
          ),
        ),
      discard,
    };
  }

  /** How many locations hold a copy of the stored size (a cheap check; reads verify the bytes). */
  private async holders(key: string, storedSize: number): Promise<number> {
    const heads = await Promise.allSettled(this.locations.map((location) => location.head(key)));
    return heads.filter((h) => h.status === 'fulfilled' && h.value?.size === storedSize).length;
  }

  /**
   * After a write that missed the quorum, removes the copies it made, unless the blob is stored
   * (the same bytes put by another request), whose copies these are too.
   */
  private async withdrawCopies(tenantId: string, hash: string, key: string, results: PromiseSettledResult<void>[]): Promise<void> {
    if (await findBlob(this.db.owner, tenantId, hash)) return;
    await Promise.allSettled(
      results.map((result, i) => (result.status === 'fulfilled' ? this.locations[i]!.delete(key) : Promise.resolve())),
    );
  }

  async head(tenantId: string, hash: string): Promise<BlobRef | null> {
    if (!isTenantId(tenantId) || !isBlobHash(hash)) return null;
    const row = await findBlob(this.db.owner, tenantId, hash);
    return row ? { hash: row.hash, size: row.size } : null;
  }

  private async requireBlob(tenantId: string, hash: string): Promise<BlobRow> {
    const row = isTenantId(tenantId) && isBlobHash(hash) ? await findBlob(this.db.owner, tenantId, hash) : undefined;
    if (!row) throw new AppError('STORAGE_BLOB_NOT_FOUND');
    return row;
  }

  async get(tenantId: string, hash: string, range?: ByteRange): Promise<Readable> {
    const started = performance.now();
    const row = await this.requireBlob(tenantId, hash);
    if (range && !(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end < row.size)) {
      throw new AppError('STORAGE_RANGE_NOT_SATISFIABLE');
    }
    if (row.size === 0) return Readable.from([]);
    const wanted = range ?? { start: 0, end: row.size - 1 };
    const whole = wanted.start === 0 && wanted.end === row.size - 1;
    const key = blobKey(tenantId, hash);
    // The first copy is opened before the stream is returned: a read that no location can serve
    // rejects here (the caller answers 503) instead of breaking a response already begun.
    let first: { index: number; stream: BlobOpener } | undefined;
    const identity = whole ? this.codec.identityRange(row) : undefined;
    for (let index = 0; index < this.locations.length && !first; index++) {
      try {
        if (identity) await pipeline(await this.openPlain(this.locations[index]!, tenantId, key, identity, row), hashSink(row.hash).sink);
        first = { index, stream: await this.openPlain(this.locations[index]!, tenantId, key, wanted, row) };
      } catch (error) {
        // The tenant's data key is gone (erased): its blobs are gone too, whatever copies remain.
        if (error instanceof TenantDataKeyMissingError) throw new AppError('STORAGE_BLOB_NOT_FOUND');
        this.copyFailed(this.locations[index]!, tenantId, hash, error);
      }
    }
    if (!first) {
      this.log.error({ key }, 'storage: no location could serve a blob');
      throw new AppError('STORAGE_READ_FAILED');
    }
    storageGetSeconds.observe((performance.now() - started) / 1000);
    return Readable.from(this.verifiedBytes(tenantId, row, wanted, whole, first));
  }

  /**
   * The plain bytes of `wanted`, going on at the next location from the byte already delivered
   * when a copy fails mid-way, so the consumer sees one seamless stream. With a codec that chains
   * its chunks, the next copy goes on from the link of the last chunk delivered, so a stream put
   * together from two copies is still one verified chain; with any other, whole reads are hashed.
   */
  private async *verifiedBytes(
    tenantId: string,
    row: BlobRow,
    wanted: ByteRange,
    whole: boolean,
    first: { index: number; stream: BlobOpener },
  ): AsyncGenerator<Buffer> {
    const key = blobKey(tenantId, row.hash);
    const length = wanted.end - wanted.start + 1;
    const hasher = whole && !this.codec.provesIdentity(row) ? createHash('sha256') : undefined;
    let delivered = 0;
    let link: Buffer | undefined;
    let source: BlobOpener | undefined = first.stream;
    for (let index = first.index; index < this.locations.length; index++) {
      const location = this.locations[index]!;
      try {
        source ??= await this.openPlain(location, tenantId, key, { start: wanted.start + delivered, end: wanted.end }, row, link);
        for await (const chunk of source as AsyncIterable<Buffer>) {
          if (delivered + chunk.length > length) throw new BlobDamagedError(`${location.name} gave more bytes than ${key} holds`);
          hasher?.update(chunk);
          delivered += chunk.length;
          yield chunk;
        }
        if (delivered !== length) throw new BlobDamagedError(`${location.name} gave ${delivered} of ${length} bytes of ${key}`);
        if (hasher && hasher.digest('hex') !== row.hash) {
          // Without a codec that verifies each chunk the bad bytes are out already: fail the read.
          this.copyFailed(location, tenantId, row.hash, new BlobDamagedError(`${key} at ${location.name} does not match its hash`));
          throw new AppError('STORAGE_READ_FAILED');
        }
        return;
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (error instanceof TenantDataKeyMissingError) throw new AppError('STORAGE_BLOB_NOT_FOUND');
        this.copyFailed(location, tenantId, row.hash, error);
        if (delivered > 0 && source?.linkAt) {
          link = source.linkAt(wanted.start + delivered);
          // Without the link no other copy can be joined to what was delivered: fail rather than mix.
          if (!link) break;
        }
      } finally {
        source?.destroy();
        source = undefined;
      }
    }
    this.log.error({ key, delivered, length }, 'storage: no location could serve the rest of a blob');
    throw new AppError('STORAGE_READ_FAILED');
  }

  /** The stored bytes of `range` at `location`, through the codec's opener: plain, verified bytes. */
  private async openPlain(location: BlobLocation, tenantId: string, key: string, range: ByteRange, blob: StoredBlob, link?: Buffer): Promise<BlobOpener> {
    // The opener first: a tenant without a data key (erased) is no fault of the location.
    const opener = await this.codec.opener(tenantId, range, blob, link);
    let stored: Readable;
    try {
      stored = await location.get(key, this.codec.storedRangeOf(range, blob));
    } catch (error) {
      opener.destroy();
      throw error;
    }
    storageLocationUp.set({ location: location.name }, 1);
    return pipelineCallback(stored, opener, () => undefined);
  }

  /** Notes a copy that could not be read: metrics, log, and a repair in the background. */
  private copyFailed(location: BlobLocation, tenantId: string, hash: string, error: unknown): void {
    const reason = error instanceof BlobMissingError ? 'missing' : error instanceof BlobDamagedError ? 'damaged' : 'unreachable';
    // A location that says "no such object" or gives bad bytes is up; one that fails to answer is not.
    storageLocationUp.set({ location: location.name }, reason === 'unreachable' ? 0 : 1);
    storageReadFallbacks.inc({ location: location.name, reason });
    this.log.warn({ location: location.name, tenantId, hash, reason, err: error as Error }, 'storage: a copy could not be read; trying the next location');
    void this.queueRepair(tenantId, hash).catch((queueError: unknown) =>
      this.log.error({ tenantId, hash, err: queueError as Error }, 'storage: could not queue a repair'),
    );
  }

  /** Queues a repair of the blob (at most one per blob and minute from this process). */
  async queueRepair(tenantId: string, hash: string): Promise<void> {
    const id = `${tenantId}/${hash}`;
    const now = Date.now();
    const last = this.recentRepairs.get(id);
    if (last !== undefined && now - last < 60_000) return;
    this.recentRepairs.set(id, now);
    if (this.recentRepairs.size > 10_000) this.recentRepairs.clear();
    await enqueueJob(this.db.owner, { kind: STORAGE_REPAIR_JOB, payload: { tenantId, hash } });
    storageRepairsQueued.inc();
  }

  /**
   * Reads the whole copy at `location` through the opener (and hashes it, unless the codec's
   * opener proves the blob's identity itself). Rejects with TenantDataKeyMissingError when the
   * tenant's key is gone (no copy of it can be checked).
   */
  async checkCopy(location: BlobLocation, row: BlobRow): Promise<CopyState> {
    const key = blobKey(row.tenantId, row.hash);
    try {
      if (row.size === 0) {
        const head = await location.head(key);
        return head === null ? 'missing' : head.size === row.storedSize ? 'good' : 'damaged';
      }
      const plain = await this.openPlain(location, row.tenantId, key, { start: 0, end: row.size - 1 }, row);
      const { sink, result } = hashSink(this.codec.provesIdentity(row) ? row.hash : undefined);
      await pipeline(plain, sink);
      const { hash, size } = result();
      return hash === row.hash && size === row.size ? 'good' : 'damaged';
    } catch (error) {
      if (error instanceof TenantDataKeyMissingError) throw error;
      if (error instanceof BlobMissingError) {
        storageLocationUp.set({ location: location.name }, 1);
        return 'missing';
      }
      if (error instanceof BlobDamagedError) return 'damaged';
      storageLocationUp.set({ location: location.name }, 0);
      this.log.warn({ location: location.name, key, err: error as Error }, 'storage: a copy could not be checked');
      return 'unreachable';
    }
  }

  /**
   * Checks every copy of the blob and rewrites each missing or damaged one from a good one.
   * `known` saves reading copies whose state the caller found already (the scrubber).
   */
  async repair(tenantId: string, hash: string, known: ReadonlyMap<BlobLocation, CopyState> = new Map()): Promise<RepairResult> {
    const row = await findBlob(this.db.owner, tenantId, hash);
    if (!row) return { repaired: [], unrepairable: [], exists: false };
    const key = blobKey(tenantId, hash);
    const states = new Map<BlobLocation, CopyState>();
    for (const location of this.locations) states.set(location, known.get(location) ?? (await this.checkCopy(location, row)));
    const good = this.locations.find((location) => states.get(location) === 'good');
    const result: RepairResult = { repaired: [], unrepairable: [], exists: true };
    for (const location of this.locations) {
      const state = states.get(location);
      if (state === 'good') continue;
      if (!good || state === 'unreachable') {
        result.unrepairable.push(location.name);
        storageRepairs.inc({ location: location.name, outcome: 'unrepairable' });
        continue;
      }
      try {
        await location.put(key, await good.get(key), row.storedSize);
        storageLocationUp.set({ location: location.name }, 1);
        result.repaired.push(location.name);
        storageRepairs.inc({ location: location.name, outcome: 'repaired' });
        this.log.info({ location: location.name, key, from: good.name, was: state }, 'storage: copy repaired');
      } catch (error) {
        result.unrepairable.push(location.name);
        storageRepairs.inc({ location: location.name, outcome: 'unrepairable' });
        this.log.warn({ location: location.name, key, err: error as Error }, 'storage: could not rewrite a copy');
      }
    }
    if (!good) this.log.error({ key }, 'storage: no good copy of a blob is left at any location');
    return result;
  }

  /** Removes the blob: its row first (nothing refers to a half-deleted blob), then every copy. */
  async deleteBlob(tenantId: string, hash: string): Promise<boolean> {
    if (!isTenantId(tenantId) || !isBlobHash(hash)) return false;
    const existed = await deleteBlobRow(this.db.owner, tenantId, hash);
    const key = blobKey(tenantId, hash);
    // A copy left behind by a location that is down is an orphan the scrubber removes later.
    const results = await Promise.allSettled(this.locations.map((location) => location.delete(key)));
    results.forEach((result, i) => {
      if (result.status === 'rejected') this.log.warn({ location: this.locations[i]!.name, key, err: result.reason as Error }, 'storage: could not delete a copy');
    });
    return existed;
  }

  /**
   * Every blob of the tenant: rows, then every object under `<tenantId>/` at every location.
   * Run after the tenant's data key is destroyed (the cryptographic erase); this removes the
   * unreadable remains. Rejects when a location could not be emptied, so the caller retries.
   */
  async eraseTenantBlobs(tenantId: string): Promise<{ rows: number; objects: number }> {
    const rows = await deleteTenantBlobRows(this.db.owner, tenantId);
    const prefix = tenantKeyPrefix(tenantId);
    const counts = await Promise.all(
      this.locations.map(async (location) => {
        let objects = 0;
        for await (const object of location.list(prefix)) {
          await location.delete(object.key);
          objects++;
        }
        return objects;
      }),
    );
    return { rows, objects: counts.reduce((a, b) => a + b, 0) };
  }

  /**
   * Deletes blobs stored more than `graceMs` ago that no source refers to (the grace keeps a blob
   * whose referring row has not committed yet). Returns how many were deleted.
   */
  async collectUnreferenced(sources: BlobReferences[], graceMs: number): Promise<number> {
    const before = new Date(Date.now() - graceMs);
    let deleted = 0;
    for (const tenantId of await tenantsWithBlobs(this.db.owner)) {
      let after = '';
      for (;;) {
        const page = await tenantBlobsBefore(this.db.owner, tenantId, before, after, 500);
        if (page.length === 0) break;
        after = page[page.length - 1]!.hash;
        const hashes = page.map((row) => row.hash);
        const referenced = new Set<string>();
        for (const source of sources) for (const hash of await source(tenantId, hashes)) referenced.add(hash);
        for (const hash of hashes) {
          if (referenced.has(hash)) continue;
          await this.deleteBlob(tenantId, hash);
          deleted++;
        }
      }
    }
    if (deleted > 0) this.log.info({ deleted }, 'storage: unreferenced blobs deleted');
    return deleted;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.locations.map((location) => location.close()));
  }
}
