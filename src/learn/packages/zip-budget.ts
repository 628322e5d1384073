import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import type { AppError } from '../../platform/http/index.js';
import { entryProblem } from './zip-entry-names.js';
import type { ZipLimits } from './zip-limits.js';

/** Bytes an archive has expanded to so far, against its limits. */
export interface ExpansionBudget {
  readonly limits: ZipLimits;
  /** Size of the zip file itself: the denominator of the overall ratio. */
  readonly archiveBytes: number;
  totalBytes: number;
}

/**
 * The limit an entry breaks once it has produced `entryBytes` from `compressedBytes`, with
 * `budget.totalBytes` already including them; null while it is within every limit.
 */
export function overLimit(budget: ExpansionBudget, entryName: string, entryBytes: number, compressedBytes: number): AppError | null {
  const { limits } = budget;
  if (entryBytes > limits.maxFileBytes) return entryProblem('LEARN_ZIP_TOO_LARGE', entryName, { en: `${limits.maxFileBytes} bytes per file`, de: `${limits.maxFileBytes} Bytes je Datei` });
  if (budget.totalBytes > limits.maxTotalBytes) return entryProblem('LEARN_ZIP_TOO_LARGE', entryName, { en: `${limits.maxTotalBytes} bytes in all`, de: `${limits.maxTotalBytes} Bytes insgesamt` });
  if (entryBytes > limits.ratioThresholdBytes && entryBytes > limits.maxRatio * Math.max(compressedBytes, 1)) {
    return entryProblem('LEARN_ZIP_RATIO', entryName, { en: `${limits.maxRatio}:1 per file`, de: `${limits.maxRatio}:1 je Datei` });
  }
  if (budget.totalBytes > limits.ratioThresholdBytes && budget.totalBytes > limits.maxRatio * Math.max(budget.archiveBytes, 1)) {
    return entryProblem('LEARN_ZIP_RATIO', entryName, { en: `${limits.maxRatio}:1 for the archive`, de: `${limits.maxRatio}:1 für das Archiv` });
  }
  return null;
}

const crc32 = zlib.crc32 ?? tableCrc32;

/**
 * Passes an entry's bytes through, counting them and their CRC-32, and fails the stream as
 * soon as the entry or the archive passes a limit: what the central directory declares is
 * checked before, but only the bytes that actually come out are trusted.
 */
export class EntryMeter extends Transform {
  bytes = 0;
  crc = 0;

  constructor(
    private readonly budget: ExpansionBudget,
    private readonly entryName: string,
    private readonly compressedBytes: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.budget.totalBytes += chunk.length;
    const problem = overLimit(this.budget, this.entryName, this.bytes, this.compressedBytes);
    if (problem) {
      done(problem);
      return;
    }
    this.crc = crc32(chunk, this.crc);
    done(null, chunk);
  }
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE) for Node versions without zlib.crc32 (before 20.15). */
export function tableCrc32(data: string | NodeJS.ArrayBufferView, value = 0): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const bytes = typeof data === 'string' ? Buffer.from(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let crc = ~value >>> 0;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
