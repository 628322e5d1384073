import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import { AppError } from '../http/errors.js';
import type { Db } from '../db/client.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { generatePassword, unmetPasswordRules } from './password-policy.js';
import { createUser, resetPassword } from './users.service.js';

describe('password policy', () => {
  it('lists every unmet rule', () => {
    expect(unmetPasswordRules('abc')).toEqual(['min_length', 'uppercase', 'digit']);
    expect(unmetPasswordRules('abcdefgh1')).toEqual(['uppercase']);
    expect(unmetPasswordRules('Abcdefgh1')).toEqual([]);
    expect(unmetPasswordRules('Ä' + 'x'.repeat(1100) + '1')).toEqual(['max_length']);
  });

  it('generated passwords are random and meet the policy', () => {
    const a = generatePassword();
    const b = generatePassword();
    expect(a).not.toBe(b);
    expect(unmetPasswordRules(a)).toEqual([]);
    expect(a).toHaveLength(20);
  });
});

describe(`users (${engine})`, () => {
  let db: Db;
  let tenantId: string;
  beforeAll(async () => {
    db = await createTestDb();
    tenantId = (await createTenant(db, { slug: 'acme', name: 'Acme' })).id;
  });
  afterAll(() => db.close());

  it('refuses a weak password naming each unmet rule, and writes nothing', async () => {
    const error = await createUser(db, tenantId, { email: 'a@acme.test', firstName: 'A', lastName: 'B', password: 'short' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('USER_PASSWORD_POLICY');
    expect((error as AppError).fields?.map((f) => (f.message as { en: string }).en)).toEqual([
      'at least 8 characters',
      'at least one upper-case letter',
      'at least one digit',
    ]);
    await expect(resetPassword(db, tenantId, 'a@acme.test', 'Strong-Pass-1')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('refuses a second user with the same e-mail in any letter case', async () => {
    await createUser(db, tenantId, { email: 'dup@acme.test', firstName: 'A', lastName: 'B' });
    await expect(createUser(db, tenantId, { email: 'DUP@acme.test', firstName: 'C', lastName: 'D' })).rejects.toMatchObject({
      code: 'USER_EMAIL_TAKEN',
    });
  });

  it('the same e-mail may exist in two tenants', async () => {
    const other = await createTenant(db, { slug: 'other', name: 'Other' });
    await createUser(db, tenantId, { email: 'shared@example.test', firstName: 'A', lastName: 'B' });
    const second = await createUser(db, other.id, { email: 'shared@example.test', firstName: 'A', lastName: 'B' });
    expect(second.tenantId).toBe(other.id);
  });
});
