import { describePolicyTable } from '../access/policy-table.test-support.js';
import { groupsPolicy } from './groups.policy.js';

const [N, Y] = [false, true];
describePolicyTable(groupsPolicy, {
  //        learner instructor manager admin
  roles: {
    view: [N, N, Y, Y],
    manage: [N, N, N, Y],
  },
});
