import { describePolicyTable } from '../../platform/access/policy-table.test-support.js';
import { contentPolicy } from './content.policy.js';

const N = false;
describePolicyTable(contentPolicy, {
  //        learner instructor manager admin
  roles: {
    files: [N, N, N, N],
    commit: [N, N, N, N],
  },
  launch: { attempt: ['files', 'commit'], preview: ['files'], area: ['files', 'commit'] },
});
