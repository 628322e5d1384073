import { describePolicyTable } from '../../platform/access/policy-table.test-support.js';
import { reportsPolicy } from './reports.policy.js';

const [N, Y] = [false, true];
describePolicyTable(reportsPolicy, {
  //        learner instructor manager admin
  roles: { read: [N, N, Y, Y], readAll: [N, N, N, Y] },
  tokens: { 'reports:read': ['read', 'readAll'] },
});
