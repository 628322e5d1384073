import { definePolicy } from '../../platform/access/policy.js';

/**
 * Progress and completion reports: administrators and managers, each for the whole site (the
 * schema has no link between managers and the groups they lead yet), and reporting tools with a
 * `reports:read` token. Learners and instructors may not.
 */
export const reportsPolicy = definePolicy('learn.reports', {
  read: { roles: ['admin', 'manager'], token: 'reports:read' },
});
