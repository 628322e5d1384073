import { inflateSync } from 'node:zlib';

/** The PDF with each Flate-compressed stream replaced by its content (enough for reading it back, not a valid PDF). */
function inflated(pdf: Buffer): string {
  return pdf.toString('latin1').replace(/(<<(?:(?!>>\s*stream)[\s\S])*?\/FlateDecode[\s\S]*?>>\s*stream\r?\n)([\s\S]*?)(\r?\nendstream)/g, (_all, head: string, data: string, tail: string) => {
    return `${head.replace('/FlateDecode', '')}${inflateSync(Buffer.from(data, 'latin1')).toString('latin1')}${tail}`;
  });
}

/**
 * The lines of text a PDF made by pdfkit shows, read back for tests: each text-showing operator
 * (Tj, TJ) of the page content decoded through its font's ToUnicode map (embedded fonts, as the
 * certificate renderer uses; compressed streams are inflated first).
 */
export function pdfTextLines(pdf: Buffer): string[] {
  const source = inflated(pdf);
  const objects = new Map<string, string>();
  for (const match of source.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) objects.set(match[1]!, match[2]!);

  const unicodeOf = (cmap: string): Map<number, string> => {
    const map = new Map<number, string>();
    const hexText = (hex: string) => String.fromCodePoint(...(hex.match(/[0-9a-f]{4}/gi) ?? []).map((h) => parseInt(h, 16)));
    for (const range of cmap.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
      const start = parseInt(range[1]!, 16);
      [...range[3]!.matchAll(/<([0-9a-f ]+)>/gi)].forEach((target, i) => map.set(start + i, hexText(target[1]!.replace(/ /g, ''))));
    }
    const chars = /beginbfchar([\s\S]*?)endbfchar/g;
    for (const block of cmap.matchAll(chars)) {
      for (const pair of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) map.set(parseInt(pair[1]!, 16), hexText(pair[2]!));
    }
    return map;
  };

  // Font resource name -> glyph id -> text.
  const fonts = new Map<string, Map<number, string>>();
  for (const body of objects.values()) {
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(body);
    if (!fontDict) continue;
    for (const entry of fontDict[1]!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objects.get(entry[2]!) ?? '';
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(font);
      if (toUnicode) fonts.set(entry[1]!, unicodeOf(objects.get(toUnicode[1]!) ?? ''));
    }
  }

  const lines: string[] = [];
  let current = new Map<number, string>();
  const decode = (hex: string) => (hex.match(/[0-9a-f]{4}/gi) ?? []).map((glyph) => current.get(parseInt(glyph, 16)) ?? '\uFFFD').join('');
  for (const [, stream] of source.matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
    for (const op of stream!.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-f]*>|[\s\d.-])*)\]\s*TJ|<([0-9a-f]*)>\s*Tj/gi)) {
      if (op[1]) current = fonts.get(op[1]) ?? new Map();
      else if (op[2] !== undefined) lines.push([...op[2].matchAll(/<([0-9a-f]*)>/gi)].map((part) => decode(part[1]!)).join(''));
      else if (op[3] !== undefined) lines.push(decode(op[3]));
    }
  }
  return lines;
}
