import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/platform/db/client.js';
import { makeTempDir, removeTempDir } from './cleanup.js';

/**
 * Runs `work` against the whole application in this process (buildApp + inject: no sockets) on a
 * fresh database from `openDb`, with a stand-in index page (the SPA is not measured), and
 * removes everything afterwards, on an error too. `env`: more settings (e.g. LECTERN_METRICS).
 */
export async function withInProcessApp<T>(
  label: string,
  openDb: () => Promise<{ db: Db; close: () => Promise<void> }>,
  work: (app: App, db: Db) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const dir = makeTempDir(label);
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>bench</title>');
  const { db, close } = await openDb();
  try {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LECTERN_SEED_DEMO: 'false', DATA_DIR: dir, ...env });
    const app = await buildApp({ config, db, logger: false, webDir: dir });
    await app.ready();
    try {
      return await work(app, db);
    } finally {
      await app.close();
    }
  } finally {
    await close();
    removeTempDir(dir);
  }
}

/** Signs `email` in on the in-process app at `host`: the session cookie (`lectern_session=…`) for later requests. */
export async function injectedSignIn(app: App, host: string, email: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host }, payload: { email, password } });
  const session = res.cookies.find((c) => c.name === 'lectern_session');
  if (res.statusCode !== 200 || !session) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  return `lectern_session=${session.value}`;
}
