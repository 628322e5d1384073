import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import { endAreaGrants, publishedCourseVersion, type AreaScoProgress } from '../../learn/index.js';
import { findProduct, findPublishedProductBySlug, type ProductRow } from '../catalogue/catalogue.repository.js';

/**
 * The free preview of a product's landing page: anybody (no account, no session) plays the
 * product's preview course in Learn's player. Learn issues an `area` credential under a reference
 * `market-preview:<product>:<course>:<view>`; what the course commits comes back to the store's
 * sink, which keeps nothing.
 */

/** The area of the references (what Learn calls back with). */
export const PREVIEW_AREA = 'market-preview';
/** The longest a visitor's preview credential lives; the landing page opens a new one when they come back. */
export const PREVIEW_GRANT_MS = 2 * 3_600_000;

const REF_PATTERN = /^market-preview:([0-9a-f-]{36}):([0-9a-f-]{36}):[0-9a-f-]{36}$/;

const previewRef = (productId: string, courseId: string) => `${PREVIEW_AREA}:${productId}:${courseId}:${randomUUID()}`;
const courseRefPrefix = (productId: string, courseId: string) => `${PREVIEW_AREA}:${productId}:${courseId}:`;

/** The course the product names as its free preview, if it is one of the product's own. */
export function previewCourseOf(product: ProductRow): string | undefined {
  return product.previewCourseId !== null && product.courseIds.includes(product.previewCourseId) ? product.previewCourseId : undefined;
}

/** Whether the product may show this course as its free preview: published, and naming it as its own preview. */
function previews(product: ProductRow | undefined, courseId: string): product is ProductRow {
  return product !== undefined && product.status === 'published' && previewCourseOf(product) === courseId;
}

export interface StorePreviewLaunch {
  versionId: string;
  areaRef: string;
  expiresAt: Date;
  title: string;
  viewer: { id: string; firstName: string; lastName: string };
}

/**
 * What Learn needs to open a product's preview course for an anonymous visitor: the product is
 * published and still names this course as its preview, and the course is published in Learn with
 * content. Anything else is MARKET_PREVIEW_UNAVAILABLE (one answer, whatever the reason).
 */
export async function storePreviewLaunch(db: Db, tenantId: string, slug: string, courseId: string, now = Date.now()): Promise<StorePreviewLaunch> {
  const found = await db.withTenant(tenantId, async (tx) => {
    const product = await findPublishedProductBySlug(tx, slug);
    if (!previews(product, courseId)) return undefined;
    const course = await publishedCourseVersion(tx, courseId);
    return course ? { product, course } : undefined;
  });
  if (!found) throw new AppError('MARKET_PREVIEW_UNAVAILABLE');
  const view = randomUUID();
  return {
    versionId: found.course.versionId,
    areaRef: previewRef(found.product.id, courseId),
    expiresAt: new Date(now + PREVIEW_GRANT_MS),
    title: found.course.title,
    viewer: { id: `market-preview-${view}`, firstName: 'Visitor', lastName: 'Guest' },
  };
}

/**
 * The store's sink for what a preview's course commits: nothing is kept (no enrolment, no attempt,
 * no progress). While the product still offers the preview the commit is accepted and dropped;
 * once it does not (unpublished, another preview course, the course taken out), the credentials
 * of the product's preview of that course end (their files stop within seconds) and the commit is refused.
 */
export async function dropPreviewProgress(db: Db, tenantId: string, areaRef: string, _progress: AreaScoProgress): Promise<{ accepted: boolean }> {
  const match = REF_PATTERN.exec(areaRef);
  if (!match) throw new AppError('MARKET_PREVIEW_UNAVAILABLE');
  const [, productId, courseId] = match as unknown as [string, string, string];
  const offered = await db.withTenant(tenantId, async (tx) => {
    if (previews(await findProduct(tx, productId), courseId)) return true;
    await endAreaGrants(tx, courseRefPrefix(productId, courseId));
    return false;
  });
  if (!offered) throw new AppError('MARKET_PREVIEW_UNAVAILABLE');
  return { accepted: true };
}
