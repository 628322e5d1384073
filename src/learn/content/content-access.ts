import { AppError } from '../../platform/http/index.js';

/**
 * The path inside a package that a request names, from the raw (still percent-encoded) rest
 * of its URL: each segment is decoded once and must be a plain name. Empty segments (`//`,
 * a leading `/`), `.` and `..` (also as `%2e%2e`), encoded slashes or backslashes, NUL and
 * other control characters are refused rather than normalised.
 */
export function packagePathOf(rawRest: string): string[] {
  const bad = (message: string) => new AppError('LEARN_CONTENT_BAD_PATH', [{ field: 'path', value: message }]);
  if (rawRest === '') throw bad('empty');
  return rawRest.split('/').map((raw) => {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw bad('invalid percent-encoding');
    }
    if (segment === '' || segment === '.' || segment === '..') throw bad(`segment "${segment}"`);
    // eslint-disable-next-line no-control-regex
    if (/[/\\\u0000-\u001f\u007f]/.test(segment)) throw bad('a name with a slash, backslash or control character');
    return segment;
  });
}
