import { describe, expect, it } from 'vitest';
import { recoveryCodesFile, recoveryCodesFileName } from './recoveryCodes';

describe('recoveryCodesFile', () => {
  it('lists the codes one a line with what they are for', () => {
    const text = recoveryCodesFile(
      ['abcd-efgh-jkmn-pqrs-tuvw-xyz2', 'mnpq-rstu-vwxy-z234-5678-9abc'],
      { heading: 'Lectern recovery codes', account: 'ada@example.com at Demo', note: 'Each code works once.' },
      new Date('2025-03-01T10:00:00Z'),
    );
    expect(text.split('\r\n')).toEqual([
      'Lectern recovery codes',
      'ada@example.com at Demo',
      '2025-03-01',
      '',
      'abcd-efgh-jkmn-pqrs-tuvw-xyz2',
      'mnpq-rstu-vwxy-z234-5678-9abc',
      '',
      'Each code works once.',
      '',
    ]);
  });
});

describe('recoveryCodesFileName', () => {
  it('is safe for any file system', () => {
    expect(recoveryCodesFileName('demo')).toBe('demo-recovery-codes.txt');
    expect(recoveryCodesFileName('Acme/../Corp')).toBe('acme-corp-recovery-codes.txt');
    expect(recoveryCodesFileName('///')).toBe('lectern-recovery-codes.txt');
  });
});
