import { describe, expect, it } from 'vitest';
import { rolesGivenBy, SPACE_ACTIONS, SPACE_ROLES, spaceCan, takesSeat, type SpaceAction, type SpaceRole } from './spaceRoles';

interface ServerPolicy {
  SPACE_ACTIONS: Record<string, string>;
  spaceCan: (role: SpaceRole | null, action: SpaceAction) => boolean;
}

// The server's policy module brings the platform's Fastify types, which the web app's type check
// does not load: it is read here at run time only.
const SERVER_POLICY = '../../../src/space/space.policy';
const server = async () => (await import(/* @vite-ignore */ SERVER_POLICY)) as ServerPolicy;

describe('spaceCan', () => {
  it('has the server policy’s table of actions', async () => {
    expect(SPACE_ACTIONS).toEqual((await server()).SPACE_ACTIONS);
  });

  it('answers as the server does for every role and action', async () => {
    const policy = await server();
    for (const role of [...SPACE_ROLES, null]) {
      for (const action of Object.keys(SPACE_ACTIONS) as SpaceAction[]) expect({ role, action, can: spaceCan(role, action) }).toEqual({ role, action, can: policy.spaceCan(role, action) });
    }
  });

  it('lets commentators view, authors edit, administrators manage access, members and the trash', () => {
    expect([spaceCan('commentator', 'view'), spaceCan('commentator', 'edit')]).toEqual([true, false]);
    expect([spaceCan('author', 'edit'), spaceCan('author', 'manageAccess')]).toEqual([true, false]);
    expect([spaceCan('admin', 'manageMembers'), spaceCan('admin', 'purge'), spaceCan('admin', 'manageOwners')]).toEqual([true, true, false]);
    expect(spaceCan(null, 'view')).toBe(false);
  });
});

describe('takesSeat and rolesGivenBy', () => {
  it('counts seats for owners, administrators and authors, not commentators', () => {
    expect(SPACE_ROLES.filter(takesSeat)).toEqual(['owner', 'admin', 'author']);
  });

  it('lets owners give every role, administrators every role but owner, others none', () => {
    expect(rolesGivenBy('owner')).toEqual(['owner', 'admin', 'author', 'commentator']);
    expect(rolesGivenBy('admin')).toEqual(['admin', 'author', 'commentator']);
    expect(rolesGivenBy('author')).toEqual([]);
    expect(rolesGivenBy('commentator')).toEqual([]);
  });
});
