import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import { queryRows, type Db } from '../db/client.js';
import { insertJob } from '../jobs/jobs.repository.js';
import { SecretBox } from '../secrets/secret-box.js';
import { LocalLocation } from '../storage/local-location.js';
import type { BlobRef } from '../storage/blob-store.js';
import { ReplicatedBlobStore } from '../storage/replicated-blob-store.js';
import { SealedCodec } from '../storage/sealed-codec.js';
import { wholeRange } from '../storage/sealed-format.js';
import { TenantDataKeyMissingError, TenantDataKeys } from '../storage/tenant-data-keys.js';
import { eraseTenant } from './erase-tenant.js';
import { createTenant } from './tenants.service.js';
import { findTenantBySlug } from './tenants.repository.js';

/** Every stored object file under a location's root (its temporary folder left out). */
function storedFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !path.join(entry.parentPath, entry.name).includes(`${path.sep}.tmp`))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

async function openSealed(codec: SealedCodec, tenantId: string, sealed: Buffer, blob: BlobRef): Promise<Buffer> {
  const out: Buffer[] = [];
  const stored = { ...blob, storedSize: sealed.length };
  await pipeline(Readable.from([sealed]), await codec.opener(tenantId, wholeRange(blob.size), stored), async (source: AsyncIterable<Buffer>) => {
    for await (const piece of source) out.push(piece);
  });
  return Buffer.concat(out);
}

describe(`erasing a tenant (${engine})`, () => {
  let db: Db;
  let dir: string;
  let roots: string[];
  let keys: TenantDataKeys;
  let store: ReplicatedBlobStore;
  const box = new SecretBox(randomBytes(32));

  beforeAll(async () => {
    db = await createTestDb();
    dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-erase-'));
    roots = [path.join(dir, 'site-a'), path.join(dir, 'site-b')];
    keys = new TenantDataKeys(db, box);
    store = new ReplicatedBlobStore({
      db,
      codec: new SealedCodec(keys),
      locations: await Promise.all(roots.map((root) => LocalLocation.open(root))),
      writeQuorum: 2,
      spoolDir: path.join(dir, 'spool'),
    });
  });
  afterAll(async () => {
    await store.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('destroys the key first, so no kept copy of its files opens again, then removes every copy and every row; the other tenant keeps all', async () => {
    const gone = await createTenant(db, { slug: 'leaving', name: 'Leaving', hostnames: ['leaving.test'] });
    const stays = await createTenant(db, { slug: 'staying', name: 'Staying', hostnames: ['staying.test'] });
    const plain = Buffer.from('Payroll training, confidential. '.repeat(5000));
    const leaving = await store.put(gone.id, plain);
    const staying = await store.put(stays.id, plain);
    await db.withTenant(gone.id, (tx) => insertJob(tx, { kind: 'mail.send', payload: { to: 'someone@leaving.test' } }));

    // What an attacker (or a forgotten backup) kept: a raw copy of the leaving tenant's stored object.
    const keptCopy = storedFiles(roots[0]!).find((file) => file.includes(gone.id))!;
    const kept = readFileSync(keptCopy);
    expect(kept.includes(Buffer.from('Payroll training'))).toBe(false);
    expect((await openSealed(new SealedCodec(keys), gone.id, kept, leaving)).equals(plain)).toBe(true);

    const erased = await eraseTenant({ db, keys, store }, 'leaving');
    expect(erased).toMatchObject({ slug: 'leaving', keyDestroyed: true, blobRows: 1, storedObjects: 2 });

    // The kept copy opens nowhere: not with a fresh node's keys, not with any other tenant's key.
    const freshNode = new SealedCodec(new TenantDataKeys(db, box));
    await expect(openSealed(freshNode, gone.id, kept, leaving)).rejects.toBeInstanceOf(TenantDataKeyMissingError);
    await expect(openSealed(freshNode, stays.id, kept, leaving)).rejects.toThrow();
    // No object of the tenant is left at any location but the record of its erasure (where its
    // audit chain ended, for verification), and no row in any table names it.
    for (const root of roots) {
      const left = storedFiles(root).filter((file) => file.includes(gone.id));
      expect(left).toEqual([expect.stringContaining(path.join('platform', 'audit-erasures', `${gone.id}.json`))]);
      expect(JSON.parse(readFileSync(left[0]!, 'utf8'))).toMatchObject({ format: 'lectern-site-erasure', tenantId: gone.id, slug: 'leaving', headSeq: expect.any(Number) });
    }
    expect(await findTenantBySlug(db.owner, 'leaving')).toBeUndefined();
    const tables = await queryRows<{ table: string }>(
      db.owner,
      sql`select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r'
            and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`,
    );
    expect(tables.length).toBeGreaterThan(10);
    for (const { table } of tables) {
      const [row] = await queryRows<{ n: number }>(db.owner, sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${gone.id}`);
      expect(row!.n, table).toBe(0);
    }

    // The staying tenant's blob, with the same bytes, is untouched and reads back.
    const chunks: Buffer[] = [];
    for await (const piece of await store.get(stays.id, staying.hash)) chunks.push(piece as Buffer);
    expect(Buffer.concat(chunks).equals(plain)).toBe(true);
    expect(leaving.hash).toBe(staying.hash);
    for (const root of roots) expect(storedFiles(root).filter((file) => file.includes(stays.id))).toHaveLength(1);
  });

  it('an interrupted erase is finished by running it again', async () => {
    const tenant = await createTenant(db, { slug: 'interrupted', name: 'Interrupted', hostnames: [] });
    await store.put(tenant.id, randomBytes(10_000));
    await keys.destroy(tenant.id);
    const finished = await eraseTenant({ db, keys, store }, 'interrupted');
    expect(finished).toMatchObject({ keyDestroyed: false, blobRows: 1, storedObjects: 2 });
    for (const root of roots) expect(storedFiles(root).filter((file) => file.includes(tenant.id) && !file.includes('audit-erasures'))).toEqual([]);
    expect(statSync(roots[0]!).isDirectory()).toBe(true);
  });

  it('names an unknown site', async () => {
    await expect(eraseTenant({ db, keys, store }, 'no-such-site')).rejects.toMatchObject({ code: 'TENANT_NOT_FOUND' });
  });
});
