import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../../test/app.js';
import { engine } from '../../../../test/db.js';
import { queryRows } from '../../db/client.js';
import { createApiToken } from '../../identity/api-tokens/api-tokens.service.js';
import { createUser } from '../../identity/users.service.js';
import { runUseCase } from '../request-context.js';
import { decideItem } from './access-reviews.service.js';
import type { ReviewItemView, ReviewView } from './access-reviews.contract.js';

const client = { ip: '198.51.100.7', userAgent: 'vitest' };

describe(`access reviews (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let globex: Awaited<ReturnType<typeof createTenantWithUser>>;
  let adaCookie: string;
  let managerCookie: string;
  let learnerCookie: string;
  let globexCookie: string;
  let adaId: string;
  let bobId: string;
  let grantId: string;
  let token: string;
  let lrsKeyId: string;

  const get = (url: string, cookie: string, host = acme.host) => ctx.app.inject({ method: 'GET', url, headers: { host, cookie } });
  const post = (url: string, cookie: string, payload: object, host = acme.host) => ctx.app.inject({ method: 'POST', url, headers: { host, cookie }, payload });
  const decide = (review: string, item: string, decision: string, cookie = adaCookie, host = acme.host) =>
    post(`/api/admin/access/reviews/${review}/items/${item}/decision`, cookie, { decision }, host);
  const auditCount = (tenantId: string, action: string) =>
    queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from audit_events where tenant_id = ${tenantId} and action = ${action}`).then((rows) => rows[0]!.n);

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme-reviews');
    globex = await createTenantWithUser(ctx.db, 'globex-reviews');
    const tenantId = acme.tenant.id;
    bobId = (await createUser(ctx.db, tenantId, { email: 'bob@acme.test', firstName: 'Bob', lastName: 'Admin', roles: ['admin'], password: PASSWORD })).id;
    const mia = await createUser(ctx.db, tenantId, { email: 'mia@acme.test', firstName: 'Mia', lastName: 'Manager', roles: ['manager'], password: PASSWORD });
    await createUser(ctx.db, tenantId, { email: 'lea@acme.test', firstName: 'Lea', lastName: 'Learner', roles: ['learner'], password: PASSWORD });
    adaCookie = await signInCookie(ctx.app, acme.host, acme.email, PASSWORD);
    managerCookie = await signInCookie(ctx.app, acme.host, 'mia@acme.test', PASSWORD);
    learnerCookie = await signInCookie(ctx.app, acme.host, 'lea@acme.test', PASSWORD);
    globexCookie = await signInCookie(ctx.app, globex.host, globex.email, PASSWORD);
    adaId = (await queryRows<{ id: string }>(ctx.db.owner, sql`select id from users where tenant_id = ${tenantId} and email = ${acme.email}`))[0]!.id;

    // A staff member with a running grant and a session opened under it (only the operator side creates these).
    const staffId = (await queryRows<{ id: string }>(ctx.db.owner, sql`insert into staff_members (email, name) values ('sam@operator.test', 'Sam Support') returning id`))[0]!.id;
    grantId = (
      await queryRows<{ id: string }>(
        ctx.db.owner,
        sql`insert into staff_grants (tenant_id, staff_id, scope, reason, ticket, duration_minutes, status, starts_at, expires_at)
            values (${tenantId}, ${staffId}, 'admin', 'Import broken', 'T-42', 240, 'active', now(), now() + interval '4 hours') returning id`,
      )
    )[0]!.id;
    await ctx.db.owner.execute(
      sql`insert into staff_tenant_sessions (id_hash, tenant_id, grant_id, staff_id, expires_at) values ('h-sam', ${tenantId}, ${grantId}, ${staffId}, now() + interval '1 hour')`,
    );
    const created = await createApiToken(ctx.db, acme.tenant, mia, { name: 'Reporting', scopes: ['reports:read'] }, client);
    token = created.token;
    // LRS keys as the LRS stores them (the platform does not import the area; the area's module lists and revokes them).
    const lrsKey = (tenant: string, name: string, key: string, scope: string) =>
      queryRows<{ id: string }>(ctx.db.owner, sql`insert into lrs_keys (tenant_id, name, key, secret_hash, scopes) values (${tenant}, ${name}, ${key}, 'digest', array[${scope}]) returning id`);
    lrsKeyId = (await lrsKey(tenantId, 'Authoring tool', 'lrs_0123456789abcdef0123', 'statements/write'))[0]!.id;
    // A privilege of another site, which acme's report must never show.
    await lrsKey(globex.tenant.id, 'Globex tool', 'lrs_fedcba9876543210fedc', 'all');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('reports who holds which privilege, when it was last used, and which are unused', async () => {
    const res = await get('/api/admin/access/privileges', adaCookie);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.unusedDays).toBe(90);
    const rows = report.privileges.map((p: { kind: string; holder: string; privilege: string; unused: boolean }) => `${p.kind} | ${p.holder} | ${p.privilege} | ${p.unused ? 'unused' : 'used'}`);
    expect(rows.sort()).toEqual(
      [
        'api_token | Mia Manager <mia@acme.test> | Reporting: reports:read | unused',
        'lrs_key | Authoring tool (lrs_0123456789abcdef0123) | statements/write | unused',
        `role | Ada acme-reviews <${acme.email}> | admin | used`,
        'role | Bob Admin <bob@acme.test> | admin | unused',
        'role | Mia Manager <mia@acme.test> | manager | used',
        'staff_grant | Sam Support <sam@operator.test> | admin | unused',
      ].sort(),
    );
    const ada = report.privileges.find((p: { holder: string }) => p.holder.includes(acme.email));
    expect(Date.now() - Date.parse(ada.lastUsedAt)).toBeLessThan(60_000);
    const unusedOnly = (await get('/api/admin/access/privileges?unusedOnly=true', adaCookie)).json();
    expect(unusedOnly.privileges.every((p: { unused: boolean }) => p.unused)).toBe(true);
    expect(unusedOnly.privileges).toHaveLength(4);
  });

  it('refuses the report to managers and learners, and a bad number of days with the field named', async () => {
    expect((await get('/api/admin/access/privileges', managerCookie)).statusCode).toBe(403);
    expect((await get('/api/admin/access/privileges', learnerCookie)).json().error.code).toBe('AUTH_FORBIDDEN');
    const bad = await get('/api/admin/access/privileges?unusedDays=0', adaCookie);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['query.unusedDays']);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/admin/access/privileges/export', headers: { host: acme.host, authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('exports the report as CSV in the reader’s language, and logs the export', async () => {
    const res = await get('/api/admin/access/privileges/export?lang=de', adaCookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Art;Inhaber;Berechtigung;Läuft ab (UTC);Zuletzt genutzt (UTC);Ungenutzt');
    expect(lines).toHaveLength(7);
    expect(lines.find((l) => l.startsWith('Zugriff des Betreibers'))).toMatch(/Sam Support <sam@operator.test>;admin;\d{4}-\d\d-\d\d \d\d:\d\d;nie;ja$/);
    expect(await auditCount(acme.tenant.id, 'access_review.report_exported')).toBe(1);
  });

  describe('a review', () => {
    let review: ReviewView;
    const item = (kind: string, privilege?: string): ReviewItemView => review.items.find((i) => i.kind === kind && (privilege === undefined || i.privilege === privilege) && (kind !== 'role' || privilege !== 'admin' || i.subjectId === bobId))!;
    const ownAdminItem = () => review.items.find((i) => i.kind === 'role' && i.subjectId === adaId)!;

    it('starts with every privilege as an entry, due in 14 days, and only one at a time', async () => {
      const res = await post('/api/admin/access/reviews', adaCookie, {});
      expect(res.statusCode).toBe(201);
      review = res.json();
      expect(review.items).toHaveLength(6);
      expect(review.items.every((i) => i.decision === null)).toBe(true);
      expect(review.review).toMatchObject({ total: 6, decided: 0, completedAt: null, overdue: false, unusedDays: 90, startedBy: 'Ada acme-reviews' });
      expect(Date.parse(review.review.dueAt) - Date.parse(review.review.startedAt)).toBeCloseTo(14 * 86_400_000, -4);
      expect((await post('/api/admin/access/reviews', adaCookie, {})).json().error.code).toBe('ACCESS_REVIEW_ALREADY_OPEN');
      expect(await auditCount(acme.tenant.id, 'access_review.started')).toBe(1);
    });

    it('is neither shown nor decided for a manager, a learner or another site', async () => {
      expect((await get(`/api/admin/access/reviews/${review.review.id}`, learnerCookie)).statusCode).toBe(403);
      expect((await decide(review.review.id, item('api_token').id, 'revoked', managerCookie)).statusCode).toBe(403);
      expect((await get(`/api/admin/access/reviews/${review.review.id}`, globexCookie, globex.host)).json().error.code).toBe('ACCESS_REVIEW_NOT_FOUND');
      const guessed = await decide(review.review.id, item('api_token').id, 'revoked', globexCookie, globex.host);
      expect(guessed.statusCode).toBe(404);
      expect(guessed.json().error.code).toBe('ACCESS_REVIEW_NOT_FOUND');
      // Nothing changed: the token still works, the entry is open.
      expect((await ctx.app.inject({ method: 'GET', url: '/api/me', headers: { host: acme.host, authorization: `Bearer ${token}` } })).statusCode).toBe(200);
      expect((await get(`/api/admin/access/reviews/${review.review.id}`, adaCookie)).json().review.decided).toBe(0);
      // An entry of one review under another review's id is not found either.
      expect((await decide(review.review.id, review.review.id, 'confirmed')).json().error.code).toBe('ACCESS_REVIEW_ITEM_NOT_FOUND');
      expect((await decide(review.review.id, item('api_token').id, 'maybe')).json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'decision' }] });
    });

    it('refuses revoking one’s own admin role, and records nothing', async () => {
      const res = await decide(review.review.id, ownAdminItem().id, 'revoked');
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('USER_CANNOT_CHANGE_SELF');
      const after = (await get(`/api/admin/access/reviews/${review.review.id}`, adaCookie)).json() as ReviewView;
      expect(after.items.find((i) => i.id === ownAdminItem().id)!.decision).toBeNull();
      expect((await get('/api/admin/access/privileges', adaCookie)).statusCode).toBe(200);
    });

    it('confirms an entry once; deciding it again is refused', async () => {
      const res = await decide(review.review.id, ownAdminItem().id, 'confirmed');
      expect(res.statusCode).toBe(200);
      expect(res.json().item).toMatchObject({ decision: 'confirmed', decidedBy: 'Ada acme-reviews' });
      expect(res.json().review.decided).toBe(1);
      const again = await decide(review.review.id, ownAdminItem().id, 'revoked');
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('ACCESS_REVIEW_ITEM_DECIDED');
    });

    it('revoking ends the privilege itself', async () => {
      expect((await decide(review.review.id, item('staff_grant').id, 'revoked')).statusCode).toBe(200);
      const [grant] = await queryRows<{ status: string; revoked_by: string }>(ctx.db.owner, sql`select status, revoked_by from staff_grants where id = ${grantId}`);
      expect(grant).toEqual({ status: 'revoked', revoked_by: `user:${adaId}` });
      expect(await queryRows(ctx.db.owner, sql`select 1 from staff_tenant_sessions where grant_id = ${grantId} and ended_at is null`)).toHaveLength(0);
      // The site's transparency log shows who ended the grant.
      const ended = await queryRows<{ actor_user_id: string }>(ctx.db.owner, sql`select actor_user_id from audit_events where action = 'staff.grant_revoked' and staff_grant_id = ${grantId}`);
      expect(ended).toEqual([{ actor_user_id: adaId }]);

      expect((await decide(review.review.id, item('api_token').id, 'revoked')).statusCode).toBe(200);
      expect((await ctx.app.inject({ method: 'GET', url: '/api/me', headers: { host: acme.host, authorization: `Bearer ${token}` } })).statusCode).toBe(401);

      // The LRS key was revoked on the LRS page meanwhile: the review records it as gone already, and it is not revoked (or audited) twice.
      const onLrsPage = await ctx.app.inject({ method: 'DELETE', url: `/api/lrs/keys/${lrsKeyId}`, headers: { host: acme.host, cookie: adaCookie } });
      expect(onLrsPage.statusCode).toBe(204);
      expect((await decide(review.review.id, item('lrs_key').id, 'revoked')).statusCode).toBe(200);
      const [key] = await queryRows<{ revoked: boolean }>(ctx.db.owner, sql`select revoked_at is not null as revoked from lrs_keys where id = ${lrsKeyId}`);
      expect(key!.revoked).toBe(true);
      const [keyDecision] = await queryRows<{ effect: string }>(
        ctx.db.owner,
        sql`select details->>'effect' as effect from audit_events where tenant_id = ${acme.tenant.id} and action = 'access_review.item_revoked' and details->>'kind' = 'lrs_key'`,
      );
      expect(keyDecision!.effect).toBe('already_gone');

      const bobCookie = await signInCookie(ctx.app, acme.host, 'bob@acme.test', PASSWORD);
      expect((await decide(review.review.id, item('role', 'admin').id, 'revoked')).statusCode).toBe(200);
      const [bob] = await queryRows<{ roles: string[] }>(ctx.db.owner, sql`select roles from users where id = ${bobId}`);
      expect(bob!.roles).toEqual(['learner']);
      // Bob's session ended with the role.
      expect((await get('/api/auth/session', bobCookie)).statusCode).toBe(401);
      expect(await auditCount(acme.tenant.id, 'access_review.item_revoked')).toBe(4);
      expect(await auditCount(acme.tenant.id, 'api_token.revoked')).toBe(1);
      expect(await auditCount(acme.tenant.id, 'lrs_key.revoked')).toBe(1);
      expect(await auditCount(acme.tenant.id, 'user.roles_changed')).toBe(1);
    });

    it('completes with the last decision, and the report shows what is left', async () => {
      const res = await decide(review.review.id, item('role', 'manager').id, 'confirmed');
      expect(res.json().review).toMatchObject({ total: 6, decided: 6 });
      expect(res.json().review.completedAt).not.toBeNull();
      expect(await auditCount(acme.tenant.id, 'access_review.completed')).toBe(1);
      expect(await auditCount(acme.tenant.id, 'access_review.item_confirmed')).toBe(2);
      const list = (await get('/api/admin/access/reviews', adaCookie)).json();
      expect(list.reviews).toHaveLength(1);
      expect(list.reviews[0]).toMatchObject({ id: review.review.id, decided: 6, total: 6 });
      const report = (await get('/api/admin/access/privileges', adaCookie)).json();
      expect(report.privileges.map((p: { kind: string; privilege: string }) => `${p.kind}:${p.privilege}`).sort()).toEqual(['role:admin', 'role:manager']);
      // A new review may start once the last is done.
      expect((await post('/api/admin/access/reviews', adaCookie, { dueInDays: 3, unusedDays: 30 })).statusCode).toBe(201);
    });

    it('keeps the site’s last administrator, even for a reviewer who is not one of its users', async () => {
      const solo = await createTenantWithUser(ctx.db, 'solo-reviews');
      const soloCookie = await signInCookie(ctx.app, solo.host, solo.email, PASSWORD);
      const started = (await post('/api/admin/access/reviews', soloCookie, {}, solo.host)).json() as ReviewView;
      const only = started.items.find((i) => i.kind === 'role')!;
      // Someone acting with the admin role who is not the site's administrator (as operator staff under an admin grant would).
      const reviewerId = randomUUID();
      const reviewer = { id: reviewerId, tenantId: solo.tenant.id, email: 'staff@operator.test', firstName: 'Sam', lastName: 'Staff', roles: ['admin' as const], status: 'active' as const, passwordChangeRequired: false };
      const context = { tenant: solo.tenant, actor: { kind: 'user' as const, userId: reviewerId, roles: ['admin' as const] }, user: reviewer, client, requestId: 'r-1' };
      await expect(runUseCase(ctx.db, context, (useCase) => decideItem(useCase, [], started.review.id, only.id, { decision: 'revoked' }))).rejects.toMatchObject({ code: 'USER_LAST_ADMIN' });
      const [roles] = await queryRows<{ roles: string[] }>(ctx.db.owner, sql`select roles from users where id = ${only.subjectId}`);
      expect(roles!.roles).toEqual(['admin']);
      expect((await get(`/api/admin/access/reviews/${started.review.id}`, soloCookie, solo.host)).json().review.decided).toBe(0);
    });

    it('refuses a due date out of range with the field named', async () => {
      const res = await post('/api/admin/access/reviews', globexCookie, { dueInDays: 0 }, globex.host);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['dueInDays']);
      expect(await auditCount(globex.tenant.id, 'access_review.started')).toBe(0);
    });
  });
});
