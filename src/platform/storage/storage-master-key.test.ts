import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import { exitOf, freePort, isolatedDatabaseEnv, spawnLectern } from '../../../test/process.js';
import { ConfigError } from '../../config.js';
import { openDatabase, type Db } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { loadOrCreateSecretKey, SecretBox } from '../secrets/secret-box.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { storageTenantKeys } from './storage.schema.js';
import { verifyStorageMasterKey } from './storage-master-key.js';
import { TenantDataKeys } from './tenant-data-keys.js';

describe(`start-up checks the storage master key (${engine})`, () => {
  let db: Db;
  const master = new SecretBox(randomBytes(32));
  let count = 0;

  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  const newTenant = async () => (await createTenant(db, { slug: `master-${++count}`, name: `Master ${count}` })).id;
  const refusalOf = (box: SecretBox) => verifyStorageMasterKey(db, box, '/etc/lectern/secret.key').then(
    () => undefined,
    (error: unknown) => error,
  );

  it('with no data key stored yet, any master key is accepted (a new installation)', async () => {
    expect(await refusalOf(new SecretBox(randomBytes(32)))).toBeUndefined();
  });

  it('the key that sealed the data keys is accepted', async () => {
    const keys = new TenantDataKeys(db, master);
    await keys.forWriting(await newTenant());
    await keys.forWriting(await newTenant());
    expect(await refusalOf(master)).toBeUndefined();
  });

  it('another key file stops the node with a message naming LECTERN_SECRET_KEY_FILE, the file and both keys', async () => {
    const stranger = new SecretBox(randomBytes(32));
    const refusal = await refusalOf(stranger);
    expect(refusal).toBeInstanceOf(ConfigError);
    const message = (refusal as ConfigError).message;
    expect(message).toContain("LECTERN_SECRET_KEY_FILE holds another key than the one that sealed the tenants' data keys; files cannot be read.");
    expect(message).toContain(`sealed with key ${master.keyId}, but /etc/lectern/secret.key holds key ${stranger.keyId}`);
  });

  it('one data key sealed with another key among many sealed with this one is found', async () => {
    const other = new SecretBox(randomBytes(32));
    for (let i = 0; i < 5; i++) await new TenantDataKeys(db, master).forWriting(await newTenant());
    const foreign = await newTenant();
    await new TenantDataKeys(db, other).forWriting(foreign);
    const refusal = await refusalOf(master);
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).message).toContain(`sealed with key ${other.keyId}, but /etc/lectern/secret.key holds key ${master.keyId}`);
    await db.owner.delete(storageTenantKeys).where(eq(storageTenantKeys.tenantId, foreign));
    expect(await refusalOf(master)).toBeUndefined();
  });

  it('a data key that names this key but does not open with it stops the node too', async () => {
    const tenantId = await newTenant();
    await db.owner.delete(storageTenantKeys);
    await db.owner.insert(storageTenantKeys).values({ tenantId, sealedKey: master.seal(randomBytes(32).toString('base64'), 'another context') });
    const refusal = await refusalOf(master);
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).message).toContain(`does not open with key ${master.keyId} in /etc/lectern/secret.key`);
  });
});

describe(`a node started with another key file (${engine})`, { timeout: 180_000 }, () => {
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    for (const cleanup of cleanups) await cleanup();
  });

  async function serve(env: Record<string, string>, keyFile: string) {
    const child = spawnLectern(['serve'], {
      ...env,
      LECTERN_SECRET_KEY_FILE: keyFile,
      LECTERN_SEED_DEMO: 'false',
      PORT: String(await freePort()),
      LECTERN_CONTENT_PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
    children.push(child);
    return child;
  }

  it('refuses to start, naming LECTERN_SECRET_KEY_FILE and both keys', async () => {
    const database = await isolatedDatabaseEnv();
    cleanups.push(database.cleanup);
    const keys = mkdtempSync(path.join(os.tmpdir(), 'lectern-keys-'));
    cleanups.push(async () => rmSync(keys, { recursive: true, force: true }));
    const rightFile = path.join(keys, 'right.key');
    const otherFile = path.join(keys, 'other.key');
    const right = new SecretBox(loadOrCreateSecretKey(rightFile));
    const other = new SecretBox(loadOrCreateSecretKey(otherFile));

    // A tenant stored a file under the right key.
    const db = database.env.DATABASE_URL
      ? await openDatabase({ kind: 'postgres', url: database.env.DATABASE_URL })
      : await openDatabase({ kind: 'pglite', dataDir: database.env.DATA_DIR });
    try {
      await runMigrations(db);
      await new TenantDataKeys(db, right).forWriting((await createTenant(db, { slug: 'stored', name: 'Stored' })).id);
    } finally {
      await db.close();
    }

    const refused = await serve(database.env, otherFile);
    let output = '';
    refused.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    refused.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    expect(await exitOf(refused)).not.toBe(0);
    expect(output).toContain("LECTERN_SECRET_KEY_FILE holds another key than the one that sealed the tenants' data keys; files cannot be read.");
    expect(output).toContain(`sealed with key ${right.keyId}, but ${otherFile} holds key ${other.keyId}`);
    expect(output).not.toContain('Lectern is serving');
  });
});
