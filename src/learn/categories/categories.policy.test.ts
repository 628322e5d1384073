import { describePolicyTable } from '../../platform/access/policy-table.test-support.js';
import { categoriesPolicy } from './categories.policy.js';

const [N, Y] = [false, true];
describePolicyTable(categoriesPolicy, {
  //          learner instructor manager admin
  roles: {
    view: [N, Y, Y, Y],
    manage: [N, Y, N, Y],
  },
  tokens: {},
});
