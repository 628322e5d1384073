import { definePolicy } from '../../platform/access/policy.js';

/**
 * Course content on the content origin acts only through its launch credential: an attempt's
 * reads its files and commits progress, a preview's only reads (nothing of a preview is recorded),
 * an area's (a share link's visitor) reads and commits, but only to its area, never to Learn's records.
 */
export const contentPolicy = definePolicy('learn.content', {
  files: { roles: [], launch: ['attempt', 'preview', 'area'] },
  commit: { roles: [], launch: ['attempt', 'area'] },
});
