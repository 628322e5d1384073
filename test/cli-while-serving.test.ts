import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR_IN_USE_EXIT_CODE, DATA_DIR_LOCK_FILE } from '../src/platform/db/data-dir-lock.js';
import { engine } from './db.js';
import { exitOf, freePort, isolatedDatabaseEnv, runLectern, spawnLectern, waitForOutput } from './process.js';

describe(`lectern commands while the server runs (${engine})`, { timeout: 180_000 }, () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let server: ChildProcess | undefined;
  const lockFile = () => path.join(env.DATA_DIR!, DATA_DIR_LOCK_FILE);

  beforeAll(async () => {
    ({ env, cleanup } = await isolatedDatabaseEnv());
    expect((await runLectern(['tenant', 'create', '--slug', 'acme', '--name', 'Acme'], env)).code).toBe(0);
  });
  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    await cleanup();
  });

  it('on the embedded database a command refuses clearly while the server has DATA_DIR, and works once it stopped; on PostgreSQL it works beside the server', async () => {
    const port = await freePort();
    server = spawnLectern(['serve'], { ...env, PORT: String(port), LECTERN_CONTENT_PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    await waitForOutput(server, /Lectern is serving/);

    const create = ['user', 'create', '--tenant', 'acme', '--email', 'ada@acme.example', '--first-name', 'Ada', '--last-name', 'Admin', '--role', 'admin'];
    const during = await runLectern(create, env);
    if (engine === 'pglite') {
      expect(during.code).toBe(DATA_DIR_IN_USE_EXIT_CODE);
      expect(during.stderr.trim()).toBe(
        `The server (pid ${server.pid}) is using ${env.DATA_DIR}: stop it, or make this change in the web UI while it runs (or run Lectern on PostgreSQL, where commands work beside the server).`,
      );
      expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toEqual({ pid: server.pid, role: 'server' });
      // A second server is refused the same way, and the first one keeps serving.
      const second = await runLectern(['serve'], { ...env, PORT: String(await freePort()), LECTERN_CONTENT_PORT: String(await freePort()) });
      expect(second.code).toBe(DATA_DIR_IN_USE_EXIT_CODE);
      expect(second.stderr).toContain(`The server (pid ${server.pid}) is using`);
    } else {
      expect(during.stderr).toBe('');
      expect(during.stdout).toContain('Created user ada@acme.example (admin).');
    }
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);

    server.kill('SIGTERM');
    expect(await exitOf(server)).toBe(0);
    if (engine === 'pglite') {
      expect(existsSync(lockFile())).toBe(false);
      const after = await runLectern(create, env);
      expect(after.code).toBe(0);
      expect(after.stdout).toContain('Created user ada@acme.example (admin).');
    }
  });
});
