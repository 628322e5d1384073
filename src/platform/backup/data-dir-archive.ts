import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, opendir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/*
 * The PostgreSQL files of an embedded data directory as a POSIX ustar archive (readable with
 * `tar`), written and read as streams. DATA_DIR also holds Lectern's own files (the blobs of the
 * default location, the secret key, staging): only PostgreSQL's entries go in, so a snapshot never
 * carries the key that seals it, and a restore replaces nothing else.
 */

const BLOCK = 512;

/** Whether a top-level entry of DATA_DIR belongs to PostgreSQL (PGlite's initdb makes these). */
export function isPostgresEntry(name: string): boolean {
  if (name === 'postmaster.pid') return false; // the running instance's, never restored
  return name === 'PG_VERSION' || name === 'base' || name === 'global' || name.startsWith('pg_') || /^postgresql(\.auto)?\.conf$/.test(name) || name === 'postmaster.opts';
}

/** The PostgreSQL entries at the top of `dataDir`, sorted. */
export async function postgresEntries(dataDir: string): Promise<string[]> {
  return (await readdir(dataDir)).filter(isPostgresEntry).sort();
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, kind: 'file' | 'dir', size: number, mode: number, mtime: Date): Buffer {
  const block = Buffer.alloc(BLOCK);
  let base = name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`path too long for the archive: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  block.write(base, 0, 100, 'utf8');
  block.write(octal(mode & 0o7777, 8), 100, 'latin1');
  block.write(octal(0, 8), 108, 'latin1');
  block.write(octal(0, 8), 116, 'latin1');
  block.write(octal(size, 12), 124, 'latin1');
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write(kind === 'dir' ? '5' : '0', 156, 'latin1');
  block.write('ustar\u000000', 257, 'latin1');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 'latin1');
  return block;
}

async function* entriesOf(root: string, relative: string): AsyncGenerator<Buffer> {
  const full = path.join(root, relative);
  const info = await stat(full);
  if (info.isDirectory()) {
    yield header(`${relative}/`, 'dir', 0, info.mode, info.mtime);
    const names: string[] = [];
    for await (const entry of await opendir(full)) names.push(entry.name);
    for (const name of names.sort()) yield* entriesOf(root, `${relative}/${name}`);
  } else if (info.isFile()) {
    yield header(relative, 'file', info.size, info.mode, info.mtime);
    let written = 0;
    // The file is read up to the size in its header: the instance is idle while the archive is written.
    for await (const chunk of createReadStream(full, { end: Math.max(0, info.size - 1), highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      const piece = info.size === 0 ? Buffer.alloc(0) : chunk.subarray(0, info.size - written);
      written += piece.length;
      if (piece.length > 0) yield piece;
    }
    if (written !== info.size) throw new Error(`${relative} changed while it was archived`);
    const padding = (BLOCK - (info.size % BLOCK)) % BLOCK;
    if (padding > 0) yield Buffer.alloc(padding);
  }
}

/** The PostgreSQL entries of `dataDir` as a ustar stream. */
export function archiveDataDir(dataDir: string, entries: string[]): Readable {
  return Readable.from(
    (async function* () {
      for (const entry of entries) yield* entriesOf(dataDir, entry);
      yield Buffer.alloc(BLOCK * 2);
    })(),
  );
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** A safe relative path inside the target: no absolute paths, no '..', only PostgreSQL's entries. */
function safePath(name: string): string {
  const clean = name.replace(/\/+$/, '');
  const parts = clean.split('/');
  if (clean === '' || path.isAbsolute(clean) || parts.some((p) => p === '..' || p === '.' || p === '') || clean.includes('\\') || !isPostgresEntry(parts[0]!)) {
    throw new Error(`the archive holds an entry that is not part of a data directory: ${JSON.stringify(name)}`);
  }
  return clean;
}

/**
 * Writes the entries of a ustar stream (made by archiveDataDir) into `target`, which must be
 * empty. Anything but directories and regular files, or a path outside the data directory's own
 * entries, ends it with an error.
 */
export function extractDataDir(target: string): Writable {
  let pending: Buffer = Buffer.alloc(0);
  let file: { out: Writable; left: number; padding: number } | undefined;
  let skipPadding = 0;
  let ended = false;

  async function consume(): Promise<void> {
    for (;;) {
      if (skipPadding > 0) {
        if (pending.length === 0) return;
        const take = Math.min(skipPadding, pending.length);
        pending = pending.subarray(take);
        skipPadding -= take;
        continue;
      }
      if (file) {
        if (file.left === 0) {
          const done = file;
          file = undefined;
          await new Promise<void>((resolve, reject) => done.out.end((error?: Error | null) => (error ? reject(error) : resolve())));
          skipPadding = done.padding;
          continue;
        }
        if (pending.length === 0) return;
        const take = Math.min(file.left, pending.length);
        const piece = pending.subarray(0, take);
        pending = pending.subarray(take);
        file.left -= take;
        if (!file.out.write(piece)) await new Promise((resolve) => file!.out.once('drain', resolve));
        continue;
      }
      if (ended || pending.length < BLOCK) return;
      const block = pending.subarray(0, BLOCK);
      pending = pending.subarray(BLOCK);
      if (block.every((byte) => byte === 0)) {
        ended = true;
        return;
      }
      if (field(block, 257, 5) !== 'ustar') throw new Error('not a ustar archive');
      const prefix = field(block, 345, 155);
      const name = prefix ? `${prefix}/${field(block, 0, 100)}` : field(block, 0, 100);
      const size = parseInt(field(block, 124, 12).trim() || '0', 8);
      const mode = parseInt(field(block, 100, 8).trim() || '600', 8) & 0o700;
      const type = field(block, 156, 1);
      const relative = safePath(name);
      if (type === '5') {
        await mkdir(path.join(target, relative), { recursive: true });
      } else if (type === '0' || type === '') {
        await mkdir(path.dirname(path.join(target, relative)), { recursive: true });
        const out = createWriteStream(path.join(target, relative), { flags: 'wx', mode: mode | 0o600 });
        file = { out, left: size, padding: (BLOCK - (size % BLOCK)) % BLOCK };
      } else {
        throw new Error(`the archive holds an entry of type ${JSON.stringify(type)} (${name}); a data directory has only files and directories`);
      }
    }
  }

  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      consume().then(() => callback(), callback);
    },
    final(callback) {
      if (file || !ended) return callback(new Error('the archive ends early'));
      callback();
    },
  });
}

/** Unpacks a whole archive stream into `target` (made if missing). */
export async function unpackDataDir(archive: Readable, target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  await pipeline(archive, extractDataDir(target));
}
