import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../db/client.js';
import { users } from './identity.schema.js';
import { parseUserCsv } from './user-import.js';
import { createUser } from './users.service.js';

describe('CSV parsing', () => {
  it('reads English or German headers, comma or semicolon, and several roles', () => {
    const { rows, errors } = parseUserCsv('E-Mail;Vorname;Nachname;Rollen\nanna@x.test;Anna;Alt;manager|learner\n');
    expect(errors).toEqual([]);
    expect(rows).toEqual([{ email: 'anna@x.test', firstName: 'Anna', lastName: 'Alt', roles: ['manager', 'learner'], line: 2 }]);
  });

  it('reports every bad line with its number and field', () => {
    const { errors } = parseUserCsv(
      'email,first name,last name,roles\nok@x.test,Ok,Person,learner\nnot-an-email,,Person,wizard\nok@x.test,Again,Person,\n',
    );
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'email'],
      [3, 'firstName'],
      [3, 'roles'],
      [4, 'email'],
    ]);
    expect(errors[3]?.message.en).toBe('same e-mail as line 2');
  });

  it('takes the roles by their German names too, and every role of "manager;learner" in a semicolon file', () => {
    const { rows, errors } = parseUserCsv(
      'E-Mail;Vorname;Nachname;Rollen\nanna@x.test;Anna;Alt;manager;learner\nben@x.test;Ben;Bau;Trainer/in, Teilnehmerin\ncara@x.test;Cara;Chef;ADMINISTRATORIN\n',
    );
    expect(errors).toEqual([]);
    expect(rows.map((row) => row.roles)).toEqual([['manager', 'learner'], ['instructor', 'learner'], ['admin']]);
  });

  it('refuses a line with more cells than the header unless the extra cells are roles at the end, never cutting it short', () => {
    const { errors } = parseUserCsv('Rollen;E-Mail;Vorname;Nachname\nlearner;anna@x.test;Anna;Alt;extra\n');
    expect(errors).toEqual([{ row: 2, field: 'file', message: expect.objectContaining({ en: expect.stringContaining('this line has 5 cells, the header 4') }) }]);
  });

  it('refuses a file without the required columns', () => {
    expect(parseUserCsv('name,mail\nA,a@x.test').errors.map((e) => e.field)).toEqual(['email', 'firstName', 'lastName']);
  });
});

