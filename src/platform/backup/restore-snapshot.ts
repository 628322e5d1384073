import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { openDatabase } from '../db/client.js';
import { lockDataDir } from '../db/data-dir-lock.js';
import { migrationStatus } from '../db/migrate.js';
import type { BlobLocation } from '../storage/blob-location.js';
import type { BackupKey } from './backup-key.js';
import { extractDataDir, postgresEntries } from './data-dir-archive.js';
import { fetchSnapshot, readCatalogue, SnapshotKeyMismatchError, type SnapshotEntry } from './snapshot-store.js';

export class SnapshotNotFoundError extends Error {
  constructor(readonly wanted: string) {
    super(wanted === 'latest' ? 'no location holds a snapshot of the database' : `no location holds the snapshot ${wanted} (list them with: lectern backup list)`);
    this.name = 'SnapshotNotFoundError';
  }
}

export interface RestoreResult {
  id: string;
  createdAt: string;
  /** The location whose copy was restored, and copies passed over as damaged or unreadable. */
  from: string;
  passedOver: { name: string; error: string }[];
  /** Where the database files that were replaced are kept until the operator removes them; null when DATA_DIR held none. */
  asideDir: string | null;
}

function stamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

type Rename = (from: string, to: string) => Promise<void>;

/** Moves the PostgreSQL entries of `from` into `to` (made if missing), noting each one moved in `moved`. */
async function moveEntries(from: string, to: string, entries: string[], moved: string[], move: Rename): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  for (const entry of entries) {
    await move(path.join(from, entry), path.join(to, entry));
    moved.push(entry);
  }
}

/** The swap stopped half-way and could not be undone: the message says where the old files are. */
export class RestoreInterruptedError extends Error {
  constructor(asideDir: string | null, cause: Error, undoError: Error) {
    super(
      `the restore stopped while moving files (${cause.message}) and could not put the old database back (${undoError.message}); ` +
        (asideDir ? `the replaced database files are in ${asideDir}: move them back into DATA_DIR by hand` : 'DATA_DIR held no database before'),
    );
    this.name = 'RestoreInterruptedError';
  }
}

/**
 * Replaces the embedded database in `dataDir` with a snapshot. The server must be stopped: DATA_DIR
 * is locked first (DataDirInUseError while the server or another command has it). The snapshot's
 * copy is verified (every chunk authenticated, the SHA-256 compared with its manifest; a bad copy is
 * passed over for another location's), unpacked beside the database and opened once, and only
 * then are the current database files moved aside (to `<DATA_DIR>.before-restore-<time>`) and the
 * restored ones moved in. Lectern's other files in DATA_DIR (the key file, the blobs of a local
 * location) stay where they are.
 */
export async function restoreEmbeddedSnapshot(options: {
  dataDir: string;
  locations: readonly BlobLocation[];
  key: BackupKey;
  /** A snapshot id, or 'latest'. */
  snapshot: string;
  now?: () => Date;
  /** Moves one file or directory (fs.rename; a test makes it fail half-way). */
  rename?: Rename;
}): Promise<RestoreResult> {
  const move = options.rename ?? rename;
  const { dataDir } = options;
  await mkdir(dataDir, { recursive: true });
  const release = lockDataDir(dataDir, 'command');
  const work = path.join(dataDir, 'tmp', `restore-${process.pid}`);
  try {
    const catalogue = await readCatalogue(options.locations, options.key);
    if (!catalogue.locations.some((state) => state.ok)) {
      throw new Error(`no storage location can be listed: ${catalogue.locations.map((state) => `${state.name}: ${state.error}`).join('; ')}`);
    }
    const entry: SnapshotEntry | undefined =
      options.snapshot === 'latest'
        ? catalogue.snapshots[0]
        : // By its id also one the key does not verify: its data is authenticated as it is opened (another key's is refused there).
          [...catalogue.snapshots, ...catalogue.unverified].find((candidate) => candidate.manifest.id === options.snapshot);
    // Only snapshots of another key file: say which key they need rather than that there are none.
    const otherKey = catalogue.unverified.find((candidate) => candidate.why === 'other_key');
    if (!entry && options.snapshot === 'latest' && otherKey) throw new SnapshotKeyMismatchError(otherKey.manifest.keyId, options.key.keyId);
    if (!entry) throw new SnapshotNotFoundError(options.snapshot);

    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true, mode: 0o700 });
    const plainFile = path.join(work, 'snapshot.tar.gz');
    const fetched = await fetchSnapshot(options.locations, entry, options.key, plainFile);
    const staged = path.join(work, 'data');
    await mkdir(staged, { mode: 0o700 });
    await pipeline(createReadStream(plainFile), createGunzip(), extractDataDir(staged));
    await rm(plainFile);

    // Opened once where it lies: a snapshot that PostgreSQL cannot start on replaces nothing.
    const probe = await openDatabase({ kind: 'pglite', dataDir: staged });
    try {
      const { applied } = await migrationStatus(probe);
      if (applied !== entry.manifest.migrations) throw new Error(`the restored database has ${applied} migrations applied; its manifest says ${entry.manifest.migrations}`);
    } finally {
      await probe.close();
    }

    const current = await postgresEntries(dataDir);
    let asideDir: string | null = null;
    // What has been moved so far: a failure half-way puts the old database back, so a failed
    // restore leaves DATA_DIR as it was (or says exactly where the old files are).
    const movedAside: string[] = [];
    const movedIn: string[] = [];
    try {
      if (current.length > 0) {
        asideDir = `${dataDir}.before-restore-${stamp((options.now ?? (() => new Date()))())}`;
        try {
          await moveEntries(dataDir, asideDir, current, movedAside, move);
        } catch (error) {
          // DATA_DIR is a mount point of its own: keep the old files inside it instead.
          if ((error as NodeJS.ErrnoException).code !== 'EXDEV' || movedAside.length > 0) throw error;
          // Only the empty directory just made: one left by an earlier restore keeps its files.
          await rmdir(asideDir).catch(() => undefined);
          asideDir = path.join(dataDir, path.basename(asideDir));
          await moveEntries(dataDir, asideDir, current, movedAside, move);
        }
      }
      await moveEntries(staged, dataDir, await postgresEntries(staged), movedIn, move);
    } catch (error) {
      try {
        for (const entry of movedIn) await rm(path.join(dataDir, entry), { recursive: true, force: true });
        for (const entry of movedAside) await rename(path.join(asideDir!, entry), path.join(dataDir, entry));
        // Empty by now; never removed with what it holds.
        if (asideDir) await rmdir(asideDir);
      } catch (undoError) {
        throw new RestoreInterruptedError(asideDir, error as Error, undoError as Error);
      }
      throw error;
    }
    return { id: entry.manifest.id, createdAt: entry.manifest.createdAt, from: fetched.location, passedOver: fetched.passedOver, asideDir };
  } finally {
    await rm(work, { recursive: true, force: true });
    release();
  }
}
