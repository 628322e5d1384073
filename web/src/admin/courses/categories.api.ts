import type { ApiClient } from '../../shared/api';
import type { CategoryInput, CategoryView, DeleteCategoryResult } from '../../../../src/learn/categories/categories.contract';

export type { CategoryView };

export const CATEGORIES_KEY = ['admin', 'course-categories'] as const;

export function fetchCategories(api: ApiClient, signal?: AbortSignal): Promise<CategoryView[]> {
  return api.get<{ categories: CategoryView[] }>('/api/learn/categories', { signal }).then((r) => r.categories);
}

export function createCategory(api: ApiClient, body: CategoryInput): Promise<CategoryView> {
  return api.post<CategoryView>('/api/learn/categories', body);
}

export function renameCategory(api: ApiClient, id: string, body: CategoryInput): Promise<CategoryView> {
  return api.patch<CategoryView>(`/api/learn/categories/${encodeURIComponent(id)}`, body);
}

/** The category's courses stay, without a category. */
export function deleteCategory(api: ApiClient, id: string): Promise<DeleteCategoryResult> {
  return api.delete<DeleteCategoryResult>(`/api/learn/categories/${encodeURIComponent(id)}`);
}
