/**
 * Raster images by their magic number (the declared content type is not trusted) and their size
 * in pixels from the header. SVG is not among them: it is a document that can carry script.
 */
export const IMAGE_KINDS = [
  { ext: 'png', mediaType: 'image/png', matches: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { ext: 'jpg', mediaType: 'image/jpeg', matches: (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'webp', mediaType: 'image/webp', matches: (b: Buffer) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
] as const;

export type ImageKind = (typeof IMAGE_KINDS)[number];

/** What the bytes are, by their magic number. */
export function sniffImage(bytes: Buffer): ImageKind | undefined {
  return IMAGE_KINDS.find((kind) => kind.matches(bytes));
}

export interface ImageSize {
  width: number;
  height: number;
}

function pngSize(b: Buffer): ImageSize | undefined {
  if (b.length < 24 || b.subarray(12, 16).toString('latin1') !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Start-of-frame markers (SOF0..SOF15 but DHT, JPG and DAC) carry the frame's size. */
const JPEG_FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(b: Buffer): ImageSize | undefined {
  let offset = 2;
  while (offset + 9 < b.length) {
    if (b[offset] !== 0xff) return undefined;
    const marker = b[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, start of scan: no frame header came
    const length = b.readUInt16BE(offset + 2);
    if (JPEG_FRAME_MARKERS.has(marker)) return { height: b.readUInt16BE(offset + 5), width: b.readUInt16BE(offset + 7) };
    if (length < 2) return undefined;
    offset += 2 + length;
  }
  return undefined;
}

function webpSize(b: Buffer): ImageSize | undefined {
  if (b.length < 30) return undefined;
  const chunk = b.subarray(12, 16).toString('latin1');
  if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return undefined;
    return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return undefined;
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
  return undefined;
}

/** The image's width and height in pixels as its header gives them, or undefined when the header is not readable. */
export function imageSize(bytes: Buffer, kind: ImageKind): ImageSize | undefined {
  if (kind.ext === 'png') return pngSize(bytes);
  if (kind.ext === 'jpg') return jpegSize(bytes);
  return webpSize(bytes);
}
