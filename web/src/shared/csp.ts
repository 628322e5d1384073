/** The server writes a fresh value into this meta tag for every response. */
export const NONCE_PLACEHOLDER = '__CSP_NONCE__';

function nonceMeta(): HTMLMetaElement | null {
  return document.head.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]');
}

/**
 * The nonce that <style> tags need under the Content-Security-Policy
 * (`style-src 'self' 'nonce-…'`), or undefined when the page was not served with one
 * (e.g. the Vite dev server, which leaves the placeholder in place).
 */
export function readStyleNonce(meta: Pick<HTMLMetaElement, 'content'> | null = nonceMeta()): string | undefined {
  const content = meta?.content.trim();
  return content && content !== NONCE_PLACEHOLDER ? content : undefined;
}
