import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import type { Db } from '../db/client.js';
import { SecretBox } from '../secrets/secret-box.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { BlobDamagedError, type StoredBlob } from './blob-codec.js';
import type { ByteRange } from './blob-location.js';
import { SealedCodec, THREADED_SEALING_MIN_BYTES } from './sealed-codec.js';
import { wholeRange } from './sealed-format.js';
import { sealedSizeV1 } from './sealed-format-v1.js';
import { createSealerV1 } from './sealed-format-v1.test-support.js';
import { storageTenantKeys } from './storage.schema.js';
import { TenantDataKeyMissingError, TenantDataKeys, tenantKeyContext } from './tenant-data-keys.js';

describe(`sealed codec: blobs encrypted at rest per tenant (${engine})`, () => {
  let db: Db;
  let dir: string;
  const box = new SecretBox(randomBytes(32));
  let count = 0;

  beforeAll(async () => {
    db = await createTestDb();
    dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-sealed-'));
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const newTenant = async () => (await createTenant(db, { slug: `codec-${++count}`, name: `Codec ${count}` })).id;

  /** What the store's row would say of each stored file. */
  const rows = new Map<string, StoredBlob>();

  /** Seals `plain` for the tenant into a real file, as a local location would store it. */
  async function store(codec: SealedCodec, tenantId: string, plain: Buffer, expectedBytes?: number): Promise<string> {
    const file = path.join(dir, `blob-${++count}`);
    const sealer = await codec.sealer(tenantId, { expectedBytes });
    await pipeline(Readable.from([plain]), sealer, createWriteStream(file));
    rows.set(file, { ...sealer.plain(), storedSize: statSync(file).size });
    return file;
  }

  /** Reads the plain `range` back from the file, reading only the stored bytes the codec names. */
  async function read(codec: SealedCodec, tenantId: string, file: string, plainSize: number, range: ByteRange = wholeRange(plainSize)): Promise<Buffer> {
    const blob = rows.get(file)!;
    expect(blob.size).toBe(plainSize);
    const stored = codec.storedRangeOf(range, blob);
    const opener: Transform = await codec.opener(tenantId, range, blob);
    const out: Buffer[] = [];
    await pipeline(createReadStream(file, { start: stored.start, end: stored.end }), opener, async (source: AsyncIterable<Buffer>) => {
      for await (const piece of source) out.push(piece);
    });
    return Buffer.concat(out);
  }

  it('a blob written to a file comes back whole and by ranges; the file is sealedSize() bytes and holds no plain text', async () => {
    const codec = new SealedCodec(new TenantDataKeys(db, box));
    const tenantId = await newTenant();
    const plain = Buffer.from('Lectern course handout, page after page. '.repeat(10_000));
    const file = await store(codec, tenantId, plain);
    expect(statSync(file).size).toBe(codec.sealedSize(plain.length));
    expect(readFileSync(file).includes(Buffer.from('course handout'))).toBe(false);
    expect((await read(codec, tenantId, file, plain.length)).equals(plain)).toBe(true);
    const range = { start: 70_000, end: 200_000 };
    expect((await read(codec, tenantId, file, plain.length, range)).equals(plain.subarray(range.start, range.end + 1))).toBe(true);
    // Another node opens it too: the key comes from the database, not from this process.
    expect((await read(new SealedCodec(new TenantDataKeys(db, box)), tenantId, file, plain.length)).equals(plain)).toBe(true);
  });

  it('a large blob, sealed on the sealing thread, is stored in the same format and comes back whole and by ranges', async () => {
    const codec = new SealedCodec(new TenantDataKeys(db, box));
    const tenantId = await newTenant();
    const plain = randomBytes(THREADED_SEALING_MIN_BYTES + 12_345);
    const file = await store(codec, tenantId, plain, plain.length);
    expect(statSync(file).size).toBe(codec.sealedSize(plain.length));
    expect(rows.get(file)!.hash).toBe(createHash('sha256').update(plain).digest('hex'));
    expect((await read(codec, tenantId, file, plain.length)).equals(plain)).toBe(true);
    const range = { start: 3_000_000, end: plain.length - 1 };
    expect((await read(codec, tenantId, file, plain.length, range)).equals(plain.subarray(range.start))).toBe(true);
  });

  it('a blob stored in version 1 still opens, whole and by ranges; only version 2 proves the blob\'s identity itself', async () => {
    const keys = new TenantDataKeys(db, box);
    const codec = new SealedCodec(keys);
    const tenantId = await newTenant();
    const plain = randomBytes(200_000);
    const file = path.join(dir, `blob-${++count}`);
    await pipeline(Readable.from([plain]), createSealerV1(await keys.forWriting(tenantId), tenantId), createWriteStream(file));
    const blob = { hash: createHash('sha256').update(plain).digest('hex'), size: plain.length, storedSize: statSync(file).size };
    expect(blob.storedSize).toBe(sealedSizeV1(plain.length));
    rows.set(file, blob);
    expect((await read(codec, tenantId, file, plain.length)).equals(plain)).toBe(true);
    for (const range of [{ start: 70_000, end: 140_000 }, { start: 131_072, end: 199_999 }, { start: 5, end: 6 }]) {
      expect((await read(codec, tenantId, file, plain.length, range)).equals(plain.subarray(range.start, range.end + 1))).toBe(true);
    }
    expect(codec.provesIdentity(blob)).toBe(false);
    const current = await store(codec, tenantId, plain);
    expect(codec.provesIdentity(rows.get(current)!)).toBe(true);
    expect(rows.get(current)!.storedSize).toBe(codec.sealedSize(plain.length));
  });

  it('two nodes storing a tenant\'s first blobs at once read each other\'s blobs', async () => {
    const tenantId = await newTenant();
    const nodes = [new SealedCodec(new TenantDataKeys(db, box)), new SealedCodec(new TenantDataKeys(db, box))];
    const plains = [randomBytes(100_000), randomBytes(100_000)];
    const files = await Promise.all(nodes.map((node, i) => store(node, tenantId, plains[i]!)));
    expect((await read(nodes[1]!, tenantId, files[0]!, 100_000)).equals(plains[0]!)).toBe(true);
    expect((await read(nodes[0]!, tenantId, files[1]!, 100_000)).equals(plains[1]!)).toBe(true);
  });

  it('no tenant reads another\'s blob, with its own key or with the other tenant\'s key bytes in its row', async () => {
    const codec = new SealedCodec(new TenantDataKeys(db, box));
    const a = await newTenant();
    const b = await newTenant();
    const plain = randomBytes(150_000);
    const file = await store(codec, a, plain);
    await store(codec, b, randomBytes(10));

    await expect(read(codec, b, file, plain.length)).rejects.toBeInstanceOf(BlobDamagedError);
    await expect(read(codec, b, file, plain.length, { start: 70_000, end: 70_010 })).rejects.toBeInstanceOf(BlobDamagedError);

    // B's row made to hold A's very key bytes (sealed properly for B): the blob is still A's alone,
    // because every chunk authenticates the tenant id it was sealed for.
    const keyOfA = await new TenantDataKeys(db, box).forReading(a);
    await db.owner
      .update(storageTenantKeys)
      .set({ sealedKey: box.seal(keyOfA.toString('base64'), tenantKeyContext(b)) })
      .where(eq(storageTenantKeys.tenantId, b));
    const freshCodec = new SealedCodec(new TenantDataKeys(db, box));
    await expect(read(freshCodec, b, file, plain.length)).rejects.toBeInstanceOf(BlobDamagedError);
    expect((await read(freshCodec, a, file, plain.length)).equals(plain)).toBe(true);
  });

  it('reading a blob of a tenant that has no key is refused and makes no key', async () => {
    const writer = new SealedCodec(new TenantDataKeys(db, box));
    const tenantId = await newTenant();
    const stranger = await newTenant();
    const file = await store(writer, tenantId, randomBytes(1000));
    await expect(read(writer, stranger, file, 1000)).rejects.toBeInstanceOf(TenantDataKeyMissingError);
    expect(await db.owner.select().from(storageTenantKeys).where(eq(storageTenantKeys.tenantId, stranger))).toEqual([]);
  });

  it('after the cryptographic erase no node opens the stored bytes: not the eraser, not a new node, not one that had the key cached once its cache time passed, not a new key', async () => {
    let now = 5_000_000;
    const eraserKeys = new TenantDataKeys(db, box, { now: () => now });
    const eraser = new SealedCodec(eraserKeys);
    const cachingNode = new SealedCodec(new TenantDataKeys(db, box, { now: () => now, cacheMs: 60_000 }));
    const tenantId = await newTenant();
    const plain = randomBytes(300_000);
    const file = await store(eraser, tenantId, plain);
    const storedBefore = readFileSync(file);
    expect((await read(cachingNode, tenantId, file, plain.length)).equals(plain)).toBe(true);

    expect(await eraserKeys.destroy(tenantId)).toBe(true);

    // The stored bytes are untouched: the erase works without reaching any copy of them.
    expect(readFileSync(file).equals(storedBefore)).toBe(true);
    await expect(read(eraser, tenantId, file, plain.length)).rejects.toBeInstanceOf(TenantDataKeyMissingError);
    await expect(read(new SealedCodec(new TenantDataKeys(db, box)), tenantId, file, plain.length)).rejects.toBeInstanceOf(TenantDataKeyMissingError);
    now += 60_000;
    await expect(read(cachingNode, tenantId, file, plain.length)).rejects.toBeInstanceOf(TenantDataKeyMissingError);
    // A later write makes a new key, which does not open what was sealed before the erase.
    await store(eraser, tenantId, randomBytes(10));
    await expect(read(eraser, tenantId, file, plain.length)).rejects.toBeInstanceOf(BlobDamagedError);
    await expect(read(cachingNode, tenantId, file, plain.length, { start: 100_000, end: 100_001 })).rejects.toBeInstanceOf(BlobDamagedError);
  });
});
