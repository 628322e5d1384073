import { insertActorEvent } from '../../platform/audit/index.js';
import { AppError } from '../../platform/http/index.js';
import type { UseCase } from '../../platform/access/index.js';
import { categoryInput, type CategoryInput } from './categories.contract.js';
import { categoriesPolicy } from './categories.policy.js';
import {
  deleteCategoryRow,
  findCategory,
  findCategoryByName,
  insertCategory,
  listCategories,
  renameCategory,
  type CategoryWithCount,
} from './categories.repository.js';
import type { Orm } from '../../platform/db/index.js';

function notFound(field: string, id: string): AppError {
  return new AppError('LEARN_CATEGORY_NOT_FOUND', [{ field, value: id }]);
}

function nameTaken(name: string): AppError {
  return new AppError('LEARN_CATEGORY_NAME_TAKEN', [{ field: 'name', value: name }]);
}

/** Refuses a category id that is not one of the site's (another site's is not found either: row-level security hides it). */
export async function assertCategoryExists(tx: Orm, categoryId: string | null | undefined, field = 'categoryId'): Promise<void> {
  if (categoryId && !(await findCategory(tx, categoryId))) throw notFound(field, categoryId);
}

export async function categories(useCase: UseCase): Promise<CategoryWithCount[]> {
  categoriesPolicy.assert(useCase.actor, 'view');
  return listCategories(useCase.tx);
}

export async function createCategory(useCase: UseCase, input: CategoryInput): Promise<CategoryWithCount> {
  categoriesPolicy.assert(useCase.actor, 'manage');
  const { name } = categoryInput.parse(input);
  const { tx } = useCase;
  const row = await insertCategory(tx, name);
  if (!row) throw nameTaken(name);
  await insertActorEvent(tx, useCase, 'course_category.created', { type: 'course_category', id: row.id }, { name });
  return { id: row.id, name: row.name, courseCount: 0 };
}

export async function changeCategory(useCase: UseCase, id: string, input: CategoryInput): Promise<CategoryWithCount> {
  categoriesPolicy.assert(useCase.actor, 'manage');
  const { name } = categoryInput.parse(input);
  const { tx } = useCase;
  const before = await findCategory(tx, id, true);
  if (!before) throw notFound('id', id);
  const holder = await findCategoryByName(tx, name);
  if (holder && holder.id !== id) throw nameTaken(name);
  if (before.name !== name) {
    await renameCategory(tx, id, name);
    await insertActorEvent(tx, useCase, 'course_category.renamed', { type: 'course_category', id }, { from: before.name, to: name });
  }
  const [renamed] = await listCategories(tx, id);
  return renamed!;
}

/** Deletes a category; its courses stay, uncategorised. */
export async function deleteCategory(useCase: UseCase, id: string): Promise<{ coursesUncategorised: number }> {
  categoriesPolicy.assert(useCase.actor, 'manage');
  const { tx } = useCase;
  const category = await findCategory(tx, id, true);
  if (!category) throw notFound('id', id);
  const coursesUncategorised = await deleteCategoryRow(tx, id);
  await insertActorEvent(tx, useCase, 'course_category.deleted', { type: 'course_category', id }, { name: category.name, coursesUncategorised });
  return { coursesUncategorised };
}
