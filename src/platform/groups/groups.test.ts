import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { auditEvents } from '../audit/audit.schema.js';
import { createUser } from '../identity/users.service.js';

describe(`groups and departments (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let globex: Awaited<ReturnType<typeof createTenantWithUser>>;
  let admin: string;
  let manager: string;
  let learner: string;
  const people = {} as Record<'anna' | 'ben' | 'cleo' | 'mona', string>;
  let outsiderId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
    globex = await createTenantWithUser(ctx.db, 'globex');
    admin = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    for (const [name, roles] of [
      ['anna', ['learner']],
      ['ben', ['learner']],
      ['cleo', ['learner']],
      ['mona', ['manager']],
    ] as const) {
      people[name] = (await createUser(ctx.db, acme.tenant.id, { email: `${name}@acme.test`, firstName: name, lastName: 'Acme', roles: [...roles], password: acme.password })).id;
    }
    outsiderId = (await createUser(ctx.db, globex.tenant.id, { email: 'olga@globex.test', firstName: 'Olga', lastName: 'Globex', roles: ['learner'], password: acme.password })).id;
    manager = await signInCookie(ctx.app, acme.host, 'mona@acme.test', acme.password);
    learner = await signInCookie(ctx.app, acme.host, 'anna@acme.test', acme.password);
  });
  afterAll(() => ctx.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, cookie = admin, host = acme.host) =>
    ctx.app.inject({ method, url, headers: { host, cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const create = async (name: string, parentId?: string) => {
    const res = await call('POST', '/api/admin/groups', { name, ...(parentId ? { parentId } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const groupsById = async (cookie = admin) => {
    const res = await call('GET', '/api/admin/groups', undefined, cookie);
    expect(res.statusCode).toBe(200);
    return new Map((res.json().groups as { id: string; name: string; parentId: string | null; memberCount: number; effectiveMemberCount: number }[]).map((g) => [g.id, g]));
  };

  it('nests departments and counts members of the group and of its sub-groups once each', async () => {
    const company = await create('Company');
    const sales = await create('Sales', company);
    const north = await create('Sales North', sales);
    expect((await call('POST', `/api/admin/groups/${north}/members`, { userIds: [people.anna, people.ben] })).json()).toEqual({ changed: 2 });
    expect((await call('POST', `/api/admin/groups/${sales}/members`, { userIds: [people.ben, people.cleo] })).json()).toEqual({ changed: 2 });
    // Adding someone twice adds nothing.
    expect((await call('POST', `/api/admin/groups/${sales}/members`, { userIds: [people.cleo, people.cleo] })).json()).toEqual({ changed: 0 });
    const groups = await groupsById();
    expect(groups.get(company)).toMatchObject({ parentId: null, memberCount: 0, effectiveMemberCount: 3 });
    expect(groups.get(sales)).toMatchObject({ parentId: company, memberCount: 2, effectiveMemberCount: 3 });
    expect(groups.get(north)).toMatchObject({ parentId: sales, memberCount: 2, effectiveMemberCount: 2 });

    const direct = await call('GET', `/api/admin/groups/${sales}/members`);
    expect(direct.json().members.map((m: { email: string }) => m.email)).toEqual(['ben@acme.test', 'cleo@acme.test']);
    const effective = await call('GET', `/api/admin/groups/${company}/members?effective=true`);
    expect(effective.json().members.map((m: { email: string; groupName: string }) => [m.email, m.groupName])).toEqual([
      ['anna@acme.test', 'Sales North'],
      ['ben@acme.test', 'Sales'],
      ['cleo@acme.test', 'Sales'],
    ]);

    expect((await call('POST', `/api/admin/groups/${north}/members/remove`, { userIds: [people.anna, people.cleo] })).json()).toEqual({ changed: 1 });
    expect((await groupsById()).get(company)?.effectiveMemberCount).toBe(2);
  });

  it('refuses to move a group into itself or below one of its sub-groups', async () => {
    const top = await create('Top');
    const middle = await create('Middle', top);
    const bottom = await create('Bottom', middle);
    for (const parentId of [top, bottom]) {
      const res = await call('PATCH', `/api/admin/groups/${top}`, { parentId });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'GROUP_CYCLE', fields: [{ field: 'parentId', value: parentId }] });
    }
    expect((await groupsById()).get(top)?.parentId).toBeNull();
    // Moving the bottom group to the top level, then renaming it, works.
    const moved = await call('PATCH', `/api/admin/groups/${bottom}`, { parentId: null, name: 'Bottom, now top' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: null, name: 'Bottom, now top' });
    const back = await call('PATCH', `/api/admin/groups/${bottom}`, { parentId: top });
    expect(back.json().parentId).toBe(top);
  });

  it('refuses a second group of the same name at the same place, but not elsewhere', async () => {
    const hr = await create('HR');
    const res = await call('POST', '/api/admin/groups', { name: ' hr ' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('GROUP_NAME_TAKEN');
    await create('HR', hr);
    const other = await create('Finance');
    const rename = await call('PATCH', `/api/admin/groups/${other}`, { name: 'HR' });
    expect(rename.json().error.code).toBe('GROUP_NAME_TAKEN');
    // The form shows the field's message under the name: it says what is wrong, not only the name.
    const german = await ctx.app.inject({ method: 'POST', url: '/api/admin/groups', headers: { host: acme.host, cookie: admin, 'accept-language': 'de' }, payload: { name: 'HR' } });
    expect(german.json().error.fields).toEqual([{ field: 'name', message: 'Name: Eine Gruppe mit diesem Namen gibt es an dieser Stelle schon.', value: 'HR' }]);
  });

  it('deletes a group without sub-groups, refuses one with sub-groups', async () => {
    const parent = await create('Temporary');
    const child = await create('Temporary child', parent);
    await call('POST', `/api/admin/groups/${child}/members`, { userIds: [people.anna] });
    const refused = await call('DELETE', `/api/admin/groups/${parent}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('GROUP_HAS_SUBGROUPS');
    expect((await call('DELETE', `/api/admin/groups/${child}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/admin/groups/${parent}`)).statusCode).toBe(204);
    const groups = await groupsById();
    expect(groups.has(parent) || groups.has(child)).toBe(false);
    expect((await call('DELETE', `/api/admin/groups/${parent}`)).json().error.code).toBe('GROUP_NOT_FOUND');
    const audit = await ctx.db.withTenant(acme.tenant.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.targetId, child)).orderBy(auditEvents.id));
    expect(audit.map((e) => e.action)).toEqual(['group.created', 'group.members_added', 'group.deleted']);
  });

  it('adds members all or none: a user of another tenant is unknown here', async () => {
    const team = await create('Team');
    const res = await call('POST', `/api/admin/groups/${team}/members`, { userIds: [people.anna, outsiderId] });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'GROUP_UNKNOWN_USER', fields: [{ field: 'userIds.1', value: outsiderId }] });
    expect((await groupsById()).get(team)?.memberCount).toBe(0);
  });

  it('keeps each tenant to its own groups', async () => {
    const secret = await create('Acme only');
    const globexAdmin = await signInCookie(ctx.app, globex.host, globex.email, globex.password);
    const list = await call('GET', '/api/admin/groups', undefined, globexAdmin, globex.host);
    expect(list.json().groups).toEqual([]);
    for (const res of [
      await call('PATCH', `/api/admin/groups/${secret}`, { name: 'Stolen' }, globexAdmin, globex.host),
      await call('GET', `/api/admin/groups/${secret}/members`, undefined, globexAdmin, globex.host),
      await call('POST', `/api/admin/groups/${secret}/members`, { userIds: [outsiderId] }, globexAdmin, globex.host),
      await call('POST', '/api/admin/groups', { name: 'Inside', parentId: secret }, globexAdmin, globex.host),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(['GROUP_NOT_FOUND', 'GROUP_PARENT_NOT_FOUND']).toContain(res.json().error.code);
    }
    expect((await groupsById()).get(secret)?.name).toBe('Acme only');
  });

  it('lets managers look but not change; learners not even look', async () => {
    const res = await call('GET', '/api/admin/groups', undefined, manager);
    expect(res.statusCode).toBe(200);
    expect(res.json().groups.length).toBeGreaterThan(0);
    const some = res.json().groups[0].id as string;
    expect((await call('GET', `/api/admin/groups/${some}/members`, undefined, manager)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', '/api/admin/groups', { name: 'Mine' }],
      ['PATCH', `/api/admin/groups/${some}`, { name: 'Mine' }],
      ['DELETE', `/api/admin/groups/${some}`, undefined],
      ['POST', `/api/admin/groups/${some}/members`, { userIds: [people.mona] }],
    ] as const) {
      const denied = await call(method, url, body, manager);
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.code).toBe('AUTH_FORBIDDEN');
    }
    expect((await call('GET', '/api/admin/groups', undefined, learner)).json().error.code).toBe('AUTH_FORBIDDEN');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/admin/groups', headers: { host: acme.host } })).json().error.code).toBe('AUTH_REQUIRED');
  });

  it('names each bad field', async () => {
    const team = await create('Validation');
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/admin/groups', { name: '' }, 'name'],
      ['POST', '/api/admin/groups', { name: 'X', parentId: 'not-a-uuid' }, 'parentId'],
      ['PATCH', `/api/admin/groups/${team}`, {}, 'name'],
      ['PATCH', '/api/admin/groups/nope', { name: 'X' }, 'params.id'],
      ['POST', `/api/admin/groups/${team}/members`, { userIds: [] }, 'userIds'],
      ['POST', `/api/admin/groups/${team}/members`, { userIds: ['x'] }, 'userIds.0'],
      ['GET', `/api/admin/groups/${team}/members?effective=maybe`, undefined, 'query.effective'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await call(method as 'POST', url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const missingParent = await call('POST', '/api/admin/groups', { name: 'Orphan', parentId: '00000000-0000-4000-8000-000000000000' });
    expect(missingParent.statusCode).toBe(404);
    expect(missingParent.json().error.code).toBe('GROUP_PARENT_NOT_FOUND');
  });
});
