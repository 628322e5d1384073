import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import type { Db } from '../db/client.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { AppError } from '../http/errors.js';
import { accept, guardedCredentialCheck, refuse } from './credential-check.js';

describe(`guarded credential checks (${engine})`, () => {
  let db: Db;
  let tenant: Tenant;

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await createTenant(db, { slug: 'checked', name: 'Checked', hostnames: ['checked.test'] });
  });
  afterAll(() => db.close());

  it('runs the checks of one address one at a time, refuses a pile-up, and lets other addresses through meanwhile', async () => {
    let running = 0;
    let mostAtOnce = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowVerify = async () => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await gate;
      await new Promise((r) => setTimeout(r, 1));
      running--;
      return accept(true);
    };
    const attempt = (ip: string, i: number) => ({ ip, account: `user${i}@checked.test`, endpoint: 'sign-in' });
    const pile = Array.from({ length: 70 }, (_, i) =>
      guardedCredentialCheck(db, tenant, attempt('203.0.113.90', i), slowVerify).then(
        () => 'checked',
        (error: { code?: string }) => error.code,
      ),
    );
    // Another address is not held up by the pile: its check completes while the gate is still closed.
    expect(await guardedCredentialCheck(db, tenant, attempt('198.51.100.90', 0), async () => accept(true))).toBe(true);
    release();
    const outcomes = await Promise.all(pile);
    expect(mostAtOnce).toBe(1);
    expect(outcomes.filter((o) => o === 'checked')).toHaveLength(64);
    expect(outcomes.filter((o) => o === 'AUTH_TOO_MANY_ATTEMPTS')).toHaveLength(6);
  });

  it('passes on an error of the verification, counting it as neither success nor failure', async () => {
    const broken = () => Promise.reject(new Error('database gone'));
    for (let i = 0; i < 10; i++) {
      await expect(guardedCredentialCheck(db, tenant, { ip: '203.0.113.91', account: 'ada@checked.test', endpoint: 'sign-in' }, broken)).rejects.toThrow(
        'database gone',
      );
    }
    const wrong = async () => refuse({ error: new AppError('AUTH_INVALID_CREDENTIALS') });
    await expect(guardedCredentialCheck(db, tenant, { ip: '203.0.113.91', account: 'ada@checked.test', endpoint: 'sign-in' }, wrong)).rejects.toMatchObject({
      code: 'AUTH_INVALID_CREDENTIALS',
    });
  });

  it('counts a refusal, and ends the streak only on a success that says so', async () => {
    const attempt = { ip: '203.0.113.92', account: 'grace@checked.test', endpoint: 'sign-in' };
    const wrong = async () => refuse({ error: new AppError('AUTH_INVALID_CREDENTIALS') });
    const partial = async () => accept('password only', { endsStreak: false });
    const complete = async () => accept('everything');
    const tryWrong = () => expect(guardedCredentialCheck(db, tenant, attempt, wrong)).rejects.toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    for (let i = 0; i < 4; i++) await tryWrong();
    // A success that is not the whole credential leaves the four failures: the fifth bans.
    expect(await guardedCredentialCheck(db, tenant, attempt, partial)).toBe('password only');
    await tryWrong();
    await expect(guardedCredentialCheck(db, tenant, attempt, complete)).rejects.toMatchObject({ code: 'AUTH_TOO_MANY_ATTEMPTS' });

    // A complete success ends the streak: four more failures do not ban.
    const other = { ...attempt, account: 'alan@checked.test' };
    const tryOtherWrong = () => expect(guardedCredentialCheck(db, tenant, other, wrong)).rejects.toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    for (let i = 0; i < 4; i++) await tryOtherWrong();
    expect(await guardedCredentialCheck(db, tenant, other, complete)).toBe('everything');
    for (let i = 0; i < 4; i++) await tryOtherWrong();
    expect(await guardedCredentialCheck(db, tenant, other, complete)).toBe('everything');
  });
});
