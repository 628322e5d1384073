import type { UseCase } from '../../platform/access/index.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import { AppError } from '../../platform/http/index.js';
import { courseOutlines, endAreaGrants } from '../../learn/index.js';
import { PREVIEW_AREA } from '../storefront/preview.service.js';
import { marketStorePolicy } from '../market.policy.js';
import { productInput, type ProductInput, type ProductView } from './catalogue.contract.js';
import { findProduct, insertProduct, listProducts, slugTaken, updateProduct, type ProductRow } from './catalogue.repository.js';

export function productViewOf(row: ProductRow): ProductView {
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    status: row.status,
    title: row.title,
    summary: row.summary,
    description: row.description,
    instructorName: row.instructorName,
    instructorBio: row.instructorBio,
    accessDays: row.accessDays,
    free: row.free,
    seatPacks: row.seatPacks,
    language: row.language,
    courseIds: row.courseIds,
    previewCourseId: row.previewCourseId,
    prices: row.prices,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The rules a product's fields keep beyond their single values: its shape, its courses in Learn, its prices, its address. */
async function checkedFields(useCase: UseCase, input: ProductInput, productId?: string) {
  const fields = productInput.parse(input);
  const courseIds = [...new Set(fields.courseIds)];
  if (courseIds.length !== fields.courseIds.length || (fields.kind === 'course' ? courseIds.length !== 1 : courseIds.length < 2)) {
    throw new AppError('MARKET_PRODUCT_SHAPE', [{ field: 'courseIds', value: fields.courseIds.join(',') }]);
  }
  if (fields.previewCourseId && !courseIds.includes(fields.previewCourseId)) throw new AppError('MARKET_PRODUCT_SHAPE', [{ field: 'previewCourseId', value: fields.previewCourseId }]);
  if (fields.free ? fields.prices.length > 0 : fields.prices.length === 0) throw new AppError('MARKET_PRICE_REQUIRED', [{ field: 'prices', value: String(fields.prices.length) }]);
  if (fields.free && fields.seatPacks) throw new AppError('MARKET_PRICE_REQUIRED', [{ field: 'seatPacks', value: 'true' }]);
  const known = await courseOutlines(useCase.tx, courseIds);
  const unknown = courseIds.flatMap((id, index) => (known.has(id) ? [] : [{ field: `courseIds.${index}`, value: id }]));
  if (unknown.length > 0) throw new AppError('MARKET_COURSE_UNKNOWN', unknown);
  if (await slugTaken(useCase.tx, fields.slug, productId)) throw new AppError('MARKET_SLUG_TAKEN', [{ field: 'slug', value: fields.slug }]);
  return fields;
}

export async function createProduct(useCase: UseCase, input: ProductInput): Promise<ProductView> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  const fields = await checkedFields(useCase, input);
  const id = await insertProduct(useCase.tx, fields);
  await insertActorEvent(useCase.tx, useCase, 'market.product_created', { type: 'market_product', id }, { slug: fields.slug, status: fields.status, prices: fields.prices });
  return productViewOf((await findProduct(useCase.tx, id))!);
}

export async function changeProduct(useCase: UseCase, id: string, input: ProductInput): Promise<ProductView> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  const before = await findProduct(useCase.tx, id);
  if (!before) throw new AppError('MARKET_PRODUCT_NOT_FOUND', [{ field: 'id', value: id }]);
  const fields = await checkedFields(useCase, input, id);
  await updateProduct(useCase.tx, id, fields);
  // A preview no longer offered ends for whoever is watching it now (their files stop within seconds).
  if (before.previewCourseId !== null && (fields.status !== 'published' || fields.previewCourseId !== before.previewCourseId)) await endAreaGrants(useCase.tx, `${PREVIEW_AREA}:${id}:`);
  await insertActorEvent(useCase.tx, useCase, 'market.product_changed', { type: 'market_product', id }, { slug: fields.slug, status: fields.status, prices: fields.prices, pricesBefore: before.prices });
  return productViewOf((await findProduct(useCase.tx, id))!);
}

export async function productsOfStore(useCase: UseCase): Promise<ProductView[]> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  return (await listProducts(useCase.tx)).map(productViewOf);
}

export async function productOfStore(useCase: UseCase, id: string): Promise<ProductView> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  const row = await findProduct(useCase.tx, id);
  if (!row) throw new AppError('MARKET_PRODUCT_NOT_FOUND', [{ field: 'id', value: id }]);
  return productViewOf(row);
}
