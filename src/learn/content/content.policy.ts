import { definePolicy } from '../../platform/access/policy.js';

/**
 * Course content on the content origin acts only through its launch credential: an attempt's
 * reads its files and commits progress, a preview's only reads (nothing of a preview is recorded).
 */
export const contentPolicy = definePolicy('learn.content', {
  files: { roles: [], launch: ['attempt', 'preview'] },
  commit: { roles: [], launch: ['attempt'] },
});
