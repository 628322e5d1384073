import { escapeHtml } from '../../platform/http/index.js';

/** W3C datetime without fractions of a second, as sitemaps write it. */
const lastmod = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * sitemap.xml of the store: the catalogue and every published product's page, absolute from the
 * site's configured address, each with its last change (the catalogue's: its newest product's).
 * Escaping for HTML covers what XML needs (& < > " ').
 */
export function storeSitemap(siteUrl: string, products: { slug: string; updatedAt: Date }[]): string {
  const newest = products.reduce<Date | undefined>((latest, p) => (!latest || p.updatedAt > latest ? p.updatedAt : latest), undefined);
  const url = (loc: string, at: Date | undefined) => `<url><loc>${escapeHtml(loc)}</loc>${at ? `<lastmod>${lastmod(at)}</lastmod>` : ''}</url>`;
  const entries = [url(`${siteUrl}/store`, newest), ...products.map((p) => url(`${siteUrl}/store/p/${encodeURIComponent(p.slug)}`, p.updatedAt))];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</urlset>\n`;
}
