import { describe, expect, it } from 'vitest';
import { describePolicyTable } from '../../platform/access/policy-table.test-support.js';
import { enrolmentsPolicy } from './enrolments.policy.js';

const [N, Y] = [false, true];
describePolicyTable(enrolmentsPolicy, {
  //          learner instructor manager admin
  roles: {
    view: [N, Y, Y, Y],
    manage: [N, N, Y, Y],
    study: [Y, Y, Y, Y],
    launch: [N, N, N, N],
  },
  everySignedInUser: ['study'],
});

describe('policy learn.enrolments: launching', () => {
  it('only the learner of an enrolment opens it, whatever roles anyone else has', () => {
    const enrolment = { userId: 'learner-1' };
    expect(enrolmentsPolicy.can({ kind: 'user', userId: 'learner-1', roles: ['learner'] }, 'launch', enrolment)).toBe(true);
    expect(enrolmentsPolicy.can({ kind: 'user', userId: 'learner-1', roles: [] }, 'launch', enrolment)).toBe(true);
    expect(enrolmentsPolicy.can({ kind: 'user', userId: 'admin-1', roles: ['admin'] }, 'launch', enrolment)).toBe(false);
    expect(enrolmentsPolicy.can({ kind: 'token', userId: 'learner-1', roles: ['learner'], scopes: ['lrs:write'] }, 'launch', enrolment)).toBe(false);
  });
});
