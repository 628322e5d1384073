import { definePolicy } from '../../access/policy.js';

/** Update e-mails to the people who consented: the site's administrators write and send them, in person (no API token). */
export const updateMailsPolicy = definePolicy('privacy.update_mails', {
  manage: { roles: ['admin'], staff: false },
});
