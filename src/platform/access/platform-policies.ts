import { securityPolicy } from '../guard/security.policy.js';
import { groupsPolicy } from '../groups/groups.policy.js';
import { accountPolicy } from '../identity/account.policy.js';
import { usersPolicy } from '../identity/users.policy.js';
import { settingsPolicy } from '../tenancy/settings.policy.js';
import { notificationsPolicy } from '../notifications/notifications.policy.js';
import type { Policy } from './policy.js';
import { accessReviewsPolicy } from './reviews/access-reviews.policy.js';
import { auditLogPolicy } from '../audit/audit-log.policy.js';
import { updateMailsPolicy } from '../privacy/consent/update-mails.policy.js';
import { staffAccessPolicy } from './staff/staff-access.policy.js';
import { privacyPolicy } from '../privacy/privacy.policy.js';

/** The platform's own policies; the areas bring theirs in their modules. */
export const platformPolicies: readonly Policy[] = [accountPolicy, usersPolicy, groupsPolicy, settingsPolicy, securityPolicy, notificationsPolicy, accessReviewsPolicy, auditLogPolicy, updateMailsPolicy, staffAccessPolicy, privacyPolicy];
