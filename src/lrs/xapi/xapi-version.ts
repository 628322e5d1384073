/** The two lines of the standard the LRS speaks: 1.0.x (1.0.3) and IEEE 9274.1.1 (2.0.0). */
export type XapiVersion = '1.0' | '2.0';

/** What the LRS answers in `X-Experience-API-Version`, per line. */
export const ANSWER_VERSION: Record<XapiVersion, string> = { '1.0': '1.0.3', '2.0': '2.0.0' };
/** The line an answer is given in when the request named none the LRS speaks (LECTERN_XAPI_UNNAMED_VERSION). */
export const lineOfAnswerVersion = (version: '2.0.0' | '1.0.3'): XapiVersion => (version === '1.0.3' ? '1.0' : '2.0');

/** Versions of the About resource, newest first. */
export const SUPPORTED_VERSIONS = ['2.0.0', '1.0.3', '1.0.2', '1.0.1', '1.0.0'];

/** The line of a request's `X-Experience-API-Version` (`1.0`, `1.0.3`, `2.0.0`), or undefined for one the LRS does not speak. */
export function versionLineOf(header: string | undefined): XapiVersion | undefined {
  if (header === undefined) return undefined;
  const match = /^(1|2)\.0(?:\.(\d{1,3}))?$/.exec(header.trim());
  if (!match) return undefined;
  return match[1] === '1' ? '1.0' : '2.0';
}
