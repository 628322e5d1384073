import { securityPolicy } from '../guard/security.policy.js';
import { groupsPolicy } from '../groups/groups.policy.js';
import { accountPolicy } from '../identity/account.policy.js';
import { usersPolicy } from '../identity/users.policy.js';
import { settingsPolicy } from '../tenancy/settings.policy.js';
import { notificationsPolicy } from '../notifications/notifications.policy.js';
import type { Policy } from './policy.js';

/** The platform's own policies; the areas bring theirs in their modules. */
export const platformPolicies: readonly Policy[] = [accountPolicy, usersPolicy, groupsPolicy, settingsPolicy, securityPolicy, notificationsPolicy];