describe(`user administration (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let admin: string;
  let learnerId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
    await createTenantWithUser(ctx.db, 'globex');
    admin = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    learnerId = (
      await createUser(ctx.db, acme.tenant.id, { email: 'lea@acme.test', firstName: 'Lea', lastName: 'Lerner', roles: ['learner'], password: 'Quiet-Meadow-42' })
    ).id;
  });
  afterAll(() => ctx.close());

  const importCsv = (csv: string, cookie = admin) =>
    ctx.app.inject({ method: 'POST', url: '/api/admin/users/import', headers: { host: acme.host, cookie, 'content-type': 'text/csv' }, payload: csv });

  it('imports users from CSV', async () => {
    const res = await importCsv('email,first name,last name,roles\nmax@acme.test,Max,Muster,instructor\nmia@acme.test,Mia,Muster,\n');
    expect(res.statusCode).toBe(201);
    expect(res.json().created).toBe(2);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/admin/users?q=muster', headers: { host: acme.host, cookie: admin } });
    expect(list.json().users.map((u: { email: string; roles: string[] }) => [u.email, u.roles])).toEqual([
      ['max@acme.test', ['instructor']],
      ['mia@acme.test', ['learner']],
    ]);
    // A full name finds the person whose first and last name those are, in either order.
    const emails = async (q: string) =>
      (await ctx.app.inject({ method: 'GET', url: `/api/admin/users?q=${encodeURIComponent(q)}`, headers: { host: acme.host, cookie: admin } })).json().users.map((u: { email: string }) => u.email);
    expect(await emails('Mia Muster')).toEqual(['mia@acme.test']);
    expect(await emails('Muster, Mia')).toEqual(['mia@acme.test']);
    expect(await emails('  mia   muster ')).toEqual(['mia@acme.test']);
    expect(await emails('Mia Meier')).toEqual([]);
  });

  it('a file with any bad line imports nothing and lists each problem, in German on request', async () => {
    const before = await ctx.db.withTenant(acme.tenant.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${users}`));
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/users/import',
      headers: { host: acme.host, cookie: admin, 'content-type': 'text/csv', 'accept-language': 'de' },
      payload: 'email,first name,last name\nnew@acme.test,New,Person\nlea@acme.test,Lea,Again\nbroken,X,Y\n',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('USER_IMPORT_INVALID');
    expect(res.json().error.fields).toEqual([{ field: 'row 4: email', message: 'keine gültige E-Mail-Adresse' }]);
    const existing = await importCsv('email,first name,last name\nnew@acme.test,New,Person\nLEA@acme.test,Lea,Again\n');
    expect(existing.json().error.fields).toEqual([{ field: 'row 3: email', message: 'a user with this e-mail exists already' }]);
    const after = await ctx.db.withTenant(acme.tenant.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${users}`));
    expect(after).toEqual(before);
  });

  it('users who exist already refuse the file by default, or are skipped, or get their names and roles updated, as asked', async () => {
    await createUser(ctx.db, acme.tenant.id, { email: 'olaf@acme.test', firstName: 'Olaf', lastName: 'Old', roles: ['learner'], password: 'Quiet-Meadow-42' });
    const csv = 'email;first name;last name;roles\nOLAF@acme.test;Olaf;Neu;Trainer/in;Teilnehmer/in\nnadia@acme.test;Nadia;New;learner\n';
    const call = (existing?: string) =>
      ctx.app.inject({ method: 'POST', url: `/api/admin/users/import${existing ? `?existing=${existing}` : ''}`, headers: { host: acme.host, cookie: admin, 'content-type': 'text/csv' }, payload: csv });
    const refused = await call();
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([{ field: 'row 2: email', message: 'a user with this e-mail exists already' }]);

    const skipped = await call('skip');
    expect(skipped.statusCode, skipped.body).toBe(201);
    expect(skipped.json()).toMatchObject({ created: 1, updated: 0, skipped: 1, users: [{ email: 'nadia@acme.test' }] });
    const olaf = async () => (await ctx.app.inject({ method: 'GET', url: '/api/admin/users?q=olaf', headers: { host: acme.host, cookie: admin } })).json().users[0];
    expect(await olaf()).toMatchObject({ lastName: 'Old', roles: ['learner'] });

    // Nadia exists now too: both lines update.
    const updated = await call('update');
    expect(updated.json()).toMatchObject({ created: 0, updated: 2, skipped: 0 });
    expect(await olaf()).toMatchObject({ firstName: 'Olaf', lastName: 'Neu', roles: ['instructor', 'learner'], status: 'active' });
    const audit = await ctx.db.withTenant(acme.tenant.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from audit_events where action = 'user.updated'`));
    expect(audit[0]?.n).toBe(2);

    // An administrator's own line cannot take the administrator role away.
    const self = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/users/import?existing=update',
      headers: { host: acme.host, cookie: admin, 'content-type': 'text/csv' },
      payload: `email,first name,last name,roles\n${acme.email},Ada,Admin,learner\n`,
    });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.fields).toEqual([{ field: 'row 2: roles', message: 'you cannot take the administrator role from yourself' }]);
  });

  it('with mail off, an import with invitations hands each new user’s invitation link to the administrator', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/users/import?invite=true',
      headers: { host: acme.host, cookie: admin, 'content-type': 'text/csv' },
      payload: 'email,first name,last name\nivo@acme.test,Ivo,Import\nina@acme.test,Ina,Import\n',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { mail: string; users: { email: string; link?: string }[] };
    expect(body.mail).toBe('off');
    expect(body.users.map((user) => user.email)).toEqual(['ivo@acme.test', 'ina@acme.test']);
    for (const user of body.users) expect(user.link).toMatch(new RegExp(`^https?://${acme.host.replace(/\./g, '\\.')}(:\\d+)?/accept-invitation#`));
    expect(new Set(body.users.map((user) => user.link)).size).toBe(2);
    // Without invitations there is no link to hand over.
    const quiet = await importCsv('email,first name,last name\nole@acme.test,Ole,Import\n');
    expect(quiet.json()).toMatchObject({ mail: null, users: [{ email: 'ole@acme.test' }] });
    expect(quiet.json().users[0].link).toBeUndefined();
  });

  it('SQL and script in fields are stored as text, never executed', async () => {
    const res = await importCsv(`email,first name,last name\nrobert@acme.test,"Robert'); DROP TABLE users;--",<script>alert(1)</script>\n`);
    expect(res.statusCode).toBe(201);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/admin/users?q=robert', headers: { host: acme.host, cookie: admin } });
    expect(list.json().users[0]).toMatchObject({ firstName: "Robert'); DROP TABLE users;--", lastName: '<script>alert(1)</script>' });
  });

  it('a NUL character in the file is refused with HTTP_NUL_CHARACTER and imports nothing', async () => {
    const res = await importCsv('email,first name,last name\nnul@acme.test,A\u0000b,C\n');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'HTTP_NUL_CHARACTER', fields: [{ field: 'body' }] });
    const list = await ctx.app.inject({ method: 'GET', url: '/api/admin/users?q=nul%40', headers: { host: acme.host, cookie: admin } });
    expect(list.json().total).toBe(0);
  });

  it('lists only this tenant, filtered by role and paged', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/admin/users?role=admin&limit=1', headers: { host: acme.host, cookie: admin } });
    expect(res.json()).toEqual({ users: [expect.objectContaining({ email: 'admin@acme.test' })], total: 1, mailConfigured: false });
    const all = await ctx.app.inject({ method: 'GET', url: '/api/admin/users?limit=200', headers: { host: acme.host, cookie: admin } });
    expect(all.json().users.map((u: { email: string }) => u.email)).not.toContain('admin@globex.test');
    const bad = await ctx.app.inject({ method: 'GET', url: '/api/admin/users?limit=5000', headers: { host: acme.host, cookie: admin } });
    expect(bad.json().error.fields[0].field).toBe('query.limit');
  });

  it('changing roles ends the user’s sessions and is audited; learners cannot do it', async () => {
    const learnerCookie = await signInCookie(ctx.app, acme.host, 'lea@acme.test', 'Quiet-Meadow-42');
    const forbidden = await ctx.app.inject({
      method: 'PUT',
      url: `/api/admin/users/${learnerId}/roles`,
      headers: { host: acme.host, cookie: learnerCookie },
      payload: { roles: ['admin'] },
    });
    expect(forbidden.statusCode).toBe(403);
    const res = await ctx.app.inject({
      method: 'PUT',
      url: `/api/admin/users/${learnerId}/roles`,
      headers: { host: acme.host, cookie: admin },
      payload: { roles: ['instructor', 'learner'] },
    });
    expect(res.json().roles).toEqual(['instructor', 'learner']);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie: learnerCookie } })).statusCode).toBe(401);
    const again = await signInCookie(ctx.app, acme.host, 'lea@acme.test', 'Quiet-Meadow-42');
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie: again } });
    expect(me.json().user.roles).toEqual(['instructor', 'learner']);
  });

  it('an administrator cannot take the admin role from themself', async () => {
    const me = (await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie: admin } })).json();
    const res = await ctx.app.inject({
      method: 'PUT',
      url: `/api/admin/users/${me.user.id}/roles`,
      headers: { host: acme.host, cookie: admin },
      payload: { roles: ['learner'] },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('USER_CANNOT_CHANGE_SELF');
  });
});
