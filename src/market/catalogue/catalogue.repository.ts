import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { containsPattern, type Orm } from '../../platform/db/index.js';
import type { ProductFields } from './catalogue.contract.js';
import { marketProductCourses, marketProductPrices, marketProducts } from './catalogue.schema.js';

export type ProductRow = typeof marketProducts.$inferSelect & { courseIds: string[]; prices: { currency: string; amountMinor: number }[] };

/** Products with their courses and prices, in the order of `rows`. */
async function withParts(tx: Orm, rows: (typeof marketProducts.$inferSelect)[]): Promise<ProductRow[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const courses = await tx.select().from(marketProductCourses).where(inArray(marketProductCourses.productId, ids)).orderBy(asc(marketProductCourses.position));
  const prices = await tx.select().from(marketProductPrices).where(inArray(marketProductPrices.productId, ids)).orderBy(asc(marketProductPrices.currency));
  return rows.map((row) => ({
    ...row,
    courseIds: courses.filter((c) => c.productId === row.id).map((c) => c.courseId),
    prices: prices.filter((p) => p.productId === row.id).map((p) => ({ currency: p.currency, amountMinor: p.amountMinor })),
  }));
}

export async function findProduct(tx: Orm, id: string): Promise<ProductRow | undefined> {
  const rows = await tx.select().from(marketProducts).where(eq(marketProducts.id, id));
  return (await withParts(tx, rows))[0];
}

export async function findPublishedProductBySlug(tx: Orm, slug: string): Promise<ProductRow | undefined> {
  const rows = await tx.select().from(marketProducts).where(and(eq(marketProducts.slug, slug), eq(marketProducts.status, 'published')));
  return (await withParts(tx, rows))[0];
}

export async function listProducts(tx: Orm): Promise<ProductRow[]> {
  return withParts(tx, await tx.select().from(marketProducts).orderBy(desc(marketProducts.updatedAt)));
}

export interface StorefrontQuery {
  search?: string | undefined;
  language?: string | undefined;
  free?: boolean | undefined;
  limit: number;
  offset: number;
}

/** Published products for the storefront's catalogue, matching the buyer's search and filters. */
export async function listPublishedProducts(tx: Orm, query: StorefrontQuery): Promise<{ products: ProductRow[]; total: number }> {
  const words = (query.search ?? '').trim().slice(0, 100);
  const pattern = containsPattern(words);
  const where = and(
    eq(marketProducts.status, 'published'),
    words ? or(ilike(marketProducts.title, pattern), ilike(marketProducts.summary, pattern), ilike(marketProducts.instructorName, pattern)) : undefined,
    query.language ? eq(marketProducts.language, query.language) : undefined,
    query.free === undefined ? undefined : eq(marketProducts.free, query.free),
  );
  const [count] = await tx.select({ total: sql<number>`count(*)::int` }).from(marketProducts).where(where);
  const rows = await tx.select().from(marketProducts).where(where).orderBy(asc(marketProducts.title), asc(marketProducts.id)).limit(query.limit).offset(query.offset);
  return { products: await withParts(tx, rows), total: count?.total ?? 0 };
}

/** The languages the published products are in, for the catalogue's filter. */
export async function publishedLanguages(tx: Orm): Promise<string[]> {
  const rows = await tx.selectDistinct({ language: marketProducts.language }).from(marketProducts).where(and(eq(marketProducts.status, 'published'), sql`${marketProducts.language} is not null`));
  return rows.map((row) => row.language!).sort();
}

/** Every published product's address and last change, for sitemap.xml. */
export async function publishedSlugs(tx: Orm): Promise<{ slug: string; updatedAt: Date }[]> {
  return tx.select({ slug: marketProducts.slug, updatedAt: marketProducts.updatedAt }).from(marketProducts).where(eq(marketProducts.status, 'published')).orderBy(asc(marketProducts.slug));
}

/** Writes a product's courses and prices as given (replacing what it had). */
async function writeParts(tx: Orm, productId: string, fields: ProductFields): Promise<void> {
  await tx.delete(marketProductCourses).where(eq(marketProductCourses.productId, productId));
  await tx.delete(marketProductPrices).where(eq(marketProductPrices.productId, productId));
  await tx.insert(marketProductCourses).values(fields.courseIds.map((courseId, position) => ({ productId, courseId, position })));
  if (fields.prices.length > 0) await tx.insert(marketProductPrices).values(fields.prices.map((price) => ({ productId, ...price })));
}

const columnsOf = ({ courseIds: _courses, prices: _prices, ...columns }: ProductFields) => columns;

export async function insertProduct(tx: Orm, fields: ProductFields): Promise<string> {
  const [row] = await tx.insert(marketProducts).values(columnsOf(fields)).returning({ id: marketProducts.id });
  await writeParts(tx, row!.id, fields);
  return row!.id;
}

export async function updateProduct(tx: Orm, id: string, fields: ProductFields): Promise<void> {
  await tx.update(marketProducts).set({ ...columnsOf(fields), updatedAt: new Date() }).where(eq(marketProducts.id, id));
  await writeParts(tx, id, fields);
}

/** Whether another product has the address. */
export async function slugTaken(tx: Orm, slug: string, exceptId?: string): Promise<boolean> {
  const rows = await tx.select({ id: marketProducts.id }).from(marketProducts).where(eq(marketProducts.slug, slug));
  return rows.some((row) => row.id !== exceptId);
}
