import { sql } from 'drizzle-orm';
import { unzipText as unzip } from '../../../test/zip-fixtures.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { createScormCourse, enrolDirectly } from '../../../test/learn-fixtures.js';
import { queryRows, type Db } from '../db/client.js';
import { sendEmailChangeLink } from '../identity/account.service.js';
import type { FlowContext } from '../identity/flow-context.js';
import { createUser } from '../identity/users.service.js';
import { enqueueMail, enqueueRenderedMail } from '../mail/mail.queue.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { PERSONAL_DATA } from './personal-data.js';
import { eraseUser } from './user-erasure.js';

let ctx: TestContext;
let host: string;
let tenantId: string;
let tenant: Tenant;
let adminCookie: string;
let courseId: string;
const learner = { email: 'grace.hopper@acme.test', id: '' };
const other = { email: 'alan.turing@acme.test', id: '' };
let foreign: { host: string; tenantId: string; userId: string; cookie: string };

async function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: object, onHost = host) {
  return ctx.app.inject({ method, url, headers: { host: onHost, cookie }, ...(payload ? { payload } : {}) });
}

async function placeOrder(userId: string, email: string, reference: string): Promise<void> {
  await ctx.db.withTenant(tenantId, (tx) =>
    tx.execute(sql`with o as (
        insert into market_orders (reference, status, provider, buyer_user_id, buyer_email, buyer_first_name, buyer_last_name, buyer_country, language, currency, net_minor, vat_minor, gross_minor, paid_at, confirmation_token_hash)
        values (${reference}, 'paid', 'stripe', ${userId}, ${email}, 'Buyer', ${reference}, 'DE', 'de', 'EUR', 10000, 1900, 11900, now(), 'hash-' || ${reference}) returning id)
      insert into market_order_lines (order_id, position, title, course_ids, quantity, unit_price_minor, net_minor, vat_minor, gross_minor, vat_rate_basis_points, tax_rule)
      select id, 1, ${`Course of ${reference}`}, array[]::uuid[], 1, 11900, 10000, 1900, 11900, 1900, 'domestic' from o`),
  );
}

async function completeEnrolment(userId: string): Promise<void> {
  const enrolmentId = await enrolDirectly(ctx.db, tenantId, courseId, userId);
  await ctx.db.withTenant(tenantId, (tx) => tx.execute(sql`update enrolments set status = 'passed', score_percent = 90, completed_at = now() where id = ${enrolmentId}`));
  await ctx.db.withTenant(tenantId, (tx) =>
    tx.execute(sql`insert into certificates (code, enrolment_id, course_id, user_id, learner_name, course_title, site_name, language, status, completed_at)
                   select ${`C-${userId.slice(0, 8)}`}, ${enrolmentId}, ${courseId}, ${userId}, u.first_name || ' ' || u.last_name, 'Fire safety', 'ACME', 'en', 'passed', now() from users u where u.id = ${userId}`),
  );
}

const flowOf = (): FlowContext => ({ tenant, siteUrl: `http://${host}`, mailConfigured: false, ip: '203.0.113.9', userAgent: null });

beforeAll(async () => {
  ctx = await createTestApp();
  const site = await createTenantWithUser(ctx.db, 'acme');
  host = site.host;
  tenantId = site.tenant.id;
  tenant = site.tenant;
  adminCookie = await signInCookie(ctx.app, host, site.email, site.password);
  learner.id = (await createUser(ctx.db, tenantId, { email: learner.email, firstName: 'Grace', lastName: 'Hopper', roles: ['learner'], password: PASSWORD })).id;
  other.id = (await createUser(ctx.db, tenantId, { email: other.email, firstName: 'Alan', lastName: 'Turing', roles: ['learner'], password: PASSWORD })).id;
  courseId = (await createScormCourse(ctx.db, tenantId, { title: 'Fire safety' })).courseId;
  await completeEnrolment(learner.id);
  await completeEnrolment(other.id);
  await placeOrder(learner.id, learner.email, 'ORD-GRACE');
  await placeOrder(other.id, other.email, 'ORD-ALAN');
  const second = await createTenantWithUser(ctx.db, 'globex');
  const secondUser = await createUser(ctx.db, second.tenant.id, { email: 'someone@globex.test', firstName: 'Some', lastName: 'One', roles: ['learner'], password: PASSWORD });
  foreign = { host: second.host, tenantId: second.tenant.id, userId: secondUser.id, cookie: await signInCookie(ctx.app, second.host, second.email, second.password) };
}, 120_000);
afterAll(() => ctx.close());

