/** Small files whose bytes are what their names say (the library judges a file by its bytes). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

/** The start of an MP4 (an ftyp box) and filler: enough for a video's kind and for range reads. */
export function mp4(bytes: number): Buffer {
  const head = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.from([0, 0, 0, 0]), Buffer.from('mp42isom')]);
  const filler = Buffer.alloc(Math.max(0, bytes - head.length));
  for (let i = 0; i < filler.length; i++) filler[i] = i % 251;
  return Buffer.concat([head, filler]);
}
