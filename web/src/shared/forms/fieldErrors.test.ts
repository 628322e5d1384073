import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { fieldError, namesAnyField } from './fieldErrors';

const error = new ApiError({
  status: 400,
  code: 'USER_PASSWORD_POLICY',
  message: 'The password does not meet the rules.',
  fields: [
    { field: 'newPassword', message: 'At least 8 characters' },
    { field: 'newPassword', message: 'A digit' },
    { field: 'email', message: 'taken' },
  ],
});

describe('fieldError', () => {
  it('joins every message for the field', () => {
    expect(fieldError(error, 'newPassword')).toBe('At least 8 characters; A digit');
    expect(fieldError(error, 'password', 'newPassword')).toBe('At least 8 characters; A digit');
  });

  it('is undefined for other fields and for errors that are not ApiErrors', () => {
    expect(fieldError(error, 'firstName')).toBeUndefined();
    expect(fieldError(new Error('x'), 'email')).toBeUndefined();
    expect(fieldError(null, 'email')).toBeUndefined();
  });
});

describe('namesAnyField', () => {
  it('tells whether a shown field carries the message', () => {
    expect(namesAnyField(error, ['email', 'firstName'])).toBe(true);
    expect(namesAnyField(error, ['firstName'])).toBe(false);
  });
});
