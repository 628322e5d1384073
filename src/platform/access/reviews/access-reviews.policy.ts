import { definePolicy } from '../policy.js';

/** Who holds which privileges, and the reviews of them: the site's administrators only (sessions, no tokens). */
export const accessReviewsPolicy = definePolicy('access.reviews', {
  manage: { roles: ['admin'], staff: false },
});
