import sharp from 'sharp';

/** The edge of a list's small picture, in pixels (twice what the list shows, for sharp screens). */
export const THUMBNAIL_EDGE = 160;
/** Pictures larger than this are not read for a small picture (the list shows the kind's symbol). */
export const THUMBNAIL_MAX_SOURCE_BYTES = 64 * 1024 * 1024;
/** Decoding stops past this many pixels: a small file that claims a huge picture is not unpacked. */
const MAX_PIXELS = 100_000_000;
/** The raster formats a small picture is made of (what the library takes as images); never SVG or PDF. */
const FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff', 'heif']);

/**
 * A WebP of THUMBNAIL_EDGE × THUMBNAIL_EDGE pixels, cropped to the middle of the picture (or its
 * top, for a page, whose title is there) and turned the way its EXIF says; null for anything that is
 * no such picture, is damaged, or is too large to decode. Metadata (EXIF, GPS) is not carried over.
 */
export async function renderThumbnail(bytes: Buffer, crop: 'centre' | 'top' = 'centre'): Promise<Buffer | null> {
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error', animated: false });
    const { format } = await image.metadata();
    if (!format || !FORMATS.has(format)) return null;
    return await image.rotate().resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'cover', position: crop === 'top' ? 'top' : 'centre' }).webp({ quality: 70 }).toBuffer();
  } catch {
    return null;
  }
}
