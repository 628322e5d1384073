import { describe, expect, it } from 'vitest';
import type { AppError } from '../platform/http/index.js';
import { assertSpaceCan, spaceCan, SPACE_ACTIONS, type SpaceAction } from './space.policy.js';
import { SPACE_ROLES, type SpaceRole } from './workspace/space-roles.js';

// Every action x role, written out: a change to the policy must change this table too.
const EXPECTED: Record<SpaceAction, Record<SpaceRole | 'none', boolean>> = {
  view: { owner: true, admin: true, author: true, commentator: true, none: false },
  comment: { owner: true, admin: true, author: true, commentator: true, none: false },
  edit: { owner: true, admin: true, author: true, commentator: false, none: false },
  manageAccess: { owner: true, admin: true, author: false, commentator: false, none: false },
  purge: { owner: true, admin: true, author: false, commentator: false, none: false },
  manageMembers: { owner: true, admin: true, author: false, commentator: false, none: false },
  manageOwners: { owner: true, admin: false, author: false, commentator: false, none: false },
};

describe('the Space policy', () => {
  it('covers every action of the policy in the table', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(SPACE_ACTIONS).sort());
  });

  const cases = (Object.keys(EXPECTED) as SpaceAction[]).flatMap((action) => [...SPACE_ROLES, 'none' as const].map((role) => ({ action, role, allowed: EXPECTED[action][role] })));
  it.each(cases)('$action by $role: $allowed', ({ action, role, allowed }) => {
    expect(spaceCan(role === 'none' ? null : role, action)).toBe(allowed);
  });

  it('answers a member who cannot see an item as if it did not exist, and one who sees it without the right with forbidden', () => {
    const codeOf = (run: () => void) => {
      try {
        run();
        return 'allowed';
      } catch (error) {
        return (error as AppError).code;
      }
    };
    expect(codeOf(() => assertSpaceCan(null, 'edit', '00000000-0000-4000-8000-000000000000'))).toBe('SPACE_ITEM_NOT_FOUND');
    expect(codeOf(() => assertSpaceCan('commentator', 'edit', '00000000-0000-4000-8000-000000000000'))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(() => assertSpaceCan('author', 'edit', '00000000-0000-4000-8000-000000000000'))).toBe('allowed');
  });
});
