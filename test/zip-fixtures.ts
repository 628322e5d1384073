import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';

/** One entry of a zip built for a test: a buffer, a stream (for large data) or a folder. */
export interface ZipEntrySpec {
  name: string;
  data?: Buffer | string;
  stream?: () => Readable;
  directory?: boolean;
  compress?: boolean;
  /** Unix mode for the external attributes, e.g. 0o120777 for a symbolic link. */
  mode?: number;
}

/** Writes a zip with yazl, streaming, so large archives need no large buffers. */
export async function buildZip(file: string, entries: ZipEntrySpec[]): Promise<void> {
  const zip = new yazl.ZipFile();
  const written = pipeline(zip.outputStream, createWriteStream(file));
  for (const spec of entries) {
    const options = { compress: spec.compress ?? true, ...(spec.mode === undefined ? {} : { mode: spec.mode }) };
    if (spec.directory) zip.addEmptyDirectory(spec.name, spec.mode === undefined ? {} : { mode: spec.mode });
    else if (spec.stream) zip.addReadStream(spec.stream(), spec.name, options);
    else zip.addBuffer(Buffer.from(spec.data ?? ''), spec.name, options);
  }
  zip.end();
  await written;
}

interface CentralRecord {
  /** Offset of the central directory file header. */
  central: number;
  /** Offset of the local file header. */
  local: number;
  name: string;
}

/** The entries of a zip as its central directory lists them (no ZIP64, no comment). */
function centralRecords(zip: Buffer): CentralRecord[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const records: CentralRecord[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`no central directory header at ${offset}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    records.push({ central: offset, local: zip.readUInt32LE(offset + 42), name });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return records;
}

function recordOf(zip: Buffer, name: string): CentralRecord {
  const record = centralRecords(zip).find((r) => r.name === name);
  if (!record) throw new Error(`no entry ${name}`);
  return record;
}

/**
 * Renames an entry in both its headers. Names of the same byte length only: this is how a
 * test makes entries that yazl itself refuses to write ("../evil.txt", "/etc/passwd").
 */
export function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  const fromBytes = Buffer.from(from);
  const toBytes = Buffer.from(to);
  if (fromBytes.length !== toBytes.length) throw new Error('names must have the same length in bytes');
  const patched = Buffer.from(zip);
  const record = recordOf(patched, from);
  toBytes.copy(patched, record.central + 46);
  toBytes.copy(patched, record.local + 30);
  return patched;
}

/** Sets general-purpose bit 0 ("encrypted"), and bit 6 too for "strong encryption", of an entry in both its headers. */
export function markEncrypted(zip: Buffer, name: string, strong = false): Buffer {
  const patched = Buffer.from(zip);
  const record = recordOf(patched, name);
  const bits = strong ? 0x41 : 0x01;
  patched.writeUInt16LE(patched.readUInt16LE(record.central + 8) | bits, record.central + 8);
  patched.writeUInt16LE(patched.readUInt16LE(record.local + 6) | bits, record.local + 6);
  return patched;
}

/** Makes the central directory lie about an entry's uncompressed size. */
export function declareUncompressedSize(zip: Buffer, name: string, size: number): Buffer {
  const patched = Buffer.from(zip);
  patched.writeUInt32LE(size, recordOf(patched, name).central + 24);
  return patched;
}

/** Applies `patch` to the zip file in place. */
export async function patchZipFile(file: string, patch: (zip: Buffer) => Buffer): Promise<void> {
  await writeFile(file, patch(await readFile(file)));
}

/** A minimal Word document: what file-type tells apart as docx (a zip with the OOXML parts). */
export async function minimalDocx(): Promise<Buffer> {
  const folder = await mkdtemp(path.join(tmpdir(), 'docx-'));
  try {
    const file = path.join(folder, 'a.docx');
    await buildZip(file, [
      {
        name: '[Content_Types].xml',
        data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      },
      { name: 'word/document.xml', data: '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>' },
    ]);
    return await readFile(file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The entries of a zip, by name, as bytes. */
export function unzipBytes(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.readEntry();
    });
  });
}

/** The entries of a zip, by name, as text. */
export async function unzipText(bytes: Buffer): Promise<Map<string, string>> {
  return new Map([...(await unzipBytes(bytes))].map(([name, content]) => [name, content.toString('utf8')]));
}
