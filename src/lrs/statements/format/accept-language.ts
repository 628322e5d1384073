/*
 * Accept-Language (RFC 9110 §12.5.4, RFC 4647) applied to one language map at a time, as the
 * canonical format requires (xAPI 1.0.3 Communication §2.1.3, language filtering).
 */

const LANGUAGE_RANGE = /^(?:\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$/;
const QUALITY = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * The language ranges of an Accept-Language header, most preferred first: by q-value, then in the
 * order given. Ranges with q=0 ("not acceptable") and malformed entries are left out.
 */
export function languagesFromAcceptLanguage(header?: string): string[] {
  if (!header) return [];
  const ranges: { range: string; quality: number; position: number }[] = [];
  const entries = header.split(',');
  for (let position = 0; position < entries.length; position++) {
    const [range = '', ...parameters] = (entries[position] as string).split(';').map((part) => part.trim());
    if (!LANGUAGE_RANGE.test(range)) continue;
    let quality = 1;
    let wellFormed = true;
    for (const parameter of parameters) {
      const match = QUALITY.exec(parameter);
      if (match) quality = Number(match[1]);
      else wellFormed = false;
    }
    if (wellFormed && quality > 0) ranges.push({ range, quality, position });
  }
  return ranges.sort((a, b) => b.quality - a.quality || a.position - b.position).map(({ range }) => range);
}

/**
 * The tag of a language map to keep for the given preferences: for each range in turn, the tag it
 * names, else a tag it is a prefix of (`en` → `en-US`), else the same for the range shortened
 * subtag by subtag (`en-GB` → `en`, then `en-US`); `*` takes any. Without a match, the map's first
 * tag: one language is returned whatever the preferences.
 */
export function chooseLanguage(tags: readonly string[], languages: readonly string[]): string | undefined {
  if (tags.length === 0) return undefined;
  const lowerTags = tags.map((tag) => tag.toLowerCase());
  for (const language of languages) {
    if (language === '*') return tags[0];
    let range = language.toLowerCase();
    for (;;) {
      const exact = lowerTags.indexOf(range);
      if (exact >= 0) return tags[exact];
      const extending = lowerTags.findIndex((tag) => tag.startsWith(`${range}-`));
      if (extending >= 0) return tags[extending];
      const cut = range.lastIndexOf('-');
      if (cut < 0) break;
      range = range.slice(0, cut);
    }
  }
  return tags[0];
}
