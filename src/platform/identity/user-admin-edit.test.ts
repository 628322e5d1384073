import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../db/client.js';
import { createUser } from './users.service.js';

describe(`editing, deleting and bulk status of users (${engine})`, () => {
  let ctx: TestContext;
  let host: string;
  let admin: string;
  let adminId: string;
  let foreignUserId: string;
  let foreignAdmin: { host: string; email: string };

  const call = async <T>(method: 'GET' | 'PATCH' | 'DELETE' | 'POST', url: string, payload?: unknown, cookie = admin) => {
    const res = await ctx.app.inject({ method, url, headers: { host, cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { res, body: (res.body ? res.json() : null) as T };
  };
  const learner = (email: string) => createUser(ctx.db, tenantId, { email, firstName: 'Lea', lastName: 'Learner', password: PASSWORD });
  let tenantId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const site = await createTenantWithUser(ctx.db, 'acme');
    host = site.host;
    tenantId = site.tenant.id;
    admin = await signInCookie(ctx.app, host, site.email, PASSWORD);
    [{ id: adminId }] = await queryRows<{ id: string }>(ctx.db.owner, sql`select id from users where email = ${site.email}`) as [{ id: string }];
    const other = await createTenantWithUser(ctx.db, 'globex');
    foreignAdmin = { host: other.host, email: other.email };
    foreignUserId = (await createUser(ctx.db, other.tenant.id, { email: 'x@globex.test', firstName: 'X', lastName: 'Y', password: PASSWORD })).id;
  });
  afterAll(() => ctx.close());

  it('an administrator changes a name and the e-mail address; the change is audited with before and after', async () => {
    const lea = await learner('lea@acme.test');
    const { res, body } = await call<{ firstName: string; email: string }>('PATCH', `/api/admin/users/${lea.id}`, { firstName: ' Leonie ', email: 'Leonie@Acme.test' });
    expect(res.statusCode, res.body).toBe(200);
    expect(body).toMatchObject({ firstName: 'Leonie', email: 'leonie@acme.test' });
    const [audit] = await queryRows<{ details: { before: Record<string, unknown>; after: Record<string, unknown> } }>(
      ctx.db.owner,
      sql`select details from audit_events where action = 'user.updated' and target_id = ${lea.id}`,
    );
    expect(audit!.details.before).toMatchObject({ firstName: 'Lea', email: 'lea@acme.test' });
    expect(audit!.details.after).toEqual({ firstName: 'Leonie', email: 'leonie@acme.test' });
    // The new address signs in.
    await signInCookie(ctx.app, host, 'leonie@acme.test', PASSWORD);
  });

  it('refuses an address another user has, an empty change, a bad address, and users of another site', async () => {
    const a = await learner('a@acme.test');
    await learner('b@acme.test');
    const taken = await call<{ error: { code: string; fields: { field: string }[] } }>('PATCH', `/api/admin/users/${a.id}`, { email: 'B@acme.test' });
    expect(taken.res.statusCode).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'USER_EMAIL_TAKEN', fields: [{ field: 'email' }] });
    expect((await call('PATCH', `/api/admin/users/${a.id}`, {})).res.statusCode).toBe(400);
    expect((await call('PATCH', `/api/admin/users/${a.id}`, { email: 'not-an-address' })).res.statusCode).toBe(400);
    for (const method of ['PATCH', 'DELETE', 'GET'] as const) {
      const foreign = await call<{ error: { code: string } }>(method, `/api/admin/users/${foreignUserId}`, method === 'PATCH' ? { firstName: 'Hacked' } : undefined);
      expect(foreign.res.statusCode, method).toBe(404);
    }
    const [x] = await queryRows<{ first_name: string }>(ctx.db.owner, sql`select first_name from users where id = ${foreignUserId}`);
    expect(x!.first_name).toBe('X');
  });

  it('deleting a user removes them and what is theirs, keeps the audit log, and never deletes oneself', async () => {
    const gone = await learner('gone@acme.test');
    await signInCookie(ctx.app, host, 'gone@acme.test', PASSWORD);
    const res = await call('DELETE', `/api/admin/users/${gone.id}`);
    expect(res.res.statusCode).toBe(204);
    expect(await queryRows(ctx.db.owner, sql`select 1 from users where id = ${gone.id}`)).toEqual([]);
    expect(await queryRows(ctx.db.owner, sql`select 1 from sessions where user_id = ${gone.id}`)).toEqual([]);
    const [audit] = await queryRows<{ details: { email: string } }>(ctx.db.owner, sql`select details from audit_events where action = 'user.deleted' and target_id = ${gone.id}`);
    expect(audit!.details.email).toBe('gone@acme.test');
    const self = await call<{ error: { code: string } }>('DELETE', `/api/admin/users/${adminId}`);
    expect(self.body.error.code).toBe('USER_CANNOT_DELETE_SELF');
    expect((await call('DELETE', `/api/admin/users/${gone.id}`)).res.statusCode).toBe(404);
    const manager = await createUser(ctx.db, tenantId, { email: 'm@acme.test', firstName: 'M', lastName: 'M', roles: ['manager'], password: PASSWORD });
    const managerCookie = await signInCookie(ctx.app, host, 'm@acme.test', PASSWORD);
    expect((await call('DELETE', `/api/admin/users/${manager.id}`, undefined, managerCookie)).res.statusCode).toBe(403);
  });

  it("deleting a user takes the account's mails that have not gone out from the queue, and leaves the address's other mails", async () => {
    const gone = await learner('typo@acme.test');
    // Due in an hour, so no worker sends them first. A mail for an account names it (enqueueMail);
    // a buyer's or a guest's names none. One on another site names the same id.
    const queue = (tenant: string, template: string, to: string, userId: string | null, sent = false) =>
      ctx.db.owner.execute(
        sql`insert into jobs (tenant_id, kind, payload, run_at, done_at)
            values (${tenant}, 'mail.send', ${JSON.stringify({ to, ...(userId ? { userId } : {}), template, subject: template, text: template })}::jsonb, now() + interval '1 hour', ${sent ? new Date() : null})`,
      );
    const otherTenant = (await queryRows<{ tenant_id: string }>(ctx.db.owner, sql`select tenant_id from users where id = ${foreignUserId}`))[0]!.tenant_id;
    await queue(tenantId, 'invitation', 'Typo@Acme.test', gone.id);
    await queue(tenantId, 'learn.enrolled', 'typo@acme.test', gone.id);
    await queue(tenantId, 'password_changed', 'typo@acme.test', gone.id, true);
    await queue(tenantId, 'market_confirm', 'typo@acme.test', null);
    await queue(tenantId, 'space.review_request_guest', 'typo@acme.test', null);
    await queue(tenantId, 'invitation', 'someone.else@acme.test', randomUUID());
    await queue(otherTenant, 'invitation', 'typo@acme.test', gone.id);
    const mails = async () =>
      (
        await queryRows<{ tenant: string; template: string; to: string; sent: boolean }>(
          ctx.db.owner,
          sql`select case when tenant_id = ${tenantId} then 'acme' else 'other' end as tenant, payload->>'template' as template, payload->>'to' as to, done_at is not null as sent
                from jobs where kind = 'mail.send' and payload->>'template' <> '' and run_at > now() order by 1, 2, 3`,
        )
      ).map((m) => `${m.tenant} ${m.template} ${m.to}${m.sent ? ' (sent)' : ''}`);
    expect(await mails()).toContain('acme invitation Typo@Acme.test');
    // A mail the application queues names the account too: the notice of a password change.
    const goneCookie = await signInCookie(ctx.app, host, 'typo@acme.test', PASSWORD);
    const changed = await ctx.app.inject({ method: 'POST', url: '/api/me/password', headers: { host, cookie: goneCookie }, payload: { currentPassword: PASSWORD, newPassword: 'Another-Horse-77' } });
    expect(changed.statusCode, changed.body).toBe(204);
    const queuedFor = async () =>
      (await queryRows<{ template: string }>(ctx.db.owner, sql`select payload->>'template' as template from jobs where kind = 'mail.send' and done_at is null and run_at <= now() and payload->>'userId' = ${gone.id}`)).map((m) => m.template);
    expect(await queuedFor()).toEqual(['password_changed']);

    expect((await call('DELETE', `/api/admin/users/${gone.id}`)).res.statusCode).toBe(204);
    expect(await queuedFor()).toEqual([]);
    expect(await mails()).toEqual([
      'acme invitation someone.else@acme.test',
      'acme market_confirm typo@acme.test',
      'acme password_changed typo@acme.test (sent)',
      'acme space.review_request_guest typo@acme.test',
      'other invitation typo@acme.test',
    ]);
  });

  it('deactivates several users at once, all or none, never oneself; reactivates them', async () => {
    const one = await learner('one@acme.test');
    const two = await learner('two@acme.test');
    const status = async () =>
      (await queryRows<{ email: string; status: string }>(ctx.db.owner, sql`select email, status from users where id in (${one.id}, ${two.id}) order by email`)).map((r) => r.status);

    const foreign = await call<{ error: { code: string; fields: { field: string }[] } }>('POST', '/api/admin/users/status', { userIds: [one.id, foreignUserId], active: false });
    expect(foreign.res.statusCode).toBe(404);
    expect(foreign.body.error.fields.map((f) => f.field)).toEqual(['userIds.1']);
    const self = await call<{ error: { code: string } }>('POST', '/api/admin/users/status', { userIds: [one.id, adminId], active: false });
    expect(self.body.error.code).toBe('USER_CANNOT_DEACTIVATE_SELF');
    expect(await status()).toEqual(['active', 'active']);

    const done = await call<{ changed: number }>('POST', '/api/admin/users/status', { userIds: [one.id, two.id], active: false });
    expect(done.body).toEqual({ changed: 2 });
    expect(await status()).toEqual(['deactivated', 'deactivated']);
    expect((await call<{ changed: number }>('POST', '/api/admin/users/status', { userIds: [one.id], active: false })).body).toEqual({ changed: 0 });
    expect((await call<{ changed: number }>('POST', '/api/admin/users/status', { userIds: [one.id, two.id], active: true })).body).toEqual({ changed: 2 });
    expect(await status()).toEqual(['active', 'active']);
  });

  it('sends several users a password reset link each, all or none; with mail off the links come back and each works once for its user', async () => {
    const one = await learner('reset-one@acme.test');
    const two = await learner('reset-two@acme.test');
    const invited = await createUser(ctx.db, tenantId, { email: 'pending@acme.test', firstName: 'P', lastName: 'P' });
    const resetTokens = () =>
      queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from user_tokens where purpose = 'password_reset' and user_id in (${one.id}, ${two.id})`).then((r) => Number(r[0]!.n));

    const foreign = await call<{ error: { code: string; fields: { field: string }[] } }>('POST', '/api/admin/users/password-reset', { userIds: [one.id, foreignUserId] });
    expect(foreign.res.statusCode).toBe(404);
    expect(foreign.body.error.fields.map((f) => f.field)).toEqual(['userIds.1']);
    const pending = await call<{ error: { code: string; fields: { field: string }[] } }>('POST', '/api/admin/users/password-reset', { userIds: [one.id, two.id, invited.id] });
    expect(pending.body.error).toMatchObject({ code: 'USER_HAS_NO_PASSWORD', fields: [{ field: 'userIds.2' }] });
    expect(await resetTokens()).toBe(0);
    const managerCookie = await signInCookie(ctx.app, host, 'm@acme.test', PASSWORD);
    expect((await call('POST', '/api/admin/users/password-reset', { userIds: [one.id] }, managerCookie)).res.statusCode).toBe(403);

    const { res, body } = await call<{ mail: string; sent: number; links: { userId: string; email: string; link: string }[] }>('POST', '/api/admin/users/password-reset', { userIds: [one.id, two.id, one.id] });
    expect(res.statusCode, res.body).toBe(200);
    expect(body).toMatchObject({ mail: 'off', sent: 2 });
    expect(body.links.map((l) => l.email).sort()).toEqual(['reset-one@acme.test', 'reset-two@acme.test']);
    const linkOf = (email: string) => new URL(body.links.find((l) => l.email === email)!.link);
    expect(linkOf('reset-one@acme.test').hostname).toBe(host);
    const token = new URLSearchParams(linkOf('reset-two@acme.test').hash.replace(/^#/, '')).get('token') ?? linkOf('reset-two@acme.test').searchParams.get('token');
    const completed = await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', headers: { host }, payload: { token, password: 'Fresh-Start-2027' } });
    expect(completed.statusCode, completed.body).toBe(204);
    await signInCookie(ctx.app, host, 'reset-two@acme.test', 'Fresh-Start-2027');
    const audits = await queryRows<{ target_id: string }>(ctx.db.owner, sql`select target_id from audit_events where action = 'user.password_reset_sent' and details->>'bulk' = 'true'`);
    expect(audits.map((a) => a.target_id).sort()).toEqual([one.id, two.id].sort());
  });

  it('exports the users a filter selects as CSV the import reads back; formulas stay text; audited; administrators only', async () => {
    await createUser(ctx.db, tenantId, { email: 'formula@export.test', firstName: '=HYPERLINK("x")', lastName: 'Müller; Sohn', roles: ['manager', 'learner'], password: PASSWORD });
    await createUser(ctx.db, tenantId, { email: 'plain@export.test', firstName: 'Paula', lastName: 'Plain' });
    const english = await ctx.app.inject({ method: 'GET', url: '/api/admin/users/export?q=export.test&lang=en', headers: { host, cookie: admin } });
    expect(english.statusCode, english.body).toBe(200);
    expect(english.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(english.headers['x-export-rows']).toBe('2');
    const lines = english.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toEqual([
      'email,first name,last name,roles,status,invitation',
      `formula@export.test,"'=HYPERLINK(""x"")",Müller; Sohn,manager|learner,active,`,
      'plain@export.test,Paula,Plain,learner,active,expired',
    ]);
    const german = await ctx.app.inject({ method: 'GET', url: '/api/admin/users/export?q=export.test&lang=de', headers: { host, cookie: admin } });
    expect(german.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('E-Mail;Vorname;Nachname;Rollen;Status;Einladung');
    // The German file is imported into another site: the same people with the same roles.
    const otherCookie = await signInCookie(ctx.app, foreignAdmin.host, foreignAdmin.email, PASSWORD);
    const imported = await ctx.app.inject({ method: 'POST', url: '/api/admin/users/import', headers: { host: foreignAdmin.host, cookie: otherCookie, 'content-type': 'text/csv' }, payload: german.body });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ created: 2 });
    const copied = await queryRows<{ first_name: string; last_name: string; roles: string[] }>(ctx.db.owner, sql`select first_name, last_name, roles from users where email = 'formula@export.test' and tenant_id <> ${tenantId}`);
    expect(copied).toEqual([{ first_name: `'=HYPERLINK("x")`, last_name: 'Müller; Sohn', roles: ['manager', 'learner'] }]);

    const [audit] = await queryRows<{ details: Record<string, unknown> }>(ctx.db.owner, sql`select details from audit_events where action = 'user.list_exported' order by id desc limit 1`);
    expect(audit!.details).toMatchObject({ rows: 2, q: 'export.test' });
    const managerCookie = await signInCookie(ctx.app, host, 'm@acme.test', PASSWORD);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/admin/users/export', headers: { host, cookie: managerCookie } })).statusCode).toBe(403);
  });

  it("lists the groups a user belongs to", async () => {
    const member = await learner('member@acme.test');
    const group = await call<{ id: string }>('POST', '/api/admin/groups', { name: 'Sales' });
    await call('POST', `/api/admin/groups/${group.body.id}/members`, { userIds: [member.id] });
    const { body } = await call<{ groups: { name: string }[] }>('GET', `/api/admin/users/${member.id}/groups`);
    expect(body.groups.map((g) => g.name)).toEqual(['Sales']);
  });
});
