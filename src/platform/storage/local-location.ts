import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, constants, link, mkdir, open, opendir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { FlushingFileWriter } from './flushing-file-writer.js';
import { BlobMissingError, type BlobLocation, type ByteRange, type StagedObject, type StoredObject } from './blob-location.js';
import { InvalidBlobKeyError, isListablePrefix, isStorableKey } from './blob-key.js';

/** Bytes per read of a stored object (at most; a range reads no further than its end). */
const READ_BYTES = 1024 * 1024;
/** Bytes a write may have waiting for the disk before the writer is held back. */
export const WRITE_BUFFER_BYTES = 1024 * 1024;

/** Where a put writes before the rename; `list` skips it, and it is emptied when the location opens. */
const TEMP_DIR = '.tmp';

async function fsyncPath(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * A directory that holds blobs (a local disk, or a mounted network file system). A put is atomic
 * and durable: the bytes go to a temporary file, which is fsynced and renamed into place, and
 * the directory is fsynced, so after a crash a key holds either the old object or the whole new one.
 */
export class LocalLocation implements BlobLocation {
  readonly name: string;
  private readonly tempDir: string;

  constructor(readonly root: string) {
    this.root = path.resolve(root);
    this.name = `local:${this.root}`;
    this.tempDir = path.join(this.root, TEMP_DIR);
  }

  /** Creates the directory (and its temporary directory); leftovers of an interrupted put are removed. */
  static async open(root: string): Promise<LocalLocation> {
    const location = new LocalLocation(root);
    await rm(location.tempDir, { recursive: true, force: true });
    await mkdir(location.tempDir, { recursive: true });
    return location;
  }

  /**
   * A hard link to the spooled file takes its place under `key`: durable, and no byte copied.
   * On another file system (EXDEV) the bytes are copied as by put.
   */
  async adopt(key: string, file: string, size: number): Promise<void> {
    const target = this.pathOf(key);
    const temp = path.join(this.tempDir, randomBytes(12).toString('hex'));
    try {
      const written = (await stat(file)).size;
      if (written !== size) throw new Error(`${this.name}: ${key} got ${written} bytes, expected ${size}`);
      try {
        await link(file, temp);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        return await this.put(key, createReadStream(file), size);
      }
      await fsyncPath(temp);
      await this.renameIntoPlace(temp, target);
      await fsyncPath(path.dirname(target));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  private pathOf(key: string): string {
    if (!isStorableKey(key)) throw new InvalidBlobKeyError(this.name, key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Readable, size: number): Promise<void> {
    this.pathOf(key);
    // The body may fail while the temporary file is being opened (a source that is already
    // flowing, a spool file that cannot be read): its error is kept for the pipeline below, which
    // reports it, instead of going unheard and ending the process.
    const heard = () => {};
    body.on('error', heard);
    try {
      let staged: StagedObject;
      try {
        staged = await this.stage();
      } catch (error) {
        body.destroy();
        throw error;
      }
      try {
        await pipeline(body, staged.body);
      } catch (error) {
        body.destroy();
        await staged.abort();
        throw error;
      }
      await staged.commit(key, size);
    } finally {
      body.off('error', heard);
    }
  }

  /** A temporary file in `.tmp/`, fsynced when its body finishes; commit renames it into place and fsyncs the directory. */
  async stage(): Promise<StagedObject> {
    const temp = path.join(this.tempDir, randomBytes(12).toString('hex'));
    await mkdir(this.tempDir, { recursive: true });
    // A large buffer lets the writer go on sealing while the file system writes; the file is fsynced when the body finishes.
    const body = new FlushingFileWriter(await open(temp, 'wx'), WRITE_BUFFER_BYTES);
    const written = finished(body).then(
      () => null,
      (error: unknown) => error,
    );
    const abort = async () => {
      body.destroy();
      await written;
      await rm(temp, { force: true });
    };
    return {
      body,
      abort,
      commit: async (key: string, size: number) => {
        try {
          const target = this.pathOf(key);
          const failure = await written;
          if (failure) throw failure;
          const bytes = (await stat(temp)).size;
          if (bytes !== size) throw new Error(`${this.name}: ${key} got ${bytes} bytes, expected ${size}`);
          await this.renameIntoPlace(temp, target);
          await fsyncPath(path.dirname(target));
        } catch (error) {
          await abort();
          throw error;
        }
      },
    };
  }

  /** A delete may remove the directory between mkdir and rename (its last object went): make it again. */
  private async renameIntoPlace(temp: string, target: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await rename(temp, target);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw error;
      }
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    // Opened before returning, so a missing file rejects here instead of failing the stream later.
    const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new BlobMissingError(this.name, key) : error;
    });
    // Large reads: a file read costs about the same for 64 KiB as for 1 MiB, and the opener decrypts in place whatever whole chunks a read holds.
    return handle.createReadStream({ ...(range ? { start: range.start, end: range.end } : {}), highWaterMark: READ_BYTES });
  }

  async head(key: string): Promise<{ size: number } | null> {
    try {
      return { size: (await stat(this.pathOf(key))).size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await rm(file, { force: true });
    // An erased tenant leaves no empty directories behind; a directory still in use stays.
    for (const dir of [path.dirname(file), path.dirname(path.dirname(file))]) {
      try {
        await rmdir(dir);
      } catch {
        return;
      }
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    if (!isListablePrefix(prefix)) throw new InvalidBlobKeyError(this.name, prefix);
    const start = prefix === '' ? this.root : path.join(this.root, prefix.slice(0, -1));
    yield* this.walk(start, prefix);
  }

  private async *walk(dir: string, keyPrefix: string): AsyncIterable<StoredObject> {
    let entries;
    try {
      entries = await opendir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for await (const entry of entries) {
      if (entry.name === TEMP_DIR && dir === this.root) continue;
      const full = path.join(dir, entry.name);
      const key = `${keyPrefix}${entry.name}`;
      if (entry.isDirectory()) yield* this.walk(full, `${key}/`);
      else if (entry.isFile()) {
        const info = await stat(full).catch(() => null);
        if (info) yield { key, size: info.size, modifiedAt: info.mtime };
      }
    }
  }

  async probe(): Promise<void> {
    await access(this.tempDir, constants.W_OK);
  }

  async close(): Promise<void> {}
}
