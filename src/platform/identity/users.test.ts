import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import { AppError } from '../http/errors.js';
import type { Db } from '../db/client.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { settingsOf } from '../tenancy/tenant-settings.js';
import { DEFAULT_POLICY, NIST_POLICY, generatePassword, passwordRuleMessage, policyOf, unmetPasswordRules } from './password-policy.js';
import { createUser, resetPassword } from './users.service.js';

describe('password policy', () => {
  it('lists every unmet rule', () => {
    expect(unmetPasswordRules('abc')).toEqual(['min_length', 'uppercase', 'digit']);
    expect(unmetPasswordRules('abcdefgh1')).toEqual(['uppercase']);
    expect(unmetPasswordRules('Abcdefgh1x')).toEqual([]);
    expect(unmetPasswordRules('Ä' + 'x'.repeat(1100) + '1')).toEqual(['max_length']);
  });

  it('refuses the most common passwords whatever their letter case', () => {
    expect(unmetPasswordRules('Password1')).toEqual(['common']);
    expect(unmetPasswordRules('QWERTY123')).toContain('common');
    expect(unmetPasswordRules('Tr0ub4dor&3-horse')).toEqual([]);
  });

  it("refuses a password containing the user's name or e-mail", () => {
    const person = { email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' };
    expect(unmetPasswordRules('Lovelace1843', DEFAULT_POLICY, person)).toEqual(['personal']);
    expect(unmetPasswordRules('XyzExample99', DEFAULT_POLICY, person)).toEqual(['personal']);
    expect(unmetPasswordRules('Analytical9Engine', DEFAULT_POLICY, person)).toEqual([]);
  });

  it("refuses a password containing the site's name, slug or host names, Lectern or a role name, also spelt with look-alikes", () => {
    const site = { name: 'Nordwind Akademie', slug: 'nordwind-lernen', hostnames: ['campus.nordwind.example', 'www.example.org'] };
    for (const password of ['Nordwind-2031', 'Akademie-Zeit-7', 'NordwindAkademie9', 'Lernen-Jetzt-42', 'Campus-Blau-42', 'Lectern-Blue-42', 'L3ct3rn-Blue-42', 'Super-Admin-42', '@dm1n-Blue-42x', 'Best-Trainer-9', 'Learner-Blue-42', 'Teilnehmer-Blau-9']) {
      expect(unmetPasswordRules(password, DEFAULT_POLICY, {}, site), password).toEqual(['context']);
    }
    expect(unmetPasswordRules('Harbour-Light-2031', DEFAULT_POLICY, {}, site)).toEqual([]);
    // The top-level domain and "www" are no words of the site.
    expect(unmetPasswordRules('Orgel-Www-2031', DEFAULT_POLICY, {}, site)).toEqual([]);
    // Without a site, the product's and the roles' words are still refused.
    expect(unmetPasswordRules('Manager-Blue-42')).toEqual(['context']);
    expect(passwordRuleMessage('context', DEFAULT_POLICY)).toEqual({
      en: 'not containing the name of this site or of Lectern, or a role such as "admin"',
      de: 'ohne den Namen dieser Site oder von Lectern und ohne eine Rolle wie „Admin“',
    });
  });

  it('the NIST preset wants 15 characters and no composition', () => {
    expect(unmetPasswordRules('correct horse battery', NIST_POLICY)).toEqual([]);
    expect(unmetPasswordRules('Short1Pass', NIST_POLICY)).toEqual(['min_length']);
    expect(policyOf(settingsOf({ settings: { passwordPolicy: { preset: 'nist' } } }))).toEqual(NIST_POLICY);
  });

  it('a custom policy applies its length and classes', () => {
    const policy = policyOf(
      settingsOf({ settings: { passwordPolicy: { preset: 'custom', minLength: 12, requireSymbol: true, requireDigit: false } } }),
    );
    expect(unmetPasswordRules('Abcdefghijk', policy)).toEqual(['min_length', 'symbol']);
    expect(unmetPasswordRules('Abcdefghijk!', policy)).toEqual([]);
  });

  it('zero-width characters neither count as length nor hide a common password', () => {
    expect(unmetPasswordRules('Pass\u200Bword1')).toEqual(['common']);
    expect(unmetPasswordRules('Ab1\u200B\u200B\u200B\u200B\u200B')).toContain('min_length');
  });

  it('compares in Unicode normal form', () => {
    // "Ä" as one code point and as A + combining diaeresis are the same password.
    expect(unmetPasswordRules('\u00C4rger2024x')).toEqual(unmetPasswordRules('A\u0308rger2024x'));
  });

  it('generated passwords are random and meet the policy', () => {
    const a = generatePassword();
    const b = generatePassword();
    expect(a).not.toBe(b);
    expect(unmetPasswordRules(a)).toEqual([]);
    expect(a).toHaveLength(20);
  });

  it('generated passwords meet every preset, the strictest custom policy included (128 characters, every character class)', () => {
    const site = { name: 'Acme Learning', slug: 'acme', hostnames: ['learn.acme.example'] };
    const person = { email: 'ada.lovelace@acme.example', firstName: 'Ada', lastName: 'Lovelace' };
    const presets = [
      { preset: 'default' as const },
      { preset: 'nist' as const },
      { preset: 'custom' as const, minLength: 128, requireUppercase: true, requireLowercase: true, requireDigit: true, requireSymbol: true },
    ];
    for (const passwordPolicy of presets) {
      const policy = policyOf(settingsOf({ settings: { passwordPolicy } }));
      for (let i = 0; i < 10; i++) {
        const password = generatePassword({ policy, person, site });
        expect(unmetPasswordRules(password, policy, person, site)).toEqual([]);
        expect(password.length).toBe(Math.max(20, policy.minLength));
      }
    }
  });

  it("generated passwords meet the site's own policy: its length and a symbol when it wants one", () => {
    const policy = policyOf(settingsOf({ settings: { passwordPolicy: { preset: 'custom', minLength: 24, requireSymbol: true, requireLowercase: true } } }));
    const site = { name: 'Acme', slug: 'acme', hostnames: ['learn.acme.example'] };
    for (let i = 0; i < 20; i++) {
      const password = generatePassword({ policy, person: { email: 'ada@acme.example', firstName: 'Ada' }, site });
      expect(password).toHaveLength(24);
      expect(unmetPasswordRules(password, policy, { email: 'ada@acme.example', firstName: 'Ada' }, site)).toEqual([]);
    }
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
    expect((error as AppError).fields?.map((f) => ('message' in f ? f.message.en : f.value))).toEqual([
      'at least 8 characters',
      'at least one upper-case letter',
      'at least one digit',
      'not one of the most common passwords',
    ]);
    await expect(
      createUser(db, tenantId, { email: 'b@acme.test', firstName: 'Bertha', lastName: 'B', password: 'Bertha2024!' }),
    ).rejects.toMatchObject({ code: 'USER_PASSWORD_POLICY' });
    await expect(resetPassword(db, tenantId, 'a@acme.test', 'Strong-Pass-1')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it("passwords set by an operator (lectern user create, reset-password) may not contain the site's words", async () => {
    await expect(createUser(db, tenantId, { email: 'c@mail.test', firstName: 'C', lastName: 'D', password: 'Acme-Rocket-77' })).rejects.toMatchObject({
      code: 'USER_PASSWORD_POLICY',
      fields: [{ field: 'password', message: { en: expect.stringContaining('name of this site') } }],
    });
    await createUser(db, tenantId, { email: 'e@acme.test', firstName: 'E', lastName: 'F', password: 'Orbit-Rocket-77' });
    await expect(resetPassword(db, tenantId, 'e@acme.test', 'Lectern-Rocket-77')).rejects.toMatchObject({ code: 'USER_PASSWORD_POLICY' });
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
