import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { failureText } from './failureText';

describe('what a refused bulk action says', () => {
  const refusal = new ApiError({
    status: 409,
    code: 'USER_DEACTIVATED',
    message: 'This user is deactivated.',
    fields: [
      { field: 'userIds.1', message: 'Users (entry 2): This user is deactivated.', value: 'u-2' },
      { field: 'userIds.4', message: 'Users (entry 5): This user is deactivated.', value: 'u-elsewhere' },
    ],
  });

  it('names each refused entry the page knows, and leaves the others to the message', () => {
    const names: Record<string, string> = { 'u-2': 'Lena Lindqvist' };
    expect(failureText(refusal, (value) => names[value])).toEqual({
      message: 'This user is deactivated.',
      named: ['Lena Lindqvist: Users (entry 2): This user is deactivated.'],
    });
  });

  it('is the message alone without names, or for an error that is not the API’s', () => {
    expect(failureText(refusal)).toEqual({ message: 'This user is deactivated.', named: [] });
    expect(failureText(new Error('offline'), () => 'X')).toEqual({ message: 'offline', named: [] });
  });
});
