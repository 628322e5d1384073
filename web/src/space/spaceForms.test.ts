import { describe, expect, it } from 'vitest';
import { ApiError } from '../shared/api/errors';
import { fieldErrorUnder, memberOptions, namesAnyFieldUnder } from './spaceForms';

const refusal = (fields: { field: string; message: string }[]) => new ApiError({ status: 422, code: 'VALIDATION_FAILED', message: 'Refused', fields });

describe('fieldErrorUnder', () => {
  it('finds a field and the entries of a list under it', () => {
    const error = refusal([
      { field: 'embedOrigins.1', message: 'Sites: must be an origin' },
      { field: 'embedOrigins.3', message: 'Sites: must be an origin' },
      { field: 'password', message: 'Password: too short' },
    ]);
    expect(fieldErrorUnder(error, 'embedOrigins')).toBe('Sites: must be an origin');
    expect(fieldErrorUnder(error, 'password', 'expiresAt')).toBe('Password: too short');
    expect(fieldErrorUnder(error, 'expiresAt')).toBeUndefined();
  });

  it('does not take a field that merely starts alike', () => {
    expect(fieldErrorUnder(refusal([{ field: 'passwordHint', message: 'x' }]), 'password')).toBeUndefined();
  });

  it('says nothing of an error that is not the API’s', () => {
    expect(fieldErrorUnder(new Error('network'), 'password')).toBeUndefined();
    expect(namesAnyFieldUnder(new Error('network'), ['password'])).toBe(false);
  });

  it('tells whether a form shows the refused field', () => {
    const error = refusal([{ field: 'reviewers.0', message: 'Reviewers: cannot see the file' }]);
    expect(namesAnyFieldUnder(error, ['reviewers', 'dueAt'])).toBe(true);
    expect(namesAnyFieldUnder(error, ['dueAt'])).toBe(false);
  });
});

describe('memberOptions', () => {
  it('lists members by name (e-mail without one), sorted, without the signed-in member', () => {
    const members = [
      { user: { id: 'b', name: 'Zoe Zimmer', email: 'zoe@example.test' } },
      { user: { id: 'a', name: '', email: 'anon@example.test' } },
      { user: { id: 'me', name: 'Me Myself', email: 'me@example.test' } },
    ];
    expect(memberOptions(members, 'me')).toEqual([
      { value: 'a', label: 'anon@example.test' },
      { value: 'b', label: 'Zoe Zimmer' },
    ]);
    expect(memberOptions(members)).toHaveLength(3);
  });
});
