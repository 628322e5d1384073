import { describe, expect, it } from 'vitest';
import { jpeg, png, webpExtended, webpLossless, webpLossy } from '../../../test/images.js';
import { imageSize, sniffImage } from './image-kind.js';

const sizeOf = (bytes: Buffer) => {
  const kind = sniffImage(bytes);
  return kind && { kind: kind.mediaType, size: imageSize(bytes, kind) };
};

describe('image kinds and sizes', () => {
  it('reads the kind from the bytes and the size from the header', () => {
    expect(sizeOf(png(40, 20))).toEqual({ kind: 'image/png', size: { width: 40, height: 20 } });
    expect(sizeOf(jpeg(640, 480))).toEqual({ kind: 'image/jpeg', size: { width: 640, height: 480 } });
    expect(sizeOf(webpLossless(300, 100))).toEqual({ kind: 'image/webp', size: { width: 300, height: 100 } });
    expect(sizeOf(webpLossy(120, 90))).toEqual({ kind: 'image/webp', size: { width: 120, height: 90 } });
    expect(sizeOf(webpExtended(5000, 16))).toEqual({ kind: 'image/webp', size: { width: 5000, height: 16 } });
  });

  it('knows no SVG, text or truncated header', () => {
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))).toBeUndefined();
    expect(sniffImage(Buffer.from('just some text, renamed to logo.png'))).toBeUndefined();
    const cut = png(40, 20).subarray(0, 20);
    expect(imageSize(cut, sniffImage(cut)!)).toBeUndefined();
    const noFrame = Buffer.from([0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(imageSize(noFrame, sniffImage(noFrame)!)).toBeUndefined();
  });
});