describe('a data export', () => {
  it("gives a person everything about them from the account, Learn and Market, and nothing of anybody else's", async () => {
    // An administrator's change of this account is in the audit trail with the administrator's address: not the learner's to take home.
    await ctx.db.withTenant(tenantId, (tx) =>
      tx.execute(sql`insert into audit_events (action, actor_ip, user_agent, target_type, target_id, details) values ('user.updated', '198.51.100.77', 'AdminBrowser/1.0', 'user', ${learner.id}, '{"changed":["lastName"]}')`),
    );
    const cookie = await signInCookie(ctx.app, host, learner.email, PASSWORD);
    // A link on another site cannot make the browser download (and so log) an export in the person's name.
    const fromElsewhere = await ctx.app.inject({ method: 'GET', url: '/api/me/privacy/export', headers: { host, cookie, 'sec-fetch-site': 'cross-site' } });
    expect(fromElsewhere.statusCode).toBe(403);
    const res = await call('GET', '/api/me/privacy/export', cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="personal-data-\d{4}-\d{2}-\d{2}\.zip"/);
    const files = await unzip(res.rawPayload);
    expect(JSON.parse(files.get('profile.json')!)).toMatchObject({ email: learner.email, first_name: 'Grace', last_name: 'Hopper' });
    expect(files.get('account/sessions.csv')).toContain('ip');
    expect(files.get('learn/enrolments.csv')).toMatch(/Fire safety,passed,90/);
    expect(files.get('learn/certificates.csv')).toContain('Grace Hopper');
    expect(files.get('market/orders.csv')).toContain('ORD-GRACE');
    expect(files.get('market/order-lines.csv')).toContain('Course of ORD-GRACE');
    const everything = [...files.values()].join('\n');
    expect(files.get('account/audit-entries.csv') ?? everything).toContain('user.updated');
    expect(everything).not.toContain('198.51.100.77');
    expect(everything).not.toContain('AdminBrowser');
    expect(everything).not.toContain(other.email);
    expect(everything).not.toContain('ORD-ALAN');
    expect(everything).not.toContain('Turing');
  });

  it('is logged as a completed request and in the audit log; an administrator can run it for a user of the site', async () => {
    const res = await call('GET', `/api/admin/users/${other.id}/privacy-export`, adminCookie);
    expect(res.statusCode).toBe(200);
    const files = await unzip(res.rawPayload);
    expect(files.get('market/orders.csv')).toContain('ORD-ALAN');
    const requests = await call('GET', '/api/admin/privacy/requests?status=completed', adminCookie);
    expect(requests.json().requests).toEqual(expect.arrayContaining([expect.objectContaining({ subjectUserId: other.id, kind: 'export', status: 'completed' })]));
    const audit = await queryRows<{ target_id: string }>(ctx.db.owner, sql`select target_id from audit_events where action = 'privacy.exported' and tenant_id = ${tenantId}`);
    expect(audit.map((row) => row.target_id)).toEqual(expect.arrayContaining([learner.id, other.id]));
  });

  it("is refused, and logged, for another site's user", async () => {
    const res = await call('GET', `/api/admin/users/${foreign.userId}/privacy-export`, adminCookie);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('PRIVACY_USER_NOT_FOUND');
    const [refusal] = await queryRows<{ details: { kind: string } }>(ctx.db.owner, sql`select details from audit_events where action = 'privacy.refused' and target_id = ${foreign.userId} and tenant_id = ${tenantId}`);
    expect(refusal?.details.kind).toBe('export');
  });

  it('is not for learners to run on others', async () => {
    const cookie = await signInCookie(ctx.app, host, learner.email, PASSWORD);
    expect((await call('GET', `/api/admin/users/${other.id}/privacy-export`, cookie)).statusCode).toBe(403);
  });
});

