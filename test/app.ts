import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { buildApp, type App } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Db } from '../src/platform/db/client.js';
import type { Role } from '../src/platform/identity/identity.schema.js';
import { createUser } from '../src/platform/identity/users.service.js';
import type { AreaModule } from '../src/platform/modules/area-module.js';
import type { Tenant } from '../src/platform/tenancy/tenants.repository.js';
import { createTenant } from '../src/platform/tenancy/tenants.service.js';
import type { BlobStore } from '../src/platform/storage/blob-store.js';
import { openTestBlobStore } from './blob-stores.js';
import { createTestDb } from './db.js';

export const PASSWORD = 'Correct-Horse-9';

/** One key for the run's test processes, in its scratch directory (see global-setup), never in the checkout. */
export function testSecretKeyFile(): string {
  return path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'secret.key');
}

export function testConfig(env: Record<string, string> = {}): Config {
  const secretKeyFile = testSecretKeyFile();
  // An app built without a store of its own opens this one: in the scratch directory, never in the checkout.
  const storage = `local:${path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'blobs')}`;
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LECTERN_SEED_DEMO: 'false', LECTERN_SECRET_KEY_FILE: secretKeyFile, LECTERN_STORAGE: storage, ...env });
}

/** A stand-in for the built SPA, so page serving is tested without a web build (in the run's scratch directory, see global-setup). */
export function fakeWebDir(): string {
  const dir = mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'lectern-web-'));
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><meta name="csp-nonce" content="__CSP_NONCE__"></head><body><div id="root"></div></body></html>',
  );
  return dir;
}

export interface TestContext {
  app: App;
  db: Db;
  /** The app's blob store: a local one in the run's scratch directory unless the test passed its own. */
  storage: BlobStore;
  close(): Promise<void>;
}

/** `logStream`: the app logs there (at the env's LOG_LEVEL) instead of not at all. `modules`: the areas to serve (default: src/modules.ts). */
export async function createTestApp(
  options: { env?: Record<string, string>; db?: Db; logStream?: Writable; modules?: readonly AreaModule[]; storage?: BlobStore } = {},
): Promise<TestContext> {
  const db = options.db ?? (await createTestDb());
  const ownStore = options.storage ? undefined : await openTestBlobStore(db);
  const storage = options.storage ?? ownStore!;
  const logging = options.logStream ? { logger: true, logStream: options.logStream } : { logger: false };
  let app: App;
  try {
    app = await buildApp({ config: testConfig(options.env), db, ...logging, webDir: fakeWebDir(), blobStore: storage, ...(options.modules ? { modules: options.modules } : {}) });
    await Promise.resolve(app.ready()).catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
  } catch (error) {
    // An app that does not start leaves nothing open behind it.
    await ownStore?.close();
    if (!options.db) await db.close();
    throw error;
  }
  return {
    app,
    db,
    storage,
    async close() {
      await app.close();
      await ownStore?.close();
      await db.close();
    },
  };
}

export async function createTenantWithUser(
  db: Db,
  slug: string,
  user: { email?: string; roles?: Role[]; password?: string } = {},
): Promise<{ tenant: Tenant; email: string; password: string; host: string }> {
  const host = `${slug}.test`;
  const tenant = await createTenant(db, { slug, name: slug.toUpperCase(), hostnames: [host] });
  const email = user.email ?? `admin@${slug}.test`;
  const password = user.password ?? PASSWORD;
  await createUser(db, tenant.id, { email, firstName: 'Ada', lastName: slug, roles: user.roles ?? ['admin'], password });
  return { tenant, email, password, host };
}

/** Signs in through the API and returns the session cookie header value. */
export async function signInCookie(app: App, host: string, email: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host }, payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'lectern_session');
  if (!cookie) throw new Error('no session cookie');
  return `lectern_session=${cookie.value}`;
}
