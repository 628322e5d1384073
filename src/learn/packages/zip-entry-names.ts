import { AppError, type LocalisedText } from '../../platform/http/index.js';
import { MAX_SEGMENT_BYTES, type ZipLimits } from './zip-limits.js';

/** An entry's place in the package: a relative POSIX path without "." or empty segments. */
export interface EntryPath {
  path: string;
  isDirectory: boolean;
  /** What two names must not share: case-folded after Unicode NFC normalisation. */
  key: string;
}

export function entryProblem(code: ConstructorParameters<typeof AppError>[0], entryName: string, limit?: LocalisedText): AppError {
  return new AppError(code, [{ field: 'entry', value: entryName }, ...(limit ? [{ field: 'limit', message: limit }] : [])]);
}

const DRIVE_LETTER = /^[a-zA-Z]:/;

/**
 * Checks an entry name and brings it into one form. yauzl refuses absolute and ".." paths
 * already; they are checked again here so that no name reaches the file system unchecked.
 * Returns null for an entry that names the package root itself ("./").
 */
export function entryPathOf(fileName: string, limits: ZipLimits): EntryPath | null {
  if (hasControlCharacter(fileName)) return fail('LEARN_ZIP_INVALID_NAME', fileName);
  const name = fileName.replace(/\\/g, '/');
  if (name.startsWith('/') || DRIVE_LETTER.test(name)) return fail('LEARN_ZIP_ABSOLUTE_PATH', fileName);
  const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return fail('LEARN_ZIP_PATH_TRAVERSAL', fileName);
  if (segments.length === 0) {
    if (name.endsWith('/')) return null;
    return fail('LEARN_ZIP_INVALID_NAME', fileName);
  }
  const path = segments.join('/');
  if (Buffer.byteLength(path) > limits.maxPathLength) return fail('LEARN_ZIP_PATH_TOO_LONG', fileName, { en: `${limits.maxPathLength} bytes`, de: `${limits.maxPathLength} Bytes` });
  if (segments.length > limits.maxPathDepth) return fail('LEARN_ZIP_PATH_TOO_LONG', fileName, { en: `${limits.maxPathDepth} levels`, de: `${limits.maxPathDepth} Ebenen` });
  if (segments.some((segment) => Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)) {
    return fail('LEARN_ZIP_PATH_TOO_LONG', fileName, { en: `${MAX_SEGMENT_BYTES} bytes per name`, de: `${MAX_SEGMENT_BYTES} Bytes je Name` });
  }
  return { path, isDirectory: name.endsWith('/'), key: path.normalize('NFC').toLowerCase() };
}

export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function fail(code: ConstructorParameters<typeof AppError>[0], fileName: string, limit?: LocalisedText): never {
  throw entryProblem(code, fileName, limit);
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Unix file type bits in the upper half of the external attributes (set by Unix and macOS zip tools). */
export function isSymlinkEntry(externalFileAttributes: number): boolean {
  return ((externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

/**
 * Remembers every path taken so far. Two entries collide when their keys are equal (so
 * `Index.html` and `index.html`, or `café` in NFC and NFD, cannot both exist: packages are
 * also served from case-insensitive file systems and object stores behind them), or when one
 * entry's path is a folder on the way to another's file. Folder entries may repeat.
 */
export class EntryNameRegistry {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  add(entry: EntryPath, fileName: string): void {
    const parts = entry.key.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/');
      if (this.files.has(folder)) fail('LEARN_ZIP_DUPLICATE_NAME', fileName);
      this.folders.add(folder);
    }
    if (this.files.has(entry.key)) fail('LEARN_ZIP_DUPLICATE_NAME', fileName);
    if (entry.isDirectory) {
      this.folders.add(entry.key);
    } else {
      if (this.folders.has(entry.key)) fail('LEARN_ZIP_DUPLICATE_NAME', fileName);
      this.files.add(entry.key);
    }
  }
}
