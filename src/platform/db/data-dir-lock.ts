import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Who holds the embedded database: the server (`lectern serve`) or another command. */
export type DataDirHolder = 'server' | 'command';

/** The file in DATA_DIR that names the process using the embedded database. */
export const DATA_DIR_LOCK_FILE = 'lectern.lock';

/** What `lectern` exits with when DATA_DIR is taken: scripts can tell it from other failures. */
export const DATA_DIR_IN_USE_EXIT_CODE = 3;

/**
 * Another live process has the embedded database open. Two processes on one PGlite data
 * directory corrupt it: the second one is refused before it opens anything.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: { pid: number; role: DataDirHolder },
  ) {
    super(
      holder.role === 'server'
        ? `The server (pid ${holder.pid}) is using ${dataDir}: stop it, or make this change in the web UI while it runs (or run Lectern on PostgreSQL, where commands work beside the server).`
        : `Another lectern command (pid ${holder.pid}) is using ${dataDir}: wait for it to finish.`,
    );
    this.name = 'DataDirInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): { pid: number; role: DataDirHolder } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; role?: unknown };
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return undefined;
    return { pid: parsed.pid, role: parsed.role === 'server' ? 'server' : 'command' };
  } catch {
    return undefined; // gone meanwhile, or half-written by a process that died: not a live holder
  }
}

/**
 * Takes DATA_DIR for this process: creates the lock file exclusively with this pid and role, or,
 * when one exists, refuses if its process is alive (DataDirInUseError) and replaces it if not
 * (a process that was killed leaves its file behind). Returns the release, which also runs when
 * the process exits.
 */
export function lockDataDir(dataDir: string, role: DataDirHolder): () => void {
  const file = path.join(dataDir, DATA_DIR_LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, `${JSON.stringify({ pid: process.pid, role })}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw error;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw new DataDirInUseError(dataDir, holder);
      try {
        unlinkSync(file);
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkError;
      }
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only our own file: never one a later process wrote.
    if (readHolder(file)?.pid === process.pid) unlinkSync(file);
  };
  process.on('exit', release);
  return release;
}
