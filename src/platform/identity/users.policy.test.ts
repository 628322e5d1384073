import { describe, expect, it } from 'vitest';
import { describePolicyTable } from '../access/policy-table.test-support.js';
import { usersPolicy } from './users.policy.js';

const [N, Y] = [false, true];
describePolicyTable(usersPolicy, {
  //                learner instructor manager admin
  roles: {
    list: [N, N, Y, Y],
    view: [N, N, Y, Y],
    manage: [N, N, N, Y],
    invite: [N, N, N, Y],
    sendPasswordResets: [N, N, N, Y],
    manageSessions: [N, N, N, Y],
    manageTokens: [N, N, N, Y],
  },
  tokens: { 'users:read': ['list', 'view'] },
});

describe('policy identity.users: one\'s own record', () => {
  it('everyone may read themselves, also by a users:read token, and nobody else', () => {
    const learner = { kind: 'user', userId: 'me', roles: ['learner'] } as const;
    expect(usersPolicy.can(learner, 'view', { userId: 'me' })).toBe(true);
    expect(usersPolicy.can(learner, 'view', { userId: 'someone' })).toBe(false);
    expect(usersPolicy.can({ kind: 'token', userId: 'me', roles: ['learner'], scopes: ['users:read'] }, 'view', { userId: 'me' })).toBe(true);
    expect(usersPolicy.can({ kind: 'token', userId: 'me', roles: ['learner'], scopes: ['reports:read'] }, 'view', { userId: 'me' })).toBe(false);
    expect(usersPolicy.can(learner, 'manage', { userId: 'me' } as never)).toBe(false);
  });
});
