import type { Db } from '../../platform/db/index.js';
import { courseOutlines, type CourseOutline } from '../../learn/index.js';
import { findPublishedProductBySlug, listPublishedProducts, publishedLanguages, publishedSlugs, type ProductRow } from '../catalogue/catalogue.repository.js';
import { findOrder, linesOf, type OrderLineRow, type OrderRow } from '../orders/orders.repository.js';

export const PAGE_SIZE = 24;

export interface CatalogueQuery {
  search: string | undefined;
  language: string | undefined;
  free: boolean | undefined;
  page: number;
}

/** One page of the published products matching the buyer's search, and the languages to filter by; one transaction. */
export async function cataloguePageOf(db: Db, tenantId: string, query: CatalogueQuery): Promise<{ products: ProductRow[]; total: number; languages: string[] }> {
  return db.withTenant(tenantId, async (tx) => {
    const found = await listPublishedProducts(tx, { search: query.search, language: query.language, free: query.free, limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
    return { ...found, languages: await publishedLanguages(tx) };
  });
}

/** A published product with the curriculum of its courses (in the product's order), or undefined; one transaction. */
export async function productPageOf(db: Db, tenantId: string, slug: string): Promise<{ product: ProductRow; courses: CourseOutline[] } | undefined> {
  return db.withTenant(tenantId, async (tx) => {
    const product = await findPublishedProductBySlug(tx, slug);
    if (!product) return undefined;
    const outlines = await courseOutlines(tx, product.courseIds);
    return { product, courses: product.courseIds.flatMap((id) => outlines.get(id) ?? []) };
  });
}

/** A published product as checkout sells it. */
export async function productForSaleOf(db: Db, tenantId: string, slug: string): Promise<ProductRow | undefined> {
  return db.withTenant(tenantId, (tx) => findPublishedProductBySlug(tx, slug));
}

export async function sitemapEntriesOf(db: Db, tenantId: string): Promise<{ slug: string; updatedAt: Date }[]> {
  return db.withTenant(tenantId, (tx) => publishedSlugs(tx));
}

/** An order with its lines, for the buyer's return page. */
export async function orderPageOf(db: Db, tenantId: string, orderId: string): Promise<{ order: OrderRow; lines: OrderLineRow[] } | undefined> {
  return db.withTenant(tenantId, async (tx) => {
    const order = await findOrder(tx, orderId);
    return order ? { order, lines: await linesOf(tx, orderId) } : undefined;
  });
}
