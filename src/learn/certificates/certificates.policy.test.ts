import { describe, expect, it } from 'vitest';
import { describePolicyTable } from '../../platform/access/policy-table.test-support.js';
import { certificatesPolicy } from './certificates.policy.js';

const [N, Y] = [false, true];
describePolicyTable(certificatesPolicy, {
  //        learner instructor manager admin
  roles: {
    view: [N, Y, Y, Y],
    revoke: [N, N, N, Y],
    own: [N, N, N, N],
  },
});

describe('policy learn.certificates: one\'s own', () => {
  it('only the learner of a certificate downloads it, whatever roles anyone else has; no token may', () => {
    const certificate = { userId: 'learner-1' };
    expect(certificatesPolicy.can({ kind: 'user', userId: 'learner-1', roles: ['learner'] }, 'own', certificate)).toBe(true);
    expect(certificatesPolicy.can({ kind: 'user', userId: 'learner-1', roles: [] }, 'own', certificate)).toBe(true);
    expect(certificatesPolicy.can({ kind: 'user', userId: 'admin-1', roles: ['admin'] }, 'own', certificate)).toBe(false);
    expect(certificatesPolicy.can({ kind: 'token', userId: 'learner-1', roles: ['learner'], scopes: ['reports:read'] }, 'own', certificate)).toBe(false);
  });
});
