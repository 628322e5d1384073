import { describePolicyTable } from '../../platform/access/policy-table.test-support.js';
import { coursesPolicy } from './courses.policy.js';

const [N, Y] = [false, true];
describePolicyTable(coursesPolicy, {
  //           learner instructor manager admin
  roles: {
    view: [N, Y, Y, Y],
    manage: [N, Y, N, Y],
    preview: [N, Y, N, Y],
    publish: [N, Y, N, Y],
    viewCover: [Y, Y, Y, Y],
  },
  everySignedInUser: ['viewCover'],
  tokens: { 'content:publish': ['publish'] },
});
