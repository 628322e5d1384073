import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import type { Db } from '../db/client.js';
import { SecretBox } from '../secrets/secret-box.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { storageTenantKeys } from './storage.schema.js';
import { TenantDataKeyMissingError, TenantDataKeys, tenantKeyContext } from './tenant-data-keys.js';

describe(`tenant data keys (${engine})`, () => {
  let db: Db;
  const box = new SecretBox(randomBytes(32));
  let count = 0;

  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  const newTenant = async () => (await createTenant(db, { slug: `keys-${++count}`, name: `Keys ${count}` })).id;
  const storedRow = async (tenantId: string) => (await db.owner.select().from(storageTenantKeys).where(eq(storageTenantKeys.tenantId, tenantId)))[0];

  it('the first write makes a 32-byte key, stored only sealed by the master key and bound to the tenant', async () => {
    const tenantId = await newTenant();
    const key = await new TenantDataKeys(db, box).forWriting(tenantId);
    expect(key.length).toBe(32);
    const row = await storedRow(tenantId);
    expect(row?.sealedKey).toMatch(new RegExp(`^s1:${box.keyId}:`));
    expect(row?.sealedKey).not.toContain(key.toString('base64'));
    expect(row?.sealedKey).not.toContain(key.toString('base64url'));
    expect(Buffer.from(box.open(row!.sealedKey, tenantKeyContext(tenantId)), 'base64').equals(key)).toBe(true);
    // Another node (another instance, nothing cached) reads the same key; later writes keep it.
    expect((await new TenantDataKeys(db, box).forReading(tenantId)).equals(key)).toBe(true);
    expect((await new TenantDataKeys(db, box).forWriting(tenantId)).equals(key)).toBe(true);
  });

  it('each tenant has a key of its own', async () => {
    const keys = new TenantDataKeys(db, box);
    const a = await keys.forWriting(await newTenant());
    const b = await keys.forWriting(await newTenant());
    expect(a.equals(b)).toBe(false);
  });

  it('reading never makes a key: a tenant without one is refused and still has none', async () => {
    const tenantId = await newTenant();
    await expect(new TenantDataKeys(db, box).forReading(tenantId)).rejects.toBeInstanceOf(TenantDataKeyMissingError);
    expect(await storedRow(tenantId)).toBeUndefined();
  });

  it('two nodes making the first key at once end up with the same key', async () => {
    for (let round = 0; round < 5; round++) {
      const tenantId = await newTenant();
      const nodes = [new TenantDataKeys(db, box), new TenantDataKeys(db, box), new TenantDataKeys(db, box)];
      const keys = await Promise.all(nodes.flatMap((node) => [node.forWriting(tenantId), node.forWriting(tenantId)]));
      for (const key of keys) expect(key.equals(keys[0]!)).toBe(true);
      expect(Buffer.from(box.open((await storedRow(tenantId))!.sealedKey, tenantKeyContext(tenantId)), 'base64').equals(keys[0]!)).toBe(true);
    }
  });

  it('a node with another master key neither reads nor replaces a stored key', async () => {
    const tenantId = await newTenant();
    await new TenantDataKeys(db, box).forWriting(tenantId);
    const before = (await storedRow(tenantId))!.sealedKey;
    const stranger = new TenantDataKeys(db, new SecretBox(randomBytes(32)));
    await expect(stranger.forReading(tenantId)).rejects.toThrow(/does not open with the master key in LECTERN_SECRET_KEY_FILE/);
    await expect(stranger.forWriting(tenantId)).rejects.toThrow(/does not open with the master key in LECTERN_SECRET_KEY_FILE/);
    expect((await storedRow(tenantId))!.sealedKey).toBe(before);
  });

  it('a sealed key copied into another tenant\'s row does not open there', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const keys = new TenantDataKeys(db, box);
    await keys.forWriting(a);
    await keys.forWriting(b);
    await db.owner.update(storageTenantKeys).set({ sealedKey: (await storedRow(a))!.sealedKey }).where(eq(storageTenantKeys.tenantId, b));
    await expect(new TenantDataKeys(db, box).forReading(b)).rejects.toThrow();
  });

  it('destroy deletes the key; this node forgets it at once, another node when its cache time has passed; writing afterwards makes a new key', async () => {
    const tenantId = await newTenant();
    let now = 1_000_000;
    const eraser = new TenantDataKeys(db, box, { now: () => now });
    const otherNode = new TenantDataKeys(db, box, { now: () => now, cacheMs: 60_000 });
    const original = await eraser.forWriting(tenantId);
    expect((await otherNode.forReading(tenantId)).equals(original)).toBe(true);

    expect(await eraser.destroy(tenantId)).toBe(true);

    expect(await storedRow(tenantId)).toBeUndefined();
    await expect(eraser.forReading(tenantId)).rejects.toBeInstanceOf(TenantDataKeyMissingError);
    // Within its cache time the other node still holds the key it read before the erase …
    now += 59_000;
    expect((await otherNode.forReading(tenantId)).equals(original)).toBe(true);
    // … and not a moment longer.
    now += 1_000;
    await expect(otherNode.forReading(tenantId)).rejects.toBeInstanceOf(TenantDataKeyMissingError);
    expect(await storedRow(tenantId)).toBeUndefined();
    expect(await eraser.destroy(tenantId)).toBe(false);

    const fresh = await otherNode.forWriting(tenantId);
    expect(fresh.equals(original)).toBe(false);
  });

  it('a key read from the database while this node erases it is not kept in the cache', async () => {
    const tenantId = await newTenant();
    const writer = new TenantDataKeys(db, box);
    await writer.forWriting(tenantId);
    const node = new TenantDataKeys(db, box);
    const reading = node.forReading(tenantId).catch((error: unknown) => error);
    await node.destroy(tenantId);
    await reading;
    await expect(node.forReading(tenantId)).rejects.toBeInstanceOf(TenantDataKeyMissingError);
  });
});
