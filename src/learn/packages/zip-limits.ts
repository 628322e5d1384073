const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** What an uploaded zip may expand to. Every figure counts actual bytes, not declared sizes. */
export interface ZipLimits {
  /** All files together, uncompressed. */
  maxTotalBytes: number;
  /** One file, uncompressed. */
  maxFileBytes: number;
  /** Entries in the central directory (files and folders). */
  maxEntries: number;
  /** Uncompressed : compressed, per file and for the whole archive (against its file size). */
  maxRatio: number;
  /** Files (and archives) smaller than this, uncompressed, are not judged by their ratio. */
  ratioThresholdBytes: number;
  /** Length of one entry's path in UTF-8 bytes. */
  maxPathLength: number;
  /** Folders an entry may be nested in. */
  maxPathDepth: number;
}

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxTotalBytes: 2 * GiB,
  maxFileBytes: 1 * GiB,
  maxEntries: 20_000,
  maxRatio: 200,
  ratioThresholdBytes: 1 * MiB,
  maxPathLength: 1024,
  maxPathDepth: 32,
});

/** One path segment may not be longer than this (NAME_MAX of common file systems). */
export const MAX_SEGMENT_BYTES = 255;

export function resolveZipLimits(overrides: Partial<ZipLimits> = {}): ZipLimits {
  const limits = { ...DEFAULT_ZIP_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof ZipLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`zip limit ${key} must be a positive number, not ${value}`);
    limits[key] = value;
  }
  return limits;
}
