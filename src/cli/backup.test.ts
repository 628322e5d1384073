import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR_IN_USE_EXIT_CODE } from '../platform/db/data-dir-lock.js';
import { eventually } from '../../test/eventually.js';
import { adminQuery, databaseUrlFor } from '../../test/postgres-admin.js';
import { exitOf, freePort, runLectern, spawnLectern, waitForOutput } from '../../test/process.js';

const SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

// The embedded installation's commands, whatever engine the suite runs on: they are about PGlite.
describe('lectern backup, restore and migrate-to-postgres (embedded database)', { timeout: 300_000 }, () => {
  let root: string;
  let env: Record<string, string>;
  let server: ChildProcess | undefined;
  const targets: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'lectern-backup-cli-'));
    env = {
      DATA_DIR: path.join(root, 'data'),
      LECTERN_STORAGE: `local:${path.join(root, 'site-a')},local:${path.join(root, 'site-b')}`,
      LECTERN_BACKUP_KEEP_DAILY: '3',
    };
    expect((await runLectern(['tenant', 'create', '--slug', 'kept', '--name', 'Kept'], env)).code).toBe(0);
  }, 300_000);
  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    for (const name of targets) await adminQuery(SERVER, `drop database if exists "${name}" with (force)`);
  });

  it('takes a snapshot with the server stopped, lists it, and restores it in place keeping the replaced files aside', async () => {
    const taken = await runLectern(['backup'], env);
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    const id = /Snapshot (\S+) stored \([\d.]+ MiB\) at: local:.*site-a/.exec(taken.stdout)?.[1];
    expect(id).toBeDefined();
    expect((await runLectern(['tenant', 'create', '--slug', 'later', '--name', 'Later'], env)).code).toBe(0);

    const list = await runLectern(['backup', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${id}\t`);
    expect(list.stdout).toContain('2 location(s)');
    // A manifest altered at one location (someone with write access to it) is refused there and said so; the other copy still counts.
    const manifestFile = path.join(root, 'site-b', 'platform', 'backups', `${id}.json`);
    const genuine = readFileSync(manifestFile, 'utf8');
    writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(genuine), migrations: 1 }));
    const altered = await runLectern(['backup', 'list'], env);
    expect(altered.stdout).toContain(`${id}\tREFUSED at local:${path.join(root, 'site-b')}: the signature does not match`);
    expect(altered.stdout).toContain('1 location(s)');
    writeFileSync(manifestFile, genuine);

    const status = await runLectern(['backup', 'status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`Latest snapshot: ${id}, taken .* \\(\\d+ min ago\\)`));

    const unconfirmed = await runLectern(['restore', '--latest'], env);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('Run again with --confirm');
    expect((await runLectern(['restore', 'not-an-id', '--confirm'], env)).stderr).toContain('a snapshot id as `lectern backup list` shows it');

    const restored = await runLectern(['restore', id!, '--confirm'], env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`Restored snapshot ${id}`);
    const aside = /are in (\S+); remove that directory/.exec(restored.stdout)?.[1];
    expect(aside).toMatch(/data\.before-restore-\d{8}T\d{6}Z$/);
    expect(readdirSync(aside!)).toContain('PG_VERSION');

    const tenants = await runLectern(['tenant', 'list'], env);
    expect(tenants.stdout).toContain('kept\t');
    expect(tenants.stdout).not.toContain('later\t');
  });

  it('while the server runs: it takes a snapshot itself, list works beside it, backup and restore refuse clearly', async () => {
    const own = { DATA_DIR: path.join(root, 'served'), LECTERN_STORAGE: `local:${path.join(root, 'served-a')},local:${path.join(root, 'served-b')}` };
    expect((await runLectern(['tenant', 'create', '--slug', 'served', '--name', 'Served'], own)).code).toBe(0);
    expect((await runLectern(['backup', 'list'], own)).stdout).toContain('No snapshots.');
    const port = await freePort();
    server = spawnLectern(['serve'], { ...own, PORT: String(port), LECTERN_CONTENT_PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    await waitForOutput(server, /Lectern is serving/);
    // The first scheduled run is due at start-up; the listing reads the locations beside the running server.
    await eventually(async () => /^\d{8}T\d{6}Z-[0-9a-f]{6}\t.*2 location\(s\)/m.test((await runLectern(['backup', 'list'], own)).stdout), 60_000);
    const status = await runLectern(['backup', 'status'], own);
    expect(status.code).toBe(0);

    const during = await runLectern(['backup'], own);
    expect(during.code).toBe(DATA_DIR_IN_USE_EXIT_CODE);
    expect(during.stderr).toContain(`The server (pid ${server.pid}) is using`);
    expect(during.stderr).toContain('While the server runs it takes the snapshots itself (every 24 h, LECTERN_BACKUP_EVERY_HOURS)');
    expect(during.stderr).toContain('To have it take one now: lectern backup --from-running.');
    const restore = await runLectern(['restore', '--latest', '--confirm'], own);
    expect(restore.code).toBe(DATA_DIR_IN_USE_EXIT_CODE);
    expect(restore.stderr).toContain('stop the server first');

    // Asked, the running server takes one now.
    const asked = await runLectern(['backup', '--from-running'], own);
    expect(asked.stderr).toBe('');
    expect(asked.code).toBe(0);
    const id = new RegExp(`Snapshot (\\S+) stored by the server \\(pid ${server.pid}\\) \\([\\d.]+ MiB\\) at: local:`).exec(asked.stdout)?.[1];
    expect(id).toBeDefined();
    const listed = (await runLectern(['backup', 'list'], own)).stdout;
    // The same day's earlier snapshot went with the retention (the newest of each day is kept).
    expect(listed.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${id}\t`))]);

    server.kill('SIGTERM');
    expect(await exitOf(server)).toBe(0);
    const noServer = await runLectern(['backup', '--from-running'], own);
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toContain('No server is running');
    expect(readdirSync(root).filter((name) => name.startsWith('served.before-restore'))).toEqual([]);
  });

  it('moves the database to a new PostgreSQL database and its files to a directory, verified; refuses a target with tables', async () => {
    const name = `lectern_m2pg_cli_${randomBytes(5).toString('hex')}`;
    await adminQuery(SERVER, `create database "${name}"`);
    targets.push(name);
    const url = databaseUrlFor(SERVER, name);
    const files = path.join(root, 'moved-files');
    const moved = await runLectern(['migrate-to-postgres', '--to', url, '--copy-files-to', files], env);
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/^tenants\s+\d+\s+\d+\s+ok [0-9a-f]{12}$/m);
    expect(moved.stdout).toMatch(/All \d+ tables verified \(row counts and checksums match\)/);
    expect(moved.stdout).toContain(`LECTERN_STORAGE=local:${files}`);
    expect(moved.stdout).toContain('the SAME key');

    const again = await runLectern(['migrate-to-postgres', '--to', url], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the target database already has tables');

    // The moved installation answers on PostgreSQL with the same key file.
    const tenants = await runLectern(['tenant', 'list'], { ...env, DATABASE_URL: url, LECTERN_SECRET_KEY_FILE: path.join(env.DATA_DIR!, 'secret.key'), LECTERN_STORAGE: `local:${files}` });
    expect(tenants.code).toBe(0);
    expect(tenants.stdout).toContain('kept\t');
  });

  it('on PostgreSQL, backup and restore point to pgBackRest', async () => {
    const name = `lectern_backup_cli_${randomBytes(5).toString('hex')}`;
    await adminQuery(SERVER, `create database "${name}"`);
    targets.push(name);
    const pgEnv = { DATA_DIR: path.join(root, 'pg-node'), DATABASE_URL: databaseUrlFor(SERVER, name) };
    const backup = await runLectern(['backup'], pgEnv);
    expect(backup.code).toBe(1);
    expect(backup.stderr).toContain('backed up by pgBackRest');
    const restore = await runLectern(['restore', '--latest', '--confirm'], pgEnv);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain('restore with pgBackRest');
  });
});
