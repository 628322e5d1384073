import { describePolicyTable } from '../access/policy-table.test-support.js';
import { settingsPolicy } from './settings.policy.js';

const [N, Y] = [false, true];
describePolicyTable(settingsPolicy, {
  //        learner instructor manager admin
  roles: { manage: [N, N, N, Y] },
});
