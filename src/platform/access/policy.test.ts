import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.js';
import type { Actor } from './actor.js';
import { definePolicy, permissionsOf } from './policy.js';

const notes = definePolicy('test.notes', {
  read: { roles: 'signedIn', token: 'any' },
  edit: { roles: ['admin'], token: 'users:read', own: (actor, note: { authorId: string }) => actor.userId === note.authorId },
  play: { roles: [], launch: ['attempt'] },
});

const learner: Actor = { kind: 'user', userId: 'learner-1', roles: ['learner'] };
const admin: Actor = { kind: 'user', userId: 'admin-1', roles: ['admin'] };

describe('definePolicy', () => {
  it('grants by role on every resource, and by `own` only on the actor\'s own resource', () => {
    expect(notes.can(admin, 'edit')).toBe(true);
    expect(notes.can(admin, 'edit', { authorId: 'someone' })).toBe(true);
    expect(notes.can(learner, 'edit')).toBe(false);
    expect(notes.can(learner, 'edit', { authorId: 'learner-1' })).toBe(true);
    expect(notes.can(learner, 'edit', { authorId: 'someone' })).toBe(false);
  });

  it('admits to a route whoever could take the action on some resource; the service decides with the resource', () => {
    expect(notes.admits(learner, 'edit')).toBe(true);
    expect(notes.admits(learner, 'play')).toBe(false);
    expect(notes.admits(admin, 'read')).toBe(true);
  });

  it('a token needs the scope of the action, also for its own resources, and never exceeds its owner', () => {
    const scoped: Actor = { kind: 'token', userId: 'learner-1', roles: ['learner'], scopes: ['users:read'] };
    const unscoped: Actor = { kind: 'token', userId: 'learner-1', roles: ['learner'], scopes: ['reports:read'] };
    expect(notes.can(scoped, 'edit', { authorId: 'learner-1' })).toBe(true);
    expect(notes.can(scoped, 'edit', { authorId: 'someone' })).toBe(false);
    expect(notes.can(unscoped, 'edit', { authorId: 'learner-1' })).toBe(false);
    expect(notes.admits(unscoped, 'edit')).toBe(false);
    expect(notes.can(unscoped, 'read')).toBe(true);
    expect(notes.can({ kind: 'token', userId: 'admin-1', roles: ['admin'], scopes: ['users:read'] }, 'play')).toBe(false);
  });

  it('a launch credential may only what its kind is granted, never what users are', () => {
    expect(notes.can({ kind: 'launch', userId: 'learner-1', credential: 'attempt' }, 'play')).toBe(true);
    expect(notes.can({ kind: 'launch', userId: 'learner-1', credential: 'preview' }, 'play')).toBe(false);
    expect(notes.can({ kind: 'launch', userId: 'learner-1', credential: 'attempt' }, 'read')).toBe(false);
    expect(notes.can({ kind: 'launch', userId: 'learner-1', credential: 'attempt' }, 'edit', { authorId: 'learner-1' })).toBe(false);
  });

  it('assert refuses with AUTH_FORBIDDEN', () => {
    expect(() => notes.assert(learner, 'edit', { authorId: 'someone' })).toThrow(AppError);
    expect(() => notes.assert(learner, 'edit', { authorId: 'someone' })).toThrow(expect.objectContaining({ code: 'AUTH_FORBIDDEN' }));
    expect(() => notes.assert(admin, 'edit')).not.toThrow();
  });

  it('an unknown action is a programming error, not a refusal', () => {
    expect(() => notes.can(admin, 'delete' as 'read')).toThrow(/no action delete/);
  });

  it('lists as permissions the actions allowed on every resource, not those allowed only on one\'s own', () => {
    expect(permissionsOf(learner, [notes])).toEqual(['test.notes.read']);
    expect(permissionsOf(admin, [notes])).toEqual(['test.notes.read', 'test.notes.edit']);
  });
});