describe('an erasure', () => {
  it('is requested by the person and carried out by an administrator; afterwards reports count the same, the person cannot sign in, and their address is nowhere in the site', async () => {
    const cookie = await signInCookie(ctx.app, host, learner.email, PASSWORD);
    const asked = await call('POST', '/api/me/privacy/erasure-request', cookie, {});
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({ kind: 'erasure', status: 'requested' });
    expect((await call('POST', '/api/me/privacy/erasure-request', cookie, {})).json().id).toBe(asked.json().id);
    const open = await call('GET', '/api/admin/privacy/requests?status=requested', adminCookie);
    expect(open.json().requests).toEqual([expect.objectContaining({ subjectUserId: learner.id, subjectEmail: learner.email, kind: 'erasure' })]);

    const reportBefore = (await call('GET', `/api/learn/reports/courses/${courseId}`, adminCookie)).json();
    const wrong = await call('POST', `/api/admin/users/${learner.id}/erase`, adminCookie, { confirmEmail: other.email });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('PRIVACY_CONFIRMATION_MISMATCH');

    const erased = await call('POST', `/api/admin/users/${learner.id}/erase`, adminCookie, { confirmEmail: learner.email.toUpperCase() });
    expect(erased.statusCode).toBe(204);

    const reportAfter = (await call('GET', `/api/learn/reports/courses/${courseId}`, adminCookie)).json();
    expect(reportAfter.counts).toEqual(reportBefore.counts);
    expect(reportAfter.total).toEqual(reportBefore.total);
    expect(JSON.stringify(reportAfter)).not.toContain('Hopper');

    // The request is answered and the audit log has the erasure, without the address.
    const requests = (await call('GET', '/api/admin/privacy/requests', adminCookie)).json().requests;
    expect(requests).toEqual(expect.arrayContaining([expect.objectContaining({ id: asked.json().id, status: 'completed', subjectName: 'Deleted person', subjectEmail: `erased-${learner.id}@invalid` })]));
    const [entry] = await queryRows<{ details: unknown }>(ctx.db.owner, sql`select details from audit_events where action = 'privacy.erased' and target_id = ${learner.id}`);
    expect(JSON.stringify(entry?.details)).not.toContain(learner.email);

    // No text or JSON column of the site holds the address or the name (an administrator's notice of
    // the request named her), apart from the documented legal retention.
    const kept = new Set(
      Object.entries(PERSONAL_DATA).flatMap(([table, columns]) => Object.entries(columns).flatMap(([column, value]) => (value.category === 'personal' && value.erasure === 'keep_legal' ? [`${table}.${column}`] : []))),
    );
    const textColumns = await queryRows<{ table_name: string; column_name: string }>(
      ctx.db.owner,
      sql`select c.table_name, c.column_name from information_schema.columns c join information_schema.columns t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.column_name = 'tenant_id'
           where c.table_schema = 'public' and c.data_type in ('text', 'jsonb', 'json', 'ARRAY', 'character varying') order by 1, 2`,
    );
    const found: string[] = [];
    for (const { table_name, column_name } of textColumns) {
      const [hit] = await queryRows<{ n: number }>(
        ctx.db.owner,
        sql`select count(*)::int as n from ${sql.identifier(table_name)} where tenant_id = ${tenantId} and (${sql.identifier(column_name)}::text ilike ${`%${learner.email}%`} or ${sql.identifier(column_name)}::text like '%Hopper%')`,
      );
      if ((hit?.n ?? 0) > 0 && !kept.has(`${table_name}.${column_name}`)) found.push(`${table_name}.${column_name}`);
    }
    expect(found).toEqual([]);
    // The order stays, as tax law requires.
    const [order] = await queryRows<{ buyer_email: string; confirmation_token_hash: string | null }>(ctx.db.owner, sql`select buyer_email, confirmation_token_hash from market_orders where reference = 'ORD-GRACE'`);
    expect(order).toEqual({ buyer_email: learner.email, confirmation_token_hash: null });
    const [certificate] = await queryRows<{ learner_name: string }>(ctx.db.owner, sql`select learner_name from certificates where user_id = ${learner.id}`);
    expect(certificate?.learner_name).toBe('Deleted person');
    // The old session is gone, and signing in again is refused (after the search: a failed sign-in is recorded for a while, as for any address).
    expect((await call('GET', '/api/me', cookie)).statusCode).toBe(401);
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host }, payload: { email: learner.email, password: PASSWORD } });
    expect(signIn.statusCode).toBe(401);

    // A second erasure has nothing left to do.
    const again = await call('POST', `/api/admin/users/${learner.id}/erase`, adminCookie, { confirmEmail: `erased-${learner.id}@invalid` });
    expect(again.json().error.code).toBe('PRIVACY_ALREADY_ERASED');
    // The tombstone cannot be brought back: not reactivated, readdressed or given a role.
    const revivals = [
      await call('POST', `/api/admin/users/${learner.id}/reactivate`, adminCookie, {}),
      await call('PATCH', `/api/admin/users/${learner.id}`, adminCookie, { email: 'new.owner@example.com' }),
      await call('PUT', `/api/admin/users/${learner.id}/roles`, adminCookie, { roles: ['admin'] }),
    ];
    expect(revivals.map((r) => [r.statusCode, r.json().error?.code])).toEqual(Array(3).fill([409, 'USER_ERASED']));
    const [tombstone] = await queryRows<{ email: string; status: string; roles: string[] }>(ctx.db.owner, sql`select email, status, roles from users where id = ${learner.id}`);
    expect(tombstone).toEqual({ email: `erased-${learner.id}@invalid`, status: 'deactivated', roles: ['learner'] });
  });

  it("is refused, and logged, for another site's user, who keeps their account", async () => {
    const res = await call('POST', `/api/admin/users/${foreign.userId}/erase`, adminCookie, { confirmEmail: 'someone@globex.test' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('PRIVACY_USER_NOT_FOUND');
    const [refusal] = await queryRows<{ details: { kind: string } }>(ctx.db.owner, sql`select details from audit_events where action = 'privacy.refused' and target_id = ${foreign.userId} and details->>'kind' = 'erasure'`);
    expect(refusal).toBeDefined();
    const [still] = await queryRows<{ email: string; status: string }>(ctx.db.owner, sql`select email, status from users where id = ${foreign.userId}`);
    expect(still).toEqual({ email: 'someone@globex.test', status: 'active' });
  });

  it('can be refused by an administrator with a reason; the person keeps their account and sees the answer', async () => {
    const cookie = await signInCookie(ctx.app, host, other.email, PASSWORD);
    const asked = (await call('POST', '/api/me/privacy/erasure-request', cookie, {})).json();
    const noReason = await call('POST', `/api/admin/privacy/requests/${asked.id}/reject`, adminCookie, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(JSON.stringify(noReason.json())).toContain('reason');
    const refused = await call('POST', `/api/admin/privacy/requests/${asked.id}/reject`, adminCookie, { reason: 'Contract still running' });
    expect(refused.statusCode).toBe(204);
    expect((await call('POST', `/api/admin/privacy/requests/${asked.id}/reject`, adminCookie, { reason: 'again' })).json().error.code).toBe('PRIVACY_REQUEST_NOT_FOUND');
    const own = (await call('GET', '/api/me/privacy/requests', cookie)).json().requests;
    expect(own).toEqual(expect.arrayContaining([expect.objectContaining({ id: asked.id, kind: 'erasure', status: 'rejected' })]));
    const [entry] = await queryRows<{ details: { reason: string } }>(ctx.db.owner, sql`select details from audit_events where action = 'privacy.erasure_rejected' and target_id = ${other.id}`);
    expect(entry?.details.reason).toBe('Contract still running');
    expect((await call('GET', '/api/me', cookie)).statusCode).toBe(200);
    // The administrators heard of the request in their bell, and the person hears the answer and its reason in theirs.
    const adminBell = (await call('GET', '/api/notifications', adminCookie)).json<{ notifications: { kind: string; params: Record<string, string>; link: string }[] }>().notifications;
    expect(adminBell).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'privacy.erasure_requested', link: '/privacy-requests' })]));
    const ownBell = (await call('GET', '/api/notifications', cookie)).json<{ notifications: { kind: string; params: Record<string, string>; link: string }[] }>().notifications;
    expect(ownBell).toEqual([expect.objectContaining({ kind: 'privacy.erasure_rejected', params: { reason: 'Contract still running' }, link: '/account#privacy' })]);
  });

  it('never erases the last administrator', async () => {
    const [admin] = await queryRows<{ id: string; email: string }>(ctx.db.owner, sql`select id, email from users where tenant_id = ${tenantId} and 'admin' = any(roles)`);
    const res = await call('POST', `/api/admin/users/${admin!.id}/erase`, adminCookie, { confirmEmail: admin!.email });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('USER_LAST_ADMIN');
  });

  it("leaves the person's name in no administrator's bell or data export, also where a notice was written before notices carried the person's id", async () => {
    type Bell = { notifications: { kind: string; params: Record<string, string> }[] };
    const person = async (firstName: string, lastName: string) => {
      const email = `${firstName}.${lastName}@acme.test`.toLowerCase();
      const id = (await createUser(ctx.db, tenantId, { email, firstName, lastName, roles: ['learner'], password: PASSWORD })).id;
      const cookie = await signInCookie(ctx.app, host, email, PASSWORD);
      expect((await call('POST', '/api/me/privacy/erasure-request', cookie, {})).statusCode).toBe(201);
      return { id, email };
    };
    const katherine = await person('Katherine', 'Johnson');
    // A notice as they were written before: the name alone.
    await ctx.db.owner.execute(sql`update in_app_notifications set params = params - 'personId' where params->>'personId' = ${katherine.id}`);
    const dorothy = await person('Dorothy', 'Vaughan');
    const mary = await person('Mary', 'Jackson');
    const bellBefore = (await call('GET', '/api/notifications', adminCookie)).json<Bell>().notifications;
    expect(bellBefore.filter((n) => n.kind === 'privacy.erasure_requested').map((n) => n.params.person)).toEqual(expect.arrayContaining(['Katherine Johnson', 'Dorothy Vaughan', 'Mary Jackson']));

    for (const erased of [katherine, dorothy]) expect((await call('POST', `/api/admin/users/${erased.id}/erase`, adminCookie, { confirmEmail: erased.email })).statusCode).toBe(204);

    const bell = (await call('GET', '/api/notifications', adminCookie)).json<Bell>().notifications;
    const exported = [...(await unzip((await call('GET', '/api/me/privacy/export', adminCookie)).rawPayload)).values()].join('\n');
    const stored = JSON.stringify(await queryRows(ctx.db.owner, sql`select params from in_app_notifications where tenant_id = ${tenantId}`));
    for (const name of ['Katherine', 'Johnson', 'Dorothy', 'Vaughan']) {
      expect(JSON.stringify(bell), name).not.toContain(name);
      expect(exported, name).not.toContain(name);
      expect(stored, name).not.toContain(name);
    }
    // The notices stay, naming the deleted person; a person who was not erased is still named.
    const requested = bell.filter((n) => n.kind === 'privacy.erasure_requested').map((n) => n.params);
    expect(requested).toEqual(expect.arrayContaining([{ person: 'Deleted person', personId: katherine.id }, { person: 'Deleted person', personId: dorothy.id }, { person: 'Mary Jackson', personId: mary.id }]));
    expect(exported).toContain('Mary Jackson');
  });

  it("takes the person's mails out of the queue: to their address, and the account's to any address, its new one too", async () => {
    const emmy = { email: 'emmy.noether@acme.test', id: '' };
    emmy.id = (await createUser(ctx.db, tenantId, { email: emmy.email, firstName: 'Emmy', lastName: 'Noether', roles: ['learner'], password: PASSWORD })).id;
    const cookie = await signInCookie(ctx.app, host, emmy.email, PASSWORD);
    // A change of address asked for (its job waits), and the confirmation to the new address that such a job queues.
    expect((await call('POST', '/api/me/email', cookie, { currentPassword: PASSWORD, newEmail: 'emmy@elsewhere.test' })).statusCode).toBe(202);
    await sendEmailChangeLink(ctx.db, flowOf(), emmy.id, 'emmy.n@elsewhere.test');
    await ctx.db.withTenant(tenantId, async (tx) => {
      // A notice sent to an address she had before, and a mail to her address in another capacity.
      await enqueueMail(tx, { to: 'e.noether@old.test', userId: emmy.id, template: 'password_reset', language: 'en', data: { tenantName: 'ACME', firstName: 'Emmy', link: 'http://acme.test/x' } });
      await enqueueRenderedMail(tx, { to: emmy.email, template: 'space.share_invitation', subject: 'Shared with you', text: 'A file', html: '<p>A file</p>' });
      await enqueueRenderedMail(tx, { to: other.email, userId: other.id, template: 'space.share_invitation', subject: 'Shared with you', text: 'A file', html: '<p>A file</p>' });
    });
    await ctx.db.owner.execute(sql`update jobs set done_at = now() where payload->>'to' = 'e.noether@old.test'`);
    const jobsNamingHer = () =>
      queryRows<{ kind: string }>(ctx.db.owner, sql`select kind from jobs where tenant_id = ${tenantId} and (payload::text ilike '%emmy%' or payload::text ilike '%noether%' or payload->>'userId' = ${emmy.id}) order by id`);
    expect((await jobsNamingHer()).map((job) => job.kind)).toEqual(['identity.email_change', 'mail.send', 'mail.send', 'mail.send']);

    expect((await call('POST', `/api/admin/users/${emmy.id}/erase`, adminCookie, { confirmEmail: emmy.email })).statusCode).toBe(204);
    expect(await jobsNamingHer()).toEqual([]);
    const [kept] = await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from jobs where tenant_id = ${tenantId} and payload->>'to' = ${other.email}`);
    expect(kept!.n).toBeGreaterThan(0);
  });

  it('clears the mail queue in its own transaction: once it has committed, nothing is left to do', async () => {
    const lise = (await createUser(ctx.db, tenantId, { email: 'lise.meitner@acme.test', firstName: 'Lise', lastName: 'Meitner', roles: ['learner'], password: PASSWORD })).id;
    await ctx.db.withTenant(tenantId, (tx) => enqueueRenderedMail(tx, { to: 'lise.meitner@acme.test', userId: lise, template: 'space.share_invitation', subject: 'Shared', text: 'A file', html: '<p>A file</p>' }));
    // A connection outside the erasure's transaction is not to be had (as after a crash right after its commit).
    const unreachable = new Proxy(ctx.db.owner, {
      get() {
        throw new Error('the erasure reached for a connection outside its transaction');
      },
    });
    const db: Db = { ...ctx.db, owner: unreachable };
    const [admin] = await queryRows<{ id: string }>(ctx.db.owner, sql`select id from users where tenant_id = ${tenantId} and 'admin' = any(roles)`);
    await expect(eraseUser(db, flowOf(), admin!.id, lise, 'lise.meitner@acme.test', [])).resolves.toBeUndefined();
    const left = await queryRows(ctx.db.owner, sql`select id from jobs where tenant_id = ${tenantId} and payload->>'userId' = ${lise}`);
    expect(left).toEqual([]);
  });

  it('forgets that the person lifted a ban: the ban stays lifted, by nobody named', async () => {
    const barbara = (await createUser(ctx.db, tenantId, { email: 'barbara.liskov@acme.test', firstName: 'Barbara', lastName: 'Liskov', roles: ['admin'], password: PASSWORD })).id;
    const cookie = await signInCookie(ctx.app, host, 'barbara.liskov@acme.test', PASSWORD);
    const [ban] = await queryRows<{ id: number }>(
      ctx.db.owner,
      sql`insert into guard_bans (tenant_id, scope, ip, reason, until) values (${tenantId}, 'ip', '198.51.100.77', 'failures', now() + interval '1 hour') returning id`,
    );
    expect((await call('DELETE', `/api/admin/security/bans/${ban!.id}`, cookie)).statusCode).toBe(204);
    const liftedBy = async () => (await queryRows<{ lifted_by: string | null; lifted: boolean }>(ctx.db.owner, sql`select lifted_by, lifted_at is not null as lifted from guard_bans where id = ${ban!.id}`))[0];
    expect(await liftedBy()).toEqual({ lifted_by: barbara, lifted: true });

    expect((await call('POST', `/api/admin/users/${barbara}/erase`, adminCookie, { confirmEmail: 'barbara.liskov@acme.test' })).statusCode).toBe(204);
    expect(await liftedBy()).toEqual({ lifted_by: null, lifted: true });
  });

  it('refuses an input without the confirmation, naming the field', async () => {
    const res = await call('POST', `/api/admin/users/${other.id}/erase`, adminCookie, {});
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('confirmEmail');
  });
});
