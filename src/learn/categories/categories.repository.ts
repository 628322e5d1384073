import { asc, count, eq, sql } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { courses } from '../courses/courses.schema.js';
import { courseCategories } from './categories.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type CategoryRow = typeof courseCategories.$inferSelect;

export interface CategoryWithCount {
  id: string;
  name: string;
  courseCount: number;
}

/** The site's categories (or only `onlyId`) in alphabetical order, each with its number of courses (one query). */
export async function listCategories(tx: Orm, onlyId?: string): Promise<CategoryWithCount[]> {
  return tx
    .select({ id: courseCategories.id, name: courseCategories.name, courseCount: count(courses.id) })
    .from(courseCategories)
    .leftJoin(courses, eq(courses.categoryId, courseCategories.id))
    .where(onlyId ? eq(courseCategories.id, onlyId) : undefined)
    .groupBy(courseCategories.id)
    .orderBy(asc(sql`lower(${courseCategories.name})`), asc(courseCategories.id));
}

/** The category; with `lock`, locked until the transaction ends (no course joins it meanwhile). */
export async function findCategory(tx: Orm, id: string, lock = false): Promise<CategoryRow | undefined> {
  const query = tx.select().from(courseCategories).where(eq(courseCategories.id, id)).limit(1);
  const rows = lock ? await query.for('update') : await query;
  return rows[0];
}

/** The category of this name whatever its case, when there is one. */
export async function findCategoryByName(tx: Orm, name: string): Promise<CategoryRow | undefined> {
  const rows = await tx.select().from(courseCategories).where(sql`lower(${courseCategories.name}) = lower(${name})`).limit(1);
  return rows[0];
}

/** Undefined when the name is taken (also by a concurrent insert). */
export async function insertCategory(tx: Orm, name: string): Promise<CategoryRow | undefined> {
  const [row] = await tx.insert(courseCategories).values({ name }).onConflictDoNothing().returning();
  return row;
}

export async function renameCategory(tx: Orm, id: string, name: string): Promise<CategoryRow | undefined> {
  const [row] = await tx.update(courseCategories).set({ name }).where(eq(courseCategories.id, id)).returning();
  return row;
}

/** Deletes the category; its courses stay, uncategorised (the foreign key sets their category_id to null). Returns how many they were. */
export async function deleteCategoryRow(tx: Orm, id: string): Promise<number> {
  const [counted] = await tx.select({ n: count() }).from(courses).where(eq(courses.categoryId, id));
  await tx.delete(courseCategories).where(eq(courseCategories.id, id));
  return counted?.n ?? 0;
}
