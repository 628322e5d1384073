import { describe, expect, it } from 'vitest';
import { TOKEN_SCOPE_NAMES, type TokenScope } from '../identity/api-tokens/api-tokens.contract.js';
import type { Role } from '../identity/identity.contract.js';
import type { Actor } from './actor.js';
import type { Policy } from './policy.js';

/** A row of a policy table: may a user of each role take the action (on every resource)? In this order: */
export const ROLE_COLUMNS = ['learner', 'instructor', 'manager', 'admin'] as const satisfies readonly Role[];
export type RoleRow = readonly [learner: boolean, instructor: boolean, manager: boolean, admin: boolean];

export interface PolicyTable<Action extends string> {
  /** Every action of the policy, every role. */
  roles: Readonly<Record<Action, RoleRow>>;
  /** The actions an API token of each scope may take (its owner an administrator); scopes not named may take none. */
  tokens?: Partial<Readonly<Record<TokenScope, readonly Action[]>>>;
  /** The actions every signed-in user may take, even one whose roles were all taken away. */
  everySignedInUser?: readonly Action[];
  /** The actions a launch credential of each kind may take; kinds not named may take none. */
  launch?: Readonly<Record<string, readonly Action[]>>;
}

const user = (roles: Role[]): Actor => ({ kind: 'user', userId: 'u-1', roles });

/**
 * The table-driven test of one policy: every action x role, every token scope, the launch credentials
 * named, and a user with no role at all. The table is written out by hand (not derived from the
 * grants), so a changed grant fails here until the table agrees.
 */
export function describePolicyTable<Action extends string>(policy: Policy<Action, never>, table: PolicyTable<Action>): void {
  describe(`policy ${policy.name}`, () => {
    it('the table names exactly the policy\'s actions', () => {
      expect(Object.keys(table.roles).sort()).toEqual([...policy.actions].sort());
    });

    const cells = policy.actions.flatMap((action) => ROLE_COLUMNS.map((role, column) => ({ action, role, may: table.roles[action][column]! })));
    it.each(cells)('$role: $action -> $may', ({ action, role, may }) => {
      expect(policy.can(user([role]), action)).toBe(may);
    });

    it('a user with several roles may what any of them may', () => {
      for (const action of policy.actions) {
        const row = table.roles[action];
        expect(policy.can(user(['learner', 'manager']), action)).toBe(row[0] || row[2]);
        expect(policy.can(user(['instructor', 'admin']), action)).toBe(row[1] || row[3]);
      }
    });

    it('a token may take only the actions its scope opens, and no more than its owner may', () => {
      for (const scope of TOKEN_SCOPE_NAMES) {
        const allowed = table.tokens?.[scope] ?? [];
        for (const action of policy.actions) {
          const ownerAdmin: Actor = { kind: 'token', userId: 'u-1', roles: ['admin'], scopes: [scope] };
          expect(policy.can(ownerAdmin, action), `${scope}: ${action}`).toBe(allowed.includes(action));
          const ownerLearner: Actor = { kind: 'token', userId: 'u-1', roles: ['learner'], scopes: [scope] };
          expect(policy.can(ownerLearner, action), `${scope} of a learner: ${action}`).toBe(allowed.includes(action) && table.roles[action][0]);
        }
      }
    });

    it('a launch credential may take only what its kind opens', () => {
      for (const credential of ['attempt', 'preview', ...Object.keys(table.launch ?? {})]) {
        const allowed = table.launch?.[credential] ?? [];
        for (const action of policy.actions) {
          expect(policy.can({ kind: 'launch', userId: 'u-1', credential }, action), `${credential}: ${action}`).toBe(allowed.includes(action));
        }
      }
    });

    it('a user without a role may only what every signed-in user may', () => {
      for (const action of policy.actions) {
        expect(policy.can(user([]), action), action).toBe(table.everySignedInUser?.includes(action) ?? false);
      }
    });
  });
}
