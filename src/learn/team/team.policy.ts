import { definePolicy } from '../../platform/access/policy.js';

/**
 * The team view and "remind now": administrators for the whole site, managers for the members of
 * the groups they lead (the reports scope, `reports/report-scope.ts`). Not for tokens: a reminder
 * mails people, and the view is a page, not a reporting feed.
 */
export const teamPolicy = definePolicy('learn.team', {
  view: { roles: ['admin', 'manager'] },
  remind: { roles: ['admin', 'manager'] },
});
