import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { databaseError } from '../../../test/db-error.js';
import { queryRows } from '../db/client.js';
import { migrationsDir } from '../paths.js';
import { users } from './identity.schema.js';
import { createUser } from './users.service.js';

/** A user's roles are a set: stored each once, in one order, whatever path wrote them. */
describe(`roles are stored without repeats, in one order (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let admin: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
    admin = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
  });
  afterAll(() => ctx.close());

  const send = (method: 'POST' | 'PUT', url: string, payload: object | string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url, headers: { host: acme.host, cookie: admin, ...headers }, payload });
  const storedRoles = async (email: string) => {
    const [row] = await ctx.db.withTenant(acme.tenant.id, (tx) => queryRows<{ roles: string[] }>(tx, sql`select roles from users where email = ${email}`));
    return row?.roles;
  };

  it('by the API: setting roles and inviting', async () => {
    const invited = await send('POST', '/api/admin/users', { email: 'ivy@acme.test', firstName: 'Ivy', lastName: 'I', roles: ['learner', 'instructor', 'learner'] });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().roles).toEqual(['instructor', 'learner']);
    expect(await storedRoles('ivy@acme.test')).toEqual(['instructor', 'learner']);

    const set = await send('PUT', `/api/admin/users/${invited.json().id}/roles`, { roles: ['learner', 'manager', 'learner', 'manager', 'admin'] });
    expect(set.statusCode).toBe(200);
    expect(set.json().roles).toEqual(['admin', 'manager', 'learner']);
    expect(await storedRoles('ivy@acme.test')).toEqual(['admin', 'manager', 'learner']);
  });

  it('by the CSV import', async () => {
    const res = await send('POST', '/api/admin/users/import', 'email,first name,last name,roles\ncid@acme.test,Cid,C,learner;manager;LEARNER\n', {
      'content-type': 'text/csv',
    });
    expect(res.statusCode).toBe(201);
    expect(await storedRoles('cid@acme.test')).toEqual(['manager', 'learner']);
  });

  it('by the command line (createUser)', async () => {
    const user = await createUser(ctx.db, acme.tenant.id, { email: 'cli@acme.test', firstName: 'Cli', lastName: 'C', roles: ['learner', 'admin', 'admin'], password: 'Correct-Horse-9' });
    expect(user.roles).toEqual(['admin', 'learner']);
    expect(await storedRoles('cli@acme.test')).toEqual(['admin', 'learner']);
  });

  it('the database refuses repeated roles whatever writes them', async () => {
    const error = await databaseError(
      ctx.db.withTenant(acme.tenant.id, (tx) => tx.update(users).set({ roles: ['learner', 'learner'] }).where(sql`${users.email} = 'cli@acme.test'`)),
    );
    expect(error).toMatch(/users_roles_distinct/);
  });

  it('the migration brings rows written before into that form, in every tenant', async () => {
    const globex = await createTenantWithUser(ctx.db, 'globex-roles');
    const migration = readFileSync(path.join(migrationsDir, '0010_users_roles_canonical.sql'), 'utf8');
    await ctx.db.owner.execute(sql`alter table users drop constraint users_roles_distinct`);
    for (const [tenant, email] of [
      [acme.tenant, 'old@acme.test'],
      [globex.tenant, 'old@globex.test'],
    ] as const) {
      await createUser(ctx.db, tenant.id, { email, firstName: 'Old', lastName: 'O', roles: ['learner'] });
      await ctx.db.withTenant(tenant.id, (tx) => tx.update(users).set({ roles: ['learner', 'admin', 'learner', 'instructor', 'admin'] }).where(sql`${users.email} = ${email}`));
    }
    for (const statement of migration.split('--> statement-breakpoint')) await ctx.db.owner.execute(sql.raw(statement));

    expect(await storedRoles('old@acme.test')).toEqual(['admin', 'instructor', 'learner']);
    const [globexRow] = await ctx.db.withTenant(globex.tenant.id, (tx) => queryRows<{ roles: string[] }>(tx, sql`select roles from users where email = 'old@globex.test'`));
    expect(globexRow?.roles).toEqual(['admin', 'instructor', 'learner']);
    expect(await storedRoles(acme.email)).toEqual(['admin']);
    const error = await databaseError(ctx.db.withTenant(acme.tenant.id, (tx) => tx.update(users).set({ roles: ['admin', 'admin'] }).where(sql`${users.email} = 'old@acme.test'`)));
    expect(error).toMatch(/users_roles_distinct/);
  });
});
