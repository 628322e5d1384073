import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';

export const PRODUCT_KINDS = ['course', 'bundle'] as const;
export const PRODUCT_STATUSES = ['draft', 'published', 'archived'] as const;

/**
 * What the store sells: one course or a bundle of courses. Only a published product is in the
 * storefront; an archived one keeps its orders but is sold no more. Tenant-owned (RLS).
 */
export const marketProducts = pgTable(
  'market_products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    /** The product's address in the store (`/store/p/<slug>`): lower-case letters, digits and dashes. */
    slug: text('slug').notNull(),
    kind: text('kind', { enum: PRODUCT_KINDS }).notNull(),
    status: text('status', { enum: PRODUCT_STATUSES }).notNull().default('draft'),
    title: text('title').notNull(),
    /** One or two sentences for the catalogue and search engines. */
    summary: text('summary').notNull().default(''),
    /** The landing page's text (paragraphs separated by blank lines; no markup is interpreted). */
    description: text('description').notNull().default(''),
    instructorName: text('instructor_name').notNull().default(''),
    instructorBio: text('instructor_bio').notNull().default(''),
    /** How long a purchase gives access, in days; null: for life. */
    accessDays: integer('access_days'),
    /** Free: enrolment without payment (still with an account). */
    free: boolean('free').notNull().default(false),
    /** Companies may buy seats for their employees. */
    seatPacks: boolean('seat_packs').notNull().default(false),
    /** The language of the course, shown and used as a filter (BCP 47). */
    language: text('language'),
    /** A course of the product that anybody may play from its landing page in the player's preview mode (nothing is recorded). */
    previewCourseId: uuid('preview_course_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('market_products_tenant_id_id_key').on(t.tenantId, t.id),
    unique('market_products_slug_key').on(t.tenantId, t.slug),
    index('market_products_status_idx').on(t.tenantId, t.status),
    check('market_products_access_days', sql`${t.accessDays} is null or ${t.accessDays} between 1 and 36500`),
  ],
);

/** The courses a product gives access to, in the order the landing page lists them. Courses are Learn's: checked through its interface. */
export const marketProductCourses = pgTable(
  'market_product_courses',
  {
    tenantId: tenantIdColumn(),
    productId: uuid('product_id').notNull(),
    courseId: uuid('course_id').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.courseId] }),
    index('market_product_courses_course_idx').on(t.tenantId, t.courseId),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [marketProducts.tenantId, marketProducts.id] }).onDelete('cascade'),
  ],
);

/**
 * A product's price in one currency, in the currency's minor units (cents). Whether it includes
 * VAT is the seller's choice (the market settings' price mode), the same for every product.
 */
export const marketProductPrices = pgTable(
  'market_product_prices',
  {
    tenantId: tenantIdColumn(),
    productId: uuid('product_id').notNull(),
    currency: text('currency').notNull(),
    amountMinor: integer('amount_minor').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.currency] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [marketProducts.tenantId, marketProducts.id] }).onDelete('cascade'),
    check('market_product_prices_amount', sql`${t.amountMinor} between 1 and 100000000`),
  ],
);
