import { createWriteStream } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../platform/http/index.js';
import { withStagingDir } from './staging-dir.js';
import { EntryMeter, overLimit, type ExpansionBudget } from './zip-budget.js';
import { entryPathOf, entryProblem, EntryNameRegistry, isSymlinkEntry } from './zip-entry-names.js';
import { resolveZipLimits, type ZipLimits } from './zip-limits.js';

export interface UnpackedFile {
  /** Relative POSIX path inside the package, as named in the zip (without "./" or empty segments). */
  path: string;
  /** Actual uncompressed bytes written. */
  size: number;
  crc32: number;
}

export interface UnpackResult {
  files: UnpackedFile[];
}

export interface UnpackOptions {
  /**
   * Called with the path of every file in the zip once all entries are checked, before anything
   * is written: the folder ("Name/") to unpack as the top level, or '' for the zip's own. Entries
   * outside it are left out; the paths of those inside lose the folder. May throw to refuse the zip.
   */
  rootFolder?: (filePaths: readonly string[]) => string;
}

/**
 * Unpacks an uploaded zip into `destDir`, which must not exist yet. Every entry is checked
 * before the first byte is written (names, links, encryption, duplicates, declared sizes),
 * then streamed one at a time with its actual bytes counted. Throws AppError(`LEARN_ZIP_*`)
 * on the first problem; then neither `destDir` nor a temporary folder is left behind.
 */
export async function unpackZip(zipPath: string, destDir: string, limits: Partial<ZipLimits> = {}): Promise<UnpackResult> {
  const resolved = resolveZipLimits(limits);
  return withStagingDir(destDir, (stagingDir) => unpackInto(zipPath, stagingDir, resolved));
}

/** Unpacks into an existing, empty folder; the caller removes it on failure (see withStagingDir). */
export async function unpackInto(zipPath: string, targetDir: string, limits: ZipLimits, options: UnpackOptions = {}): Promise<UnpackResult> {
  const archiveBytes = (await stat(zipPath)).size;
  const zip = await openZip(zipPath);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new AppError('LEARN_ZIP_TOO_MANY_FILES', [
        { field: 'entries', value: String(zip.entryCount) },
        { field: 'limit', message: { en: `${limits.maxEntries} entries`, de: `${limits.maxEntries} Einträge` } },
      ]);
    }
    const planned = inFolder(await planEntries(zip, { limits, archiveBytes, totalBytes: 0 }), options.rootFolder);
    return { files: await extract(zip, planned, path.resolve(targetDir), { limits, archiveBytes, totalBytes: 0 }) };
  } finally {
    zip.close();
  }
}

interface PlannedEntry {
  entry: Entry;
  path: string;
  isDirectory: boolean;
}

/** The entries inside the chosen root folder, with paths relative to it. */
function inFolder(planned: PlannedEntry[], rootFolder: UnpackOptions['rootFolder']): PlannedEntry[] {
  const folder = rootFolder?.(planned.filter((plan) => !plan.isDirectory).map((plan) => plan.path)) ?? '';
  if (folder === '') return planned;
  return planned
    .filter((plan) => plan.path.startsWith(folder))
    .map((plan) => ({ ...plan, path: plan.path.slice(folder.length) }))
    .filter((plan) => plan.path !== '');
}

const ZIP_SIGNATURES = [0x04034b50, 0x06054b50, 0x08074b50];

async function openZip(zipPath: string): Promise<ZipFile> {
  const options = { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false };
  try {
    return await new Promise<ZipFile>((resolve, reject) => {
      yauzl.open(zipPath, options, (error, zip) => (error ? reject(error) : resolve(zip)));
    });
  } catch (error) {
    if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code) throw error;
    // A file that starts like a zip but has no readable end record was cut off or damaged.
    const looksLikeZip = ZIP_SIGNATURES.includes((await firstBytes(zipPath, 4)).readUInt32LE(0));
    // The library's English wording is kept as the error's cause, not put into the answer.
    throw withCause(new AppError(looksLikeZip ? 'LEARN_ZIP_CORRUPT' : 'LEARN_ZIP_NOT_A_ZIP'), error);
  }
}

async function firstBytes(file: string, count: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(count);
    await handle.read(buffer, 0, count, 0);
    return buffer;
  } finally {
    await handle.close();
  }
}

/** yauzl refuses some names itself; its messages carry the name after a fixed prefix. */
const YAUZL_REFUSALS: [prefix: string, code: 'LEARN_ZIP_ABSOLUTE_PATH' | 'LEARN_ZIP_PATH_TRAVERSAL' | 'LEARN_ZIP_ENCRYPTED'][] = [
  ['absolute path: ', 'LEARN_ZIP_ABSOLUTE_PATH'],
  ['invalid relative path: ', 'LEARN_ZIP_PATH_TRAVERSAL'],
  ['invalid characters in fileName: ', 'LEARN_ZIP_PATH_TRAVERSAL'],
  ['strong encryption is not supported', 'LEARN_ZIP_ENCRYPTED'],
];

