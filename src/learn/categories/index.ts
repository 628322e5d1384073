// What the rest of Learn uses of course categories.
export { assertCategoryExists } from './categories.service.js';
export { courseCategories } from './categories.schema.js';
export { courseCategoryRef, type CourseCategoryRef } from './categories.contract.js';
