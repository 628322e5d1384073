import { z } from 'zod';
import { displayName } from '../../platform/names/display-name.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

/** A category's name: unique on the site whatever its case. */
export const categoryInput = z.object({ name: displayName(100) });
export type CategoryInput = z.input<typeof categoryInput>;

export const categoryView = z.object({
  id: z.uuid(),
  name: z.string(),
  /** How many courses of the site (any status) are in the category. */
  courseCount: z.number().int(),
});
export type CategoryView = z.infer<typeof categoryView>;

/** In alphabetical order. */
export const categoryListView = z.object({ categories: z.array(categoryView) });
export type CategoryListView = z.infer<typeof categoryListView>;

/** A deleted category's courses stay, without a category. */
export const deleteCategoryResult = z.object({ coursesUncategorised: z.number().int() });
export type DeleteCategoryResult = z.infer<typeof deleteCategoryResult>;

/** How a course names its category. */
export const courseCategoryRef = z.object({ id: z.uuid(), name: z.string() });
export type CourseCategoryRef = z.infer<typeof courseCategoryRef>;
