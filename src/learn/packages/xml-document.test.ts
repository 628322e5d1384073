import { describe, expect, it } from 'vitest';
import { parseXmlDocument, UNDECLARED_NAMESPACE } from './xml-document.js';

describe('parseXmlDocument: undeclared prefixes', () => {
  it('keeps an attribute with an undeclared prefix (xsi:schemaLocation in hand-made manifests) out of every real namespace', () => {
    const result = parseXmlDocument(Buffer.from('<manifest xmlns="urn:a" identifier="M" xsi:schemaLocation="urn:a a.xsd"/>'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.root.attributes).toEqual([
      { ns: '', local: 'identifier', value: 'M' },
      { ns: `${UNDECLARED_NAMESPACE}xsi`, local: 'schemaLocation', value: 'urn:a a.xsd' },
    ]);
  });

  it('still refuses an element with an undeclared prefix', () => {
    const result = parseXmlDocument(Buffer.from('<manifest xmlns="urn:a"><adlcp:masteryscore>80</adlcp:masteryscore></manifest>'));
    expect(result).toMatchObject({ ok: false, problem: 'LEARN_MANIFEST_NOT_WELL_FORMED' });
  });
});

describe('parseXmlDocument: characters XML does not allow', () => {
  it('refuses a raw NUL or another C0 control character anywhere in the text', () => {
    for (const character of ['\u0000', '\u0001', '\u000B', '\u001F', '\uFFFF']) {
      const result = parseXmlDocument(Buffer.from(`<manifest identifier="M"><title>a${character}b</title></manifest>`));
      expect(result, JSON.stringify(character)).toMatchObject({ ok: false, problem: 'LEARN_MANIFEST_NOT_WELL_FORMED', note: { en: expect.stringContaining('U+'), de: expect.stringContaining('kein in XML erlaubtes Zeichen') } });
    }
  });

  it('keeps tabs and line ends', () => {
    expect(parseXmlDocument(Buffer.from('<manifest identifier="M">\r\n\t<title>a\tb</title>\n</manifest>')).ok).toBe(true);
  });
});
