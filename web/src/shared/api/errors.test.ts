import { describe, expect, it } from 'vitest';
import { ApiError, isAuthLost, toApiError } from './errors';

describe('toApiError', () => {
  it('takes code, message, fields and request id from the documented error body', () => {
    const error = toApiError(
      400,
      {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Bitte prüfen Sie Ihre Eingaben.',
          fields: [{ field: 'email', message: 'Keine gültige E-Mail-Adresse.' }],
          requestId: 'req-1',
        },
      },
      'fallback',
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'Bitte prüfen Sie Ihre Eingaben.',
      requestId: 'req-1',
    });
    expect(error.fields).toEqual([{ field: 'email', message: 'Keine gültige E-Mail-Adresse.' }]);
    expect(error.fieldMessage('email')).toBe('Keine gültige E-Mail-Adresse.');
    expect(error.fieldMessage('password')).toBeUndefined();
  });

  it('drops malformed field entries and keeps the well-formed ones', () => {
    const error = toApiError(
      400,
      { error: { code: 'VALIDATION_FAILED', message: 'Invalid', fields: [null, { field: 'email' }, 'x', { field: 'password', message: 'Required' }] } },
      'fallback',
    );
    expect(error.fields).toEqual([{ field: 'password', message: 'Required' }]);
  });

  it('uses the fallback message when the server sent a code without a message', () => {
    const error = toApiError(409, { error: { code: 'CONFLICT' } }, 'Something went wrong');
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('Something went wrong');
  });

  it.each([
    ['no body', undefined],
    ['HTML from a proxy', '<html>Bad Gateway</html>'],
    ['an array', [1, 2]],
    ['an error without a code', { error: { message: 'nope' } }],
    ['a bare message', { message: 'nope' }],
  ])('reports %s as UNEXPECTED_RESPONSE with the fallback message', (_label, body) => {
    const error = toApiError(502, body, 'Something went wrong (status 502).');
    expect(error).toMatchObject({ status: 502, code: 'UNEXPECTED_RESPONSE', message: 'Something went wrong (status 502).' });
    expect(error.fields).toEqual([]);
  });
});

describe('isAuthLost', () => {
  const make = (status: number, code: string) => new ApiError({ status, code, message: 'm' });

  it('is true for 401 AUTH_REQUIRED and AUTH_SESSION_EXPIRED', () => {
    expect(isAuthLost(make(401, 'AUTH_REQUIRED'))).toBe(true);
    expect(isAuthLost(make(401, 'AUTH_SESSION_EXPIRED'))).toBe(true);
  });

  it('is false for wrong credentials, other statuses and non-ApiErrors', () => {
    expect(isAuthLost(make(401, 'AUTH_INVALID_CREDENTIALS'))).toBe(false);
    expect(isAuthLost(make(403, 'AUTH_REQUIRED'))).toBe(false);
    expect(isAuthLost(new Error('AUTH_REQUIRED'))).toBe(false);
    expect(isAuthLost(undefined)).toBe(false);
  });
});
