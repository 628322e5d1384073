import { describePolicyTable } from '../access/policy-table.test-support.js';
import { auditLogPolicy } from './audit-log.policy.js';

const [N, Y] = [false, true];
describePolicyTable(auditLogPolicy, {
  //        learner instructor manager admin
  roles: { read: [N, N, N, Y], export: [N, N, N, Y] },
});