function zipReadError(error: Error, entryName: string): AppError {
  for (const [prefix, code] of YAUZL_REFUSALS) {
    if (error.message.startsWith(prefix)) return entryProblem(code, error.message.slice(prefix.length) || entryName);
  }
  return withCause(new AppError('LEARN_ZIP_CORRUPT', [{ field: 'entry', value: entryName }]), error);
}

function withCause(appError: AppError, cause: Error): AppError {
  appError.cause = cause;
  return appError;
}

/** Reads the whole central directory and checks every entry; nothing is written yet. */
function planEntries(zip: ZipFile, declared: ExpansionBudget): Promise<PlannedEntry[]> {
  const planned: PlannedEntry[] = [];
  const names = new EntryNameRegistry();
  let lastName: string | undefined;
  return new Promise((resolve, reject) => {
    // Stays attached after the promise settled: an 'error' without a listener would crash the process.
    zip.on('error', (error: Error) => reject(zipReadError(error, lastName === undefined ? 'the first entry' : `the entry after ${lastName}`)));
    zip.on('end', () => resolve(planned));
    zip.on('entry', (entry: Entry) => {
      try {
        lastName = entry.fileName;
        const plan = planEntry(entry, names, declared);
        if (plan) planned.push(plan);
        zip.readEntry();
      } catch (error) {
        reject(error);
      }
    });
    zip.readEntry();
  });
}

function planEntry(entry: Entry, names: EntryNameRegistry, declared: ExpansionBudget): PlannedEntry | null {
  const name = entry.fileName;
  const entryPath = entryPathOf(name, declared.limits);
  if (isSymlinkEntry(entry.externalFileAttributes)) throw entryProblem('LEARN_ZIP_SYMLINK', name);
  if (entry.isEncrypted()) throw entryProblem('LEARN_ZIP_ENCRYPTED', name);
  if (!entryPath) return null;
  names.add(entryPath, name);
  if (entryPath.isDirectory) return { entry, path: entryPath.path, isDirectory: true };
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw entryProblem('LEARN_ZIP_UNSUPPORTED_METHOD', name);
  declared.totalBytes += entry.uncompressedSize;
  const problem = overLimit(declared, name, entry.uncompressedSize, entry.compressedSize);
  if (problem) throw problem;
  return { entry, path: entryPath.path, isDirectory: false };
}

async function extract(zip: ZipFile, planned: PlannedEntry[], targetDir: string, budget: ExpansionBudget): Promise<UnpackedFile[]> {
  const files: UnpackedFile[] = [];
  const madeDirs = new Set<string>();
  const ensureDir = async (dir: string) => {
    if (madeDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    madeDirs.add(dir);
  };
  for (const plan of planned) {
    const target = path.join(targetDir, plan.path);
    const relative = path.relative(targetDir, target);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) throw entryProblem('LEARN_ZIP_PATH_TRAVERSAL', plan.entry.fileName);
    if (plan.isDirectory) {
      await ensureDir(target);
      continue;
    }
    await ensureDir(path.dirname(target));
    files.push(await extractFile(zip, plan, target, budget));
  }
  return files;
}

async function extractFile(zip: ZipFile, plan: PlannedEntry, target: string, budget: ExpansionBudget): Promise<UnpackedFile> {
  const { entry } = plan;
  const source = await openEntry(zip, entry);
  const meter = new EntryMeter(budget, entry.fileName, entry.compressedSize);
  let readFailure: unknown;
  source.once('error', (error) => (readFailure = error));
  try {
    // 'wx': a fresh file only; never follows or overwrites anything already there.
    await pipeline(source, meter, createWriteStream(target, { flags: 'wx', mode: 0o644 }));
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error === readFailure && error instanceof Error) throw zipReadError(error, entry.fileName);
    throw error;
  }
  if (meter.bytes !== entry.uncompressedSize || meter.crc !== entry.crc32) {
    throw new AppError('LEARN_ZIP_CORRUPT', [
      { field: 'entry', value: entry.fileName },
      { field: 'reason', message: { en: 'its size or CRC-32 differs from what the archive declares', de: 'Größe oder CRC-32 weichen von den Angaben des Archivs ab' } },
    ]);
  }
  return { path: plan.path, size: meter.bytes, crc32: meter.crc };
}

function openEntry(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(zipReadError(error, entry.fileName)) : resolve(stream)));
  });
}
