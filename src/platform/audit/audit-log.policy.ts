import { definePolicy } from '../access/policy.js';

/** The site's audit log: its administrators read and export it (it names every user's sign-ins and changes). */
export const auditLogPolicy = definePolicy('audit.log', {
  read: { roles: ['admin'] },
  export: { roles: ['admin'] },
});
