import { escapeHtml } from '../platform/mail/index.js';

/**
 * The text and HTML of a store mail: its paragraphs, then each link on a line of its own (its words
 * and its address), then, if given, the site's name as the signature. The one layout of every mail
 * the store sends (purchase, confirmation, transfer, seat).
 */
export function storeMailBody(paragraphs: readonly string[], links: readonly { text: string; href: string }[], signature?: string): { text: string; html: string } {
  const text = `${paragraphs.join('\n\n')}\n\n${links.map((link) => `${link.text}: ${link.href}`).join('\n\n')}${signature ? `\n\n${signature}` : ''}\n`;
  const html = `${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${links.map((link) => `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>`).join('')}${signature ? `<p>${escapeHtml(signature)}</p>` : ''}`;
  return { text, html };
}
