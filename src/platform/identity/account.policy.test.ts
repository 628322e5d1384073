import { describePolicyTable } from '../access/policy-table.test-support.js';
import { accountPolicy } from './account.policy.js';

const Y = true;
describePolicyTable(accountPolicy, {
  //        learner instructor manager admin
  roles: {
    read: [Y, Y, Y, Y],
    manage: [Y, Y, Y, Y],
  },
  everySignedInUser: ['read', 'manage'],
  tokens: { 'content:publish': ['read'], 'reports:read': ['read'], 'users:read': ['read'], 'lrs:write': ['read'], 'space:read': ['read'], 'space:write': ['read'] },
});
