import { describePolicyTable } from '../../platform/access/policy-table.test-support.js';
import { pathsPolicy } from './paths.policy.js';

const [N, Y] = [false, true];
describePolicyTable(pathsPolicy, {
  //          learner instructor manager admin
  roles: {
    view: [N, Y, Y, Y],
    manage: [N, Y, N, Y],
    enrol: [N, N, Y, Y],
    study: [Y, Y, Y, Y],
  },
  everySignedInUser: ['study'],
});
