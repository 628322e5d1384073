import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_DIR_LOCK_FILE, DataDirInUseError, lockDataDir } from './data-dir-lock.js';

describe('the DATA_DIR lock', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'lectern-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('names this process while held and is gone once released', () => {
    const dir = newDir();
    const release = lockDataDir(dir, 'server');
    expect(JSON.parse(readFileSync(path.join(dir, DATA_DIR_LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, role: 'server' });
    release();
    expect(existsSync(path.join(dir, DATA_DIR_LOCK_FILE))).toBe(false);
  });

  it('refuses while a live process holds it, naming that process and its role', async () => {
    const dir = newDir();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(dir, DATA_DIR_LOCK_FILE), JSON.stringify({ pid: holder.pid, role: 'command' }));
      const error = (() => {
        try {
          lockDataDir(dir, 'server');
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(DataDirInUseError);
      expect((error as Error).message).toBe(`Another lectern command (pid ${holder.pid}) is using ${dir}: wait for it to finish.`);
      // The holder's file is left alone.
      expect(JSON.parse(readFileSync(path.join(dir, DATA_DIR_LOCK_FILE), 'utf8')).pid).toBe(holder.pid);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a file left by a process that died, or a file that holds no pid', () => {
    const dir = newDir();
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
    for (const left of [JSON.stringify({ pid: dead, role: 'server' }), '{"pid":']) {
      writeFileSync(path.join(dir, DATA_DIR_LOCK_FILE), left);
      const release = lockDataDir(dir, 'command');
      expect(JSON.parse(readFileSync(path.join(dir, DATA_DIR_LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, role: 'command' });
      release();
    }
  });

  it("release leaves a file that another process wrote meanwhile", () => {
    const dir = newDir();
    const release = lockDataDir(dir, 'command');
    writeFileSync(path.join(dir, DATA_DIR_LOCK_FILE), JSON.stringify({ pid: 1, role: 'server' }));
    release();
    expect(existsSync(path.join(dir, DATA_DIR_LOCK_FILE))).toBe(true);
  });
});
