import { describePolicyTable } from '../access/policy-table.test-support.js';
import { securityPolicy } from './security.policy.js';

const [N, Y] = [false, true];
describePolicyTable(securityPolicy, {
  //        learner instructor manager admin
  roles: { manage: [N, N, N, Y] },
});
