import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import { AppError } from '../../platform/http/index.js';
import type { FileKind } from './library.contract.js';

/** What the bytes of a file turned out to be. */
export interface SniffedFile {
  fileKind: FileKind;
  /** The type the file is served with: only what its bytes prove, else application/octet-stream. */
  mediaType: string;
  /** Whether the file is a zip that must be read as a whole to know more (a course, an Office file). */
  zip: boolean;
}

const OFFICE_TYPES = new Set(['docx', 'xlsx', 'pptx', 'cfb', 'odt', 'ods', 'odp', 'doc', 'xls', 'ppt']);
const REFUSED = new Set(['exe', 'elf', 'macho', 'msi', 'dll', 'class', 'apk', 'dmg']);

/** What a file's extension promises, for the extensions people commonly mean something by. */
const EXTENSION_KINDS: Record<string, FileKind[]> = {
  ...Object.fromEntries(['mp4', 'm4v', 'webm', 'mov', 'mkv', 'ogv', 'avi'].map((ext) => [ext, ['video']])),
  ...Object.fromEntries(['mp3', 'wav', 'm4a', 'ogg', 'oga', 'flac', 'aac', 'opus'].map((ext) => [ext, ['audio']])),
  pdf: ['pdf'],
  ...Object.fromEntries(['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'bmp', 'tif', 'tiff'].map((ext) => [ext, ['image']])),
  ...Object.fromEntries(['docx', 'xlsx', 'pptx', 'doc', 'xls', 'ppt', 'odt', 'ods', 'odp'].map((ext) => [ext, ['office']])),
  zip: ['course', 'other'],
};

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/** The kind a detected type stands for (zips are decided later, once read whole). */
function kindOfType(detected: { ext: string; mime: string } | undefined): SniffedFile {
  if (!detected) return { fileKind: 'other', mediaType: 'application/octet-stream', zip: false };
  if (REFUSED.has(detected.ext)) throw new AppError('SPACE_FILE_TYPE_REFUSED', [{ field: 'fileName', value: detected.ext }]);
  if (detected.ext === 'zip') return { fileKind: 'other', mediaType: 'application/zip', zip: true };
  if (OFFICE_TYPES.has(detected.ext)) return { fileKind: 'office', mediaType: detected.mime, zip: false };
  if (detected.mime === 'application/pdf') return { fileKind: 'pdf', mediaType: detected.mime, zip: false };
  if (detected.mime.startsWith('video/')) return { fileKind: 'video', mediaType: detected.mime, zip: false };
  if (detected.mime.startsWith('audio/')) return { fileKind: 'audio', mediaType: detected.mime, zip: false };
  if (detected.mime.startsWith('image/')) return { fileKind: 'image', mediaType: detected.mime, zip: false };
  return { fileKind: 'other', mediaType: 'application/octet-stream', zip: false };
}

/** The file's kind from its first bytes; a zip that file-type can only tell apart whole comes back with `zip`. */
export async function sniffHead(head: Buffer): Promise<SniffedFile> {
  return kindOfType(await fileTypeFromBuffer(head));
}

/** The kind of a zip from the whole file on disk (Office documents are zips too). */
export async function sniffZipFile(file: string): Promise<SniffedFile> {
  const sniffed = kindOfType(await fileTypeFromFile(file));
  return { ...sniffed, zip: sniffed.zip };
}

/**
 * Refuses a file whose name promises another kind than its bytes are (a script named .pdf, a
 * page named .png): the name is what people trust when they open it.
 */
export function assertExtensionMatches(fileName: string, fileKind: FileKind): void {
  const promised = EXTENSION_KINDS[extensionOf(fileName)];
  if (promised && !promised.includes(fileKind)) throw new AppError('SPACE_FILE_TYPE_MISMATCH', [{ field: 'fileName', value: fileName }]);
}
