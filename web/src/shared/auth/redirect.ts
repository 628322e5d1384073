export const SIGN_IN_PATH = '/sign-in';

/**
 * The page to return to after sign-in, taken from the `next` query parameter. Only paths on
 * this site are accepted (no `//host`, no `/\host`, no scheme), and never the sign-in page.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Control characters (tabs, newlines) are stripped by URL parsers and could smuggle a host.
  for (let i = 0; i < next.length; i++) {
    const code = next.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return '/';
  }
  if (next === SIGN_IN_PATH || next.startsWith(`${SIGN_IN_PATH}?`) || next.startsWith(`${SIGN_IN_PATH}/`)) return '/';
  return next;
}

/** The sign-in address that returns to `target` afterwards. */
export function signInPathFor(target: string): string {
  const next = safeNextPath(target);
  return next === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}`;
}
