import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildZip, declareUncompressedSize, markEncrypted, patchZipFile, renameEntry, type ZipEntrySpec } from '../../../test/zip-fixtures.js';
import { AppError } from '../../platform/http/errors.js';
import { unpackZip } from './safe-unzip.js';
import { EntryMeter, tableCrc32 } from './zip-budget.js';
import { resolveZipLimits, type ZipLimits } from './zip-limits.js';

let work: string;
let zipPath: string;
let outParent: string;
let dest: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'lectern-unzip-'));
  zipPath = path.join(work, 'upload.zip');
  outParent = path.join(work, 'packages');
  dest = path.join(outParent, 'pkg-1');
  await mkdir(outParent);
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function refusal(limits: Partial<ZipLimits> = {}): Promise<AppError> {
  const error = await unpackZip(zipPath, dest, limits).then(
    () => new Error('the zip was accepted'),
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

/** What every refused upload must leave: no package folder and no temporary folder beside it. */
async function expectNothingLeftBehind(): Promise<void> {
  expect(existsSync(dest)).toBe(false);
  expect(await readdir(outParent)).toEqual([]);
}

async function expectRefused(code: string, entry: string | undefined, limits: Partial<ZipLimits> = {}): Promise<void> {
  const error = await refusal(limits);
  expect(error.code).toBe(code);
  if (entry !== undefined) expect(error.fields).toContainEqual({ field: 'entry', value: entry });
  await expectNothingLeftBehind();
}

const zeros = (bytes: number) => Buffer.alloc(bytes);

describe('unpackZip: a good archive', () => {
  it('unpacks files and folders into the destination and lists each file with size and CRC-32', async () => {
    const html = '<html><body>Hallo Welt – ü</body></html>';
    await buildZip(zipPath, [
      { name: 'imsmanifest.xml', data: '<manifest/>' },
      { name: 'content/', directory: true },
      { name: 'content/index.html', data: html },
      { name: 'content/media/logo.bin', data: zeros(3000), compress: false },
      { name: 'empty/', directory: true },
      { name: 'café/menü.html', data: 'x' },
    ]);
    const result = await unpackZip(zipPath, dest);
    expect(result.files.map((f) => f.path)).toEqual(['imsmanifest.xml', 'content/index.html', 'content/media/logo.bin', 'café/menü.html']);
    const index = result.files.find((f) => f.path === 'content/index.html')!;
    expect(index.size).toBe(Buffer.byteLength(html));
    expect(index.crc32).toBe(zlib.crc32(html));
    expect(await readFile(path.join(dest, 'content/index.html'), 'utf8')).toBe(html);
    expect((await readFile(path.join(dest, 'content/media/logo.bin'))).length).toBe(3000);
    expect(existsSync(path.join(dest, 'empty'))).toBe(true);
    expect(await readdir(outParent)).toEqual(['pkg-1']);
  });

  it('accepts "./" prefixes and Windows backslashes as ordinary folders', async () => {
    await buildZip(zipPath, [
      { name: 'x/a.html', data: 'a' },
      { name: 'b/c.html', data: 'c' },
    ]);
    await patchZipFile(zipPath, (zip) => renameEntry(renameEntry(zip, 'x/a.html', './a.html'), 'b/c.html', 'b\\c.html'));
    const result = await unpackZip(zipPath, dest);
    expect(result.files.map((f) => f.path)).toEqual(['a.html', 'b/c.html']);
    expect(await readFile(path.join(dest, 'b', 'c.html'), 'utf8')).toBe('c');
  });

  it('refuses to unpack into a folder that exists already and leaves it untouched', async () => {
    await buildZip(zipPath, [{ name: 'a.txt', data: 'a' }]);
    await unpackZip(zipPath, dest);
    await expect(unpackZip(zipPath, dest)).rejects.toThrow(/exists already/);
    expect(await readdir(dest)).toEqual(['a.txt']);
  });

  it('creates missing parent folders, and removes them again when the zip is refused', async () => {
    const deepDest = path.join(work, 'storage', 'tenant-a', 'pkg-2');
    await buildZip(zipPath, [{ name: 'ok.txt', data: 'x' }]);
    await unpackZip(zipPath, deepDest);
    expect(await readdir(deepDest)).toEqual(['ok.txt']);
    await rm(path.join(work, 'storage'), { recursive: true });
    await writeFile(zipPath, 'not a zip');
    await expect(unpackZip(zipPath, deepDest)).rejects.toMatchObject({ code: 'LEARN_ZIP_NOT_A_ZIP' });
    expect(existsSync(path.join(work, 'storage'))).toBe(false);
  });

  it('refuses limits that are not positive numbers', () => {
    expect(() => resolveZipLimits({ maxEntries: 0 })).toThrow(RangeError);
    expect(resolveZipLimits({ maxEntries: 5 }).maxEntries).toBe(5);
    expect(resolveZipLimits().maxTotalBytes).toBe(2 * 1024 ** 3);
  });
});

describe('unpackZip: malicious and broken archives are refused, each with its own code, leaving nothing behind', () => {
  it('an entry that climbs out with "../"', async () => {
    await buildZip(zipPath, [{ name: 'ok.html', data: 'fine' }, { name: 'xx/evil.txt', data: 'pwned' }]);
    await patchZipFile(zipPath, (zip) => renameEntry(zip, 'xx/evil.txt', '../evil.txt'));
    await expectRefused('LEARN_ZIP_PATH_TRAVERSAL', '../evil.txt');
    expect(existsSync(path.join(work, 'evil.txt'))).toBe(false);
    expect(existsSync(path.join(outParent, 'evil.txt'))).toBe(false);
  });

  it('an entry that climbs out with Windows backslashes', async () => {
    await buildZip(zipPath, [{ name: 'xx/xx/evil.txt', data: 'pwned' }]);
    await patchZipFile(zipPath, (zip) => renameEntry(zip, 'xx/xx/evil.txt', '..\\..\\evil.txt'));
    await expectRefused('LEARN_ZIP_PATH_TRAVERSAL', '../../evil.txt');
  });

  it('an absolute path', async () => {
    await buildZip(zipPath, [{ name: 'Xetc/passwd', data: 'root:x:0:0' }]);
    await patchZipFile(zipPath, (zip) => renameEntry(zip, 'Xetc/passwd', '/etc/passwd'));
    await expectRefused('LEARN_ZIP_ABSOLUTE_PATH', '/etc/passwd');
  });

  it('a Windows drive path', async () => {
    await buildZip(zipPath, [{ name: 'XXwin.ini', data: '[x]' }]);
    await patchZipFile(zipPath, (zip) => renameEntry(zip, 'XXwin.ini', 'C:win.ini'));
    await expectRefused('LEARN_ZIP_ABSOLUTE_PATH', 'C:win.ini');
  });

  it('a symbolic link', async () => {
    await buildZip(zipPath, [
      { name: 'index.html', data: 'hi' },
      { name: 'secrets', data: '/etc/shadow', mode: 0o120777 },
    ]);
    await expectRefused('LEARN_ZIP_SYMLINK', 'secrets');
  });

  it('an encrypted entry', async () => {
    await buildZip(zipPath, [{ name: 'index.html', data: 'hi' }, { name: 'locked.html', data: 'secret' }]);
    await patchZipFile(zipPath, (zip) => markEncrypted(zip, 'locked.html'));
    await expectRefused('LEARN_ZIP_ENCRYPTED', 'locked.html');
  });

  it('an entry with "strong" encryption', async () => {
    await buildZip(zipPath, [{ name: 'index.html', data: 'hi' }, { name: 'vault.html', data: 'secret' }]);
    await patchZipFile(zipPath, (zip) => markEncrypted(zip, 'vault.html', true));
    await expectRefused('LEARN_ZIP_ENCRYPTED', 'the entry after index.html');
  });

  it('two names that differ only by case', async () => {
    await buildZip(zipPath, [{ name: 'Index.html', data: 'a' }, { name: 'index.HTML', data: 'b' }]);
    await expectRefused('LEARN_ZIP_DUPLICATE_NAME', 'index.HTML');
  });

  it('two names that differ only by Unicode normalisation (NFC and NFD)', async () => {
    await buildZip(zipPath, [{ name: 'caf\u00e9.html', data: 'a' }, { name: 'cafe\u0301.html', data: 'b' }]);
    await expectRefused('LEARN_ZIP_DUPLICATE_NAME', 'cafe\u0301.html');
  });

  it('a file and a folder of the same name', async () => {
    await buildZip(zipPath, [{ name: 'media', data: 'a' }, { name: 'Media/clip.mp4', data: 'b' }]);
    await expectRefused('LEARN_ZIP_DUPLICATE_NAME', 'Media/clip.mp4');
  });

  it('a zip bomb: 50 MB of zeros against a 10 MB total limit', async () => {
    await buildZip(zipPath, [{ name: 'index.html', data: 'hi' }, { name: 'bomb.bin', data: zeros(50 * 1024 * 1024) }]);
    await expectRefused('LEARN_ZIP_TOO_LARGE', 'bomb.bin', { maxTotalBytes: 10 * 1024 * 1024 });
  });

  it('a file larger than the single-file limit', async () => {
    await buildZip(zipPath, [{ name: 'video.mp4', data: zeros(300_000), compress: false }]);
    await expectRefused('LEARN_ZIP_TOO_LARGE', 'video.mp4', { maxFileBytes: 200_000 });
  });

  it('a file that expands more than 200:1', async () => {
    await buildZip(zipPath, [{ name: 'padding.bin', data: zeros(5 * 1024 * 1024) }]);
    const error = await refusal();
    expect(error.code).toBe('LEARN_ZIP_RATIO');
    expect(error.fields).toContainEqual({ field: 'limit', message: { en: '200:1 per file', de: '200:1 je Datei' } });
    await expectNothingLeftBehind();
  });

  it('an archive that expands more than allowed overall, from files each under the threshold', async () => {
    const entries: ZipEntrySpec[] = Array.from({ length: 8 }, (_, i) => ({ name: `part-${i}.txt`, data: zeros(512 * 1024) }));
    await buildZip(zipPath, entries);
    const error = await refusal({ maxRatio: 50 });
    expect(error.code).toBe('LEARN_ZIP_RATIO');
    expect(error.fields).toContainEqual({ field: 'limit', message: { en: '50:1 for the archive', de: '50:1 für das Archiv' } });
    await expectNothingLeftBehind();
  });

  it('an entry whose central directory understates its size (declared sizes are not trusted)', async () => {
    await buildZip(zipPath, [{ name: 'small.txt', data: zeros(2 * 1024 * 1024) }]);
    await patchZipFile(zipPath, (zip) => declareUncompressedSize(zip, 'small.txt', 1000));
    await expectRefused('LEARN_ZIP_CORRUPT', 'small.txt');
  });

  it('too many files', async () => {
    await buildZip(zipPath, Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' })));
    const error = await refusal({ maxEntries: 5 });
    expect(error.code).toBe('LEARN_ZIP_TOO_MANY_FILES');
    expect(error.fields).toContainEqual({ field: 'entries', value: '6' });
    await expectNothingLeftBehind();
  });

  it('a path nested too deeply or too long', async () => {
    await buildZip(zipPath, [{ name: 'a/b/c/d/e.html', data: 'x' }]);
    await expectRefused('LEARN_ZIP_PATH_TOO_LONG', 'a/b/c/d/e.html', { maxPathDepth: 4 });
    await expectRefused('LEARN_ZIP_PATH_TOO_LONG', 'a/b/c/d/e.html', { maxPathLength: 10 });
  });

  it('a name with a control character', async () => {
    await buildZip(zipPath, [{ name: 'aXb.html', data: 'x' }]);
    await patchZipFile(zipPath, (zip) => renameEntry(zip, 'aXb.html', 'a\u0007b.html'));
    await expectRefused('LEARN_ZIP_INVALID_NAME', 'a\u0007b.html');
  });

  it('a compression method other than stored or deflate', async () => {
    await buildZip(zipPath, [{ name: 'a.txt', data: 'hello hello hello' }]);
    await patchZipFile(zipPath, (zip) => {
      const patched = Buffer.from(zip);
      const central = patched.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      patched.writeUInt16LE(12, central + 10); // bzip2
      return patched;
    });
    await expectRefused('LEARN_ZIP_UNSUPPORTED_METHOD', 'a.txt');
  });

  it('a truncated zip (an upload cut off)', async () => {
    await buildZip(zipPath, [{ name: 'index.html', data: 'x'.repeat(5000) }, { name: 'b.html', data: 'y' }]);
    const whole = await readFile(zipPath);
    await writeFile(zipPath, whole.subarray(0, whole.length - 60));
    await expectRefused('LEARN_ZIP_CORRUPT', undefined);
  });

  it('damaged compressed data', async () => {
    const text = Array.from({ length: 4000 }, (_, i) => `line ${i} of the course text`).join('\n');
    await buildZip(zipPath, [{ name: 'a.html', data: 'ok' }, { name: 'index.html', data: text }]);
    await patchZipFile(zipPath, (zip) => {
      const patched = Buffer.from(zip);
      const second = patched.indexOf(Buffer.from('index.html')) + 'index.html'.length;
      for (let i = second + 40; i < second + 240; i++) patched[i] = patched[i]! ^ 0x5a;
      return patched;
    });
    await expectRefused('LEARN_ZIP_CORRUPT', 'index.html');
  });

  it('a file that is no zip at all', async () => {
    await writeFile(zipPath, '<html>this is a web page, not a package</html>');
    await expectRefused('LEARN_ZIP_NOT_A_ZIP', undefined);
  });

  it('an empty file', async () => {
    await writeFile(zipPath, '');
    await expectRefused('LEARN_ZIP_NOT_A_ZIP', undefined);
  });
});

describe('EntryMeter: actual bytes against the limits', () => {
  it('stops a stream as soon as it passes the per-file limit, whatever was declared', async () => {
    const limits = resolveZipLimits({ maxFileBytes: 1000 });
    const meter = new EntryMeter({ limits, archiveBytes: 10_000, totalBytes: 0 }, 'liar.bin', 10_000);
    const chunks = Readable.from([zeros(600), zeros(600), zeros(600)]);
    const error = await new Promise<unknown>((resolve) => {
      chunks.pipe(meter).on('error', resolve).on('finish', () => resolve(null)).resume();
    });
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('LEARN_ZIP_TOO_LARGE');
    expect(meter.bytes).toBe(1200);
  });

  it('computes the same CRC-32 as zlib without it', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog');
    expect(tableCrc32(data)).toBe(zlib.crc32(data));
    expect(tableCrc32(data.subarray(10), tableCrc32(data.subarray(0, 10)))).toBe(zlib.crc32(data));
  });
});
