import { inflateSync } from 'node:zlib';

interface PdfObject {
  /** The object's dictionary (or value), as text. */
  dict: string;
  /** Its stream, inflated when it was Flate-compressed. */
  stream?: string;
}

/**
 * The objects of a PDF made by pdfkit, walked in order. A stream is cut by its `/Length`, never by
 * searching for "endstream": compressed data (a font subset, which changes with the glyphs a
 * certificate uses) can hold any bytes, that word and ">>" included.
 */
function objectsOf(pdf: Buffer): Map<string, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<string, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  for (let match = header.exec(text); match; match = header.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    const streamAt = text.indexOf('stream', start);
    const length = /^<<[\s\S]*?\/Length (\d+)/.exec(text.slice(start, streamAt));
    if (streamAt !== -1 && streamAt < end && length) {
      let dataStart = streamAt + 'stream'.length;
      if (text[dataStart] === '\r') dataStart++;
      if (text[dataStart] === '\n') dataStart++;
      const dict = text.slice(start, streamAt);
      const data = pdf.subarray(dataStart, dataStart + Number(length[1]));
      objects.set(match[1]!, { dict, stream: (dict.includes('/FlateDecode') ? inflateSync(data) : data).toString('latin1') });
      header.lastIndex = text.indexOf('endobj', dataStart + data.length) + 'endobj'.length;
    } else {
      objects.set(match[1]!, { dict: text.slice(start, end) });
      header.lastIndex = end + 'endobj'.length;
    }
  }
  return objects;
}

/**
 * The lines of text a PDF made by pdfkit shows, read back for tests: each text-showing operator
 * (Tj, TJ) of the page content decoded through its font's ToUnicode map (embedded fonts, as the
 * certificate renderer uses; compressed streams are inflated first).
 */
export function pdfTextLines(pdf: Buffer): string[] {
  const objects = objectsOf(pdf);

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
  for (const { dict } of objects.values()) {
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(dict);
    if (!fontDict) continue;
    for (const entry of fontDict[1]!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objects.get(entry[2]!)?.dict ?? '';
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(font);
      if (toUnicode) fonts.set(entry[1]!, unicodeOf(objects.get(toUnicode[1]!)?.stream ?? ''));
    }
  }

  const lines: string[] = [];
  let current = new Map<number, string>();
  const decode = (hex: string) => (hex.match(/[0-9a-f]{4}/gi) ?? []).map((glyph) => current.get(parseInt(glyph, 16)) ?? '\uFFFD').join('');
  // Page contents only: not the font files (any bytes) nor the character maps.
  const contents = [...objects.values()].filter((o) => o.stream !== undefined && !/\/(Length1|Subtype|Type)\b/.test(o.dict));
  for (const { stream } of contents) {
    for (const op of stream!.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-f]*>|[\s\d.-])*)\]\s*TJ|<([0-9a-f]*)>\s*Tj/gi)) {
      if (op[1]) current = fonts.get(op[1]) ?? new Map();
      else if (op[2] !== undefined) lines.push([...op[2].matchAll(/<([0-9a-f]*)>/gi)].map((part) => decode(part[1]!)).join(''));
      else if (op[3] !== undefined) lines.push(decode(op[3]));
    }
  }
  return lines;
}
