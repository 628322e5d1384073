import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../src/platform/db/open.js';
import { createTestApp, testConfig } from './app.js';
import { engine } from './db.js';
import { isolatedDatabaseEnv, runLectern } from './process.js';

describe(`the lectern command (${engine})`, { timeout: 180_000 }, () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ env, cleanup } = await isolatedDatabaseEnv());
  });
  afterAll(() => cleanup());

  it('--help lists the commands and every setting', async () => {
    const top = await runLectern(['--help'], env);
    expect(top.code).toBe(0);
    for (const word of ['serve', 'migrate', 'tenant', 'user', 'PORT', 'DATA_DIR', 'DATABASE_URL']) expect(top.stdout).toContain(word);
    const tenant = await runLectern(['tenant', '--help'], env);
    for (const word of ['create', 'list', 'disable']) expect(tenant.stdout).toContain(word);
    const user = await runLectern(['user', '--help'], env);
    for (const word of ['create', 'reset-password']) expect(user.stdout).toContain(word);
  });

  it('migrates, creates, lists and disables tenants, and manages users', async () => {
    expect((await runLectern(['migrate'], env)).stdout).toContain('Database is up to date.');

    const created = await runLectern(['tenant', 'create', '--slug', 'acme', '--name', 'Acme Corp', '--host', 'learn.acme.example'], env);
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/Created tenant acme .* on learn\.acme\.example/);

    const duplicate = await runLectern(['tenant', 'create', '--slug', 'acme', '--name', 'Again'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('TENANT_SLUG_TAKEN');

    const user = await runLectern(
      ['user', 'create', '--tenant', 'acme', '--email', 'ada@acme.example', '--first-name', 'Ada', '--last-name', 'Lovelace', '--role', 'admin'],
      env,
    );
    expect(user.stdout).toContain('Created user ada@acme.example (admin).');
    expect(user.stdout).toMatch(/Password \(shown once\): \S{20}/);

    const weak = await runLectern(['user', 'reset-password', '--tenant', 'acme', '--email', 'ada@acme.example', '--password', 'weak'], env);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('USER_PASSWORD_POLICY');
    expect(weak.stderr).toContain('at least one upper-case letter');

    const reset = await runLectern(['user', 'reset-password', '--tenant', 'acme', '--email', 'ada@acme.example'], env);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/New password \(shown once\): \S{20}/);

    await runLectern(['tenant', 'disable', 'acme'], env);
    const list = await runLectern(['tenant', 'list'], env);
    expect(list.stdout).toContain('acme\tdisabled\tAcme Corp\tlearn.acme.example');

    const missing = await runLectern(['tenant', 'disable', 'nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('TENANT_NOT_FOUND');

    // Deleting asks for the slug twice, then erases the site (its files' key first) and all its rows.
    const files = mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'lectern-cli-files-'));
    const storageEnv = { ...env, LECTERN_STORAGE: `local:${files}/blobs`, LECTERN_SECRET_KEY_FILE: path.join(files, 'secret.key') };
    const unconfirmed = await runLectern(['tenant', 'delete', 'acme', '--confirm', 'acme2'], storageEnv);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('nothing was deleted');
    expect((await runLectern(['tenant', 'list'], env)).stdout).toContain('acme\tdisabled');
    const deleted = await runLectern(['tenant', 'delete', 'acme', '--confirm', 'acme'], storageEnv);
    expect(deleted.stderr).toBe('');
    expect(deleted.stdout).toMatch(/Deleted tenant acme \([0-9a-f-]{36}\): data key (destroyed|none left \(never made, or destroyed by an earlier run\)); 0 file\(s\), 0 stored copies and all its rows removed\./);
    expect((await runLectern(['tenant', 'list'], env)).stdout).not.toContain('acme');
  });

  it('the first --host is the primary one (listed first); primary-host changes it to another of its hosts', async () => {
    const created = await runLectern(['tenant', 'create', '--slug', 'multi', '--name', 'Multi', '--host', 'zeta.multi.example', '--host', 'alpha.multi.example'], env);
    expect(created.code).toBe(0);
    expect((await runLectern(['tenant', 'list'], env)).stdout).toContain('multi\tactive\tMulti\tzeta.multi.example,alpha.multi.example');

    const moved = await runLectern(['tenant', 'primary-host', 'multi', 'Alpha.Multi.Example'], env);
    expect(moved.stdout).toContain('Links in mails of multi now point to alpha.multi.example.');
    expect((await runLectern(['tenant', 'list'], env)).stdout).toContain('multi\tactive\tMulti\talpha.multi.example,zeta.multi.example');

    const foreign = await runLectern(['tenant', 'primary-host', 'multi', 'learn.acme.example'], env);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('TENANT_HOST_NOT_FOUND');
  });

  it('generated passwords of user create and reset-password work for one sign-in: the user must choose their own before anything else', async () => {
    expect((await runLectern(['tenant', 'create', '--slug', 'firsts', '--name', 'Firsts', '--host', 'learn.firsts.example'], env)).code).toBe(0);
    const created = await runLectern(['user', 'create', '--tenant', 'firsts', '--email', 'new@firsts.example', '--first-name', 'Nia', '--last-name', 'New'], env);
    const createdPassword = /Password \(shown once\): (\S+)/.exec(created.stdout)?.[1] ?? '';
    await runLectern(['user', 'create', '--tenant', 'firsts', '--email', 'old@firsts.example', '--first-name', 'Otto', '--last-name', 'Old'], env);
    const reset = await runLectern(['user', 'reset-password', '--tenant', 'firsts', '--email', 'old@firsts.example'], env);
    const resetPassword = /New password \(shown once\): (\S+)/.exec(reset.stdout)?.[1] ?? '';

    // The commands have ended, so the database is free for the app (PGlite allows one process).
    const ctx = await createTestApp({ db: await openMigratedDatabase(testConfig(env)) });
    try {
      const headers = { host: 'learn.firsts.example' };
      for (const [email, password] of [['new@firsts.example', createdPassword], ['old@firsts.example', resetPassword]] as const) {
        const signIn = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers, payload: { email, password } });
        expect(signIn.statusCode, email).toBe(200);
        expect(signIn.json().passwordChangeRequired).toBe(true);
        const cookie = `lectern_session=${signIn.cookies.find((c) => c.name === 'lectern_session')!.value}`;
        const other = await ctx.app.inject({ method: 'GET', url: '/api/learn/me/enrolments', headers: { ...headers, cookie } });
        expect(other.statusCode).toBe(403);
        expect(other.json().error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
        const change = await ctx.app.inject({
          method: 'POST',
          url: '/api/me/password',
          headers: { ...headers, cookie },
          payload: { currentPassword: password, newPassword: 'Own-Choice-2031' },
        });
        expect(change.statusCode).toBe(204);
        // The change gives the session a new id (a new cookie).
        const renewed = `lectern_session=${change.cookies.find((c) => c.name === 'lectern_session')!.value}`;
        expect((await ctx.app.inject({ method: 'GET', url: '/api/learn/me/enrolments', headers: { ...headers, cookie: renewed } })).statusCode).toBe(200);
      }
    } finally {
      await ctx.close();
    }
  });

  it('lrs-key makes a key whose printed secret opens the LRS, lists it without the secret, and revokes it at once', async () => {
    expect((await runLectern(['tenant', 'create', '--slug', 'records', '--name', 'Records', '--host', 'learn.records.example'], env)).code).toBe(0);
    const made = await runLectern(['lrs-key', 'create', '--tenant', 'records', '--name', 'Storyline export', '--scope', 'statements/write', '--scope', 'state'], env);
    expect(made.stderr).toBe('');
    expect(made.stdout).toContain('Endpoint: http://learn.records.example');
    const key = /Key: +(lrs_[0-9a-f]{20})/.exec(made.stdout)?.[1] ?? '';
    const secret = /Secret \(shown once\): (\S+)/.exec(made.stdout)?.[1] ?? '';
    const wrongScope = await runLectern(['lrs-key', 'create', '--tenant', 'records', '--name', 'x', '--scope', 'everything'], env);
    expect(wrongScope.code).not.toBe(0);
    const listed = await runLectern(['lrs-key', 'list', '--tenant', 'records'], env);
    expect(listed.stdout).toMatch(new RegExp(`${key}\tactive\tstatements/write,state\tlast used never\tStoryline export`));
    expect(listed.stdout).not.toContain(secret);

    const authorization = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
    const post = async () => {
      const ctx = await createTestApp({ db: await openMigratedDatabase(testConfig(env)) });
      try {
        const statement = { actor: { mbox: 'mailto:ada@records.example' }, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' }, object: { id: 'http://records.example/course' } };
        return (await ctx.app.inject({ method: 'POST', url: '/xapi/statements', headers: { host: 'learn.records.example', authorization, 'x-experience-api-version': '1.0.3' }, payload: statement })).statusCode;
      } finally {
        await ctx.close();
      }
    };
    expect(await post()).toBe(200);
    expect((await runLectern(['lrs-key', 'revoke', '--tenant', 'records', '--key', key], env)).stdout).toContain(`Revoked LRS key ${key}`);
    expect(await post()).toBe(401);
    expect((await runLectern(['lrs-key', 'revoke', '--tenant', 'records', '--key', 'lrs_00000000000000000000'], env)).stderr).toContain('LRS_KEY_NOT_FOUND');
  });

  it('an invalid setting stops it with a message naming the variable and what is allowed', async () => {
    const res = await runLectern(['migrate'], { ...env, PORT: 'eighty' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('PORT="eighty"');
    expect(res.stderr).toContain('1-65535');
    const unknown = await runLectern(['migrate'], { ...env, LECTERN_COLOUR: 'blue' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('LECTERN_COLOUR: unknown setting');
  });
});
