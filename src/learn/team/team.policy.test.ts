import { describePolicyTable } from '../../platform/access/policy-table.test-support.js';
import { teamPolicy } from './team.policy.js';

const [N, Y] = [false, true];
describePolicyTable(teamPolicy, {
  //        learner instructor manager admin
  roles: { view: [N, N, Y, Y], remind: [N, N, Y, Y] },
  tokens: {},
});
