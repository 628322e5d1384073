import { definePolicy } from '../../platform/access/policy.js';

/**
 * Progress and completion reports: administrators and managers, and reporting tools with a
 * `reports:read` token. `readAll` is the whole site; whoever may `read` without it (a manager)
 * sees the learners of the groups they lead (`report-scope.ts`). Learners and instructors may not.
 */
export const reportsPolicy = definePolicy('learn.reports', {
  read: { roles: ['admin', 'manager'], token: 'reports:read' },
  readAll: { roles: ['admin'], token: 'reports:read' },
});
