import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobMissingError } from './blob-location.js';
import { blobKey } from './blob-key.js';
import { LocalLocation } from './local-location.js';

const tenant = randomUUID();
const hashA = 'ab'.repeat(32);
const hashB = 'cd'.repeat(32);

let root: string;
let location: LocalLocation;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lectern-local-'));
  location = await LocalLocation.open(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a local location', () => {
  it('stores, reads whole and by inclusive range, heads, lists and deletes', async () => {
    const key = blobKey(tenant, hashA);
    await location.put(key, Readable.from([Buffer.from('hello '), Buffer.from('world')]), 11);
    expect(await readFile(path.join(root, tenant, 'ab', hashA), 'utf8')).toBe('hello world');
    expect(await text(await location.get(key))).toBe('hello world');
    expect(await text(await location.get(key, { start: 6, end: 10 }))).toBe('world');
    expect(await text(await location.get(key, { start: 0, end: 0 }))).toBe('h');
    expect(await location.head(key)).toEqual({ size: 11 });

    await location.put(blobKey(tenant, hashB), Readable.from([Buffer.from('x')]), 1);
    const listed = [];
    for await (const object of location.list('')) listed.push(object);
    expect(listed.map((o) => [o.key, o.size]).sort()).toEqual([
      [key, 11],
      [blobKey(tenant, hashB), 1],
    ]);
    expect(listed[0]!.modifiedAt).toBeInstanceOf(Date);
    const other = [];
    for await (const object of location.list(`${randomUUID()}/`)) other.push(object);
    expect(other).toEqual([]);

    await location.delete(key);
    await location.delete(key); // idempotent
    expect(await location.head(key)).toBeNull();
    await expect(location.get(key)).rejects.toBeInstanceOf(BlobMissingError);
  });

  it('replaces an object whole, and leaves nothing when the body fails mid-way', async () => {
    const key = blobKey(tenant, hashA);
    await location.put(key, Readable.from([Buffer.from('old bytes')]), 9);
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024, 1));
        this.destroy(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
      },
    });
    await expect(location.put(key, failing, 1024 * 1024)).rejects.toThrow('no space left');
    expect(await text(await location.get(key))).toBe('old bytes');
    expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
  });

  it('a body that fails before its copy is even opened is refused with its error (not left unheard to end the process)', async () => {
    const key = blobKey(tenant, hashB);
    const failing = new PassThrough();
    // Fails while put still opens its temporary file: nobody reads the body yet.
    setImmediate(() => failing.destroy(Object.assign(new Error('no space left on device, write'), { code: 'ENOSPC' })));
    await expect(location.put(key, failing, 1024)).rejects.toThrow('no space left');
    expect(await location.head(key)).toBeNull();
    expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
  });

  it('adopts a spooled file as its copy; the copy stays when the spool file is removed', async () => {
    const key = blobKey(tenant, hashA);
    const spool = path.join(root, 'spool-file');
    await writeFile(spool, 'spooled bytes');
    await location.adopt(key, spool, 13);
    await rm(spool);
    expect(await text(await location.get(key))).toBe('spooled bytes');
    await writeFile(spool, 'short');
    await expect(location.adopt(key, spool, 13)).rejects.toThrow('got 5 bytes, expected 13');
    expect(await text(await location.get(key))).toBe('spooled bytes');
    expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
  });

  it('refuses a body of another size than announced, keeping nothing', async () => {
    const key = blobKey(tenant, hashA);
    await expect(location.put(key, Readable.from([Buffer.from('abc')]), 4)).rejects.toThrow('got 3 bytes, expected 4');
    expect(await location.head(key)).toBeNull();
    expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
  });

  it('refuses path-like and malformed keys on every operation', async () => {
    const outside = path.join(path.dirname(root), `outside-${randomUUID()}`);
    const bad = [
      '../x',
      '/etc/passwd',
      'a/../../b',
      `${tenant}/ab/../../../x`,
      `${tenant}\\ab\\${hashA}`,
      `${tenant.toUpperCase()}/ab/${hashA}`,
      `${tenant}/AB/${hashA.toUpperCase()}`,
      `${tenant}/cd/${hashA}`, // the two-digit level must be the hash's first two digits
      `${tenant}/ab/${hashA}/`,
      '',
      path.relative(root, outside),
    ];
    for (const key of bad) {
      await expect(location.put(key, Readable.from([Buffer.from('x')]), 1), key).rejects.toThrow('not a blob key');
      await expect(location.get(key), key).rejects.toThrow('not a blob key');
      await expect(location.head(key), key).rejects.toThrow('not a blob key');
      await expect(location.delete(key), key).rejects.toThrow('not a blob key');
    }
    await expect(async () => {
      for await (const object of location.list('../')) void object;
    }).rejects.toThrow('not a blob key');
    expect(existsSync(outside)).toBe(false);
  });

  it('does not list what an interrupted put left in its temporary directory, and clears it on opening', async () => {
    await writeFile(path.join(root, '.tmp', 'leftover'), 'half');
    await mkdir(path.join(root, tenant, 'ab'), { recursive: true });
    const listed = [];
    for await (const object of location.list('')) listed.push(object);
    expect(listed).toEqual([]);
    await LocalLocation.open(root);
    expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
  });

  it('probes: answers while the directory is writable, fails when it is gone', async () => {
    await location.probe();
    await rm(root, { recursive: true, force: true });
    await expect(location.probe()).rejects.toThrow();
  });
});
