import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { startOfAFreshMinute } from '../../../test/fresh-minute.js';
import { createScormCourse, enrolDirectly } from '../../../test/learn-fixtures.js';
import { queryRows } from '../../platform/db/client.js';
import { domainEventJobHandlers } from '../../platform/events/event-handlers.js';
import { DOMAIN_EVENT_JOB } from '../../platform/events/domain-events.js';
import { createUser } from '../../platform/identity/users.service.js';
import type { Tenant } from '../../platform/tenancy/tenants.repository.js';
import { learnModule } from '../learn.module.js';
import { activity, cluster } from '../progress/activity-tree.test-support.js';
import { recordProgress } from '../progress/record-progress.js';
import { certificateEventHandlers } from './certificate-events.js';
import type { CertificateView } from './certificates.contract.js';
import { pdfTextLines } from '../../../test/pdf-text.js';

const TREE = cluster('https://example.test/course', [activity('https://example.test/au/one')]);
const CODE_CHECKS_PER_MINUTE = 5;

describe(`certificates (${engine})`, () => {
  let ctx: TestContext;
  let tenant: Tenant;
  let host: string;
  let adminCookie: string;
  let otherSite: { host: string; cookie: string };
  let courseId: string;
  let versionId: string;
  let learners = 0;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_RATE_LIMIT_CODE_CHECKS_PER_MINUTE: String(CODE_CHECKS_PER_MINUTE) } });
    const site = await createTenantWithUser(ctx.db, 'certs');
    ({ tenant, host } = site);
    adminCookie = await signInCookie(ctx.app, host, site.email, PASSWORD);
    ({ courseId, versionId } = await createScormCourse(ctx.db, tenant.id, { title: 'Brandschutz für Einsteiger' }));
    const other = await createTenantWithUser(ctx.db, 'certs-other');
    otherSite = { host: other.host, cookie: await signInCookie(ctx.app, other.host, other.email, PASSWORD) };
  });
  afterAll(() => ctx.close());
  afterEach(() => vi.useRealTimers());

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string | null, payload?: unknown, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url, headers: { host, ...(cookie ? { cookie } : {}), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });

  const setTemplate = (payload: unknown, cookie = adminCookie) => api('PUT', `/api/learn/courses/${courseId}/certificate-settings`, cookie, payload);

  /** A learner enrolled in the course with an open attempt, signed in. */
  async function newLearner(firstName = 'Lea', lastName?: string, language: 'de' | 'en' = 'de') {
    learners += 1;
    const email = `learner${learners}@certs.test`;
    const user = await createUser(ctx.db, tenant.id, { email, firstName, lastName: lastName ?? `Rner${learners}`, roles: ['learner'], password: PASSWORD });
    await ctx.db.withTenant(tenant.id, (tx) => tx.execute(sql`update users set language = ${language} where id = ${user.id}`));
    const enrolmentId = await enrolDirectly(ctx.db, tenant.id, courseId, user.id);
    const [attempt] = await ctx.db.withTenant(tenant.id, (tx) =>
      queryRows<{ id: string }>(tx, sql`insert into attempts (enrolment_id, version_id, number, status) values (${enrolmentId}, ${versionId}, 1, 'in_progress') returning id`),
    );
    return { userId: user.id, enrolmentId, attemptId: attempt!.id, cookie: await signInCookie(ctx.app, host, email, PASSWORD) };
  }

  /** The learner passes the course (as an xAPI/cmi5 statement or a SCORM commit would report it). */
  async function pass(attemptId: string, scorePercent = 87.5) {
    await ctx.db.withTenant(tenant.id, (tx) =>
      recordProgress({ tx }, {
        attemptId,
        tree: TREE,
        observations: [{ activityId: 'https://example.test/au/one', seq: Date.now(), result: { completion: 'completed', success: 'passed', scorePercent, progressMeasure: null, totalTimeSeconds: 60 }, payload: {} }],
      }),
    );
  }

  /** Delivers the completion events of an enrolment as the job worker would (again, when they were delivered before). */
  async function deliverCompletion(enrolmentId: string, completions = 1) {
    const jobs = await queryRows<{ id: number; payload: Record<string, unknown> }>(
      ctx.db.owner,
      sql`select id, payload from jobs where kind = ${DOMAIN_EVENT_JOB} and payload->>'name' = 'learn.enrolment.completed' and payload->'data'->>'enrolmentId' = ${enrolmentId}`,
    );
    expect(jobs).toHaveLength(completions);
    const deliver = domainEventJobHandlers(ctx.db, [...learnModule.eventHandlers!])[DOMAIN_EVENT_JOB]!;
    for (const job of jobs) await deliver(job.payload, { id: Number(job.id), kind: DOMAIN_EVENT_JOB, tenantId: tenant.id, attempts: 1, maxAttempts: 5 });
    return jobs;
  }

  /** The learner's bell, newest first, as the API shows it. */
  const bellOf = async (cookie: string) =>
    ((await api('GET', '/api/notifications', cookie)).json().notifications as { kind: string; params: object; link: string }[]).map(({ kind, params, link }) => ({ kind, params, link }));

  const certificatesOf = (enrolmentId: string) =>
    ctx.db.withTenant(tenant.id, (tx) => queryRows<{ id: string; code: string; revoked_at: Date | null }>(tx, sql`select id, code, revoked_at from certificates where enrolment_id = ${enrolmentId}`));

  const myCertificates = async (cookie: string) => (await api('GET', '/api/learn/me/certificates', cookie)).json().certificates as CertificateView[];
  const claimableOf = async (cookie: string) => (await api('GET', '/api/learn/me/certificates', cookie)).json().claimable as unknown[];

  const auditOf = (action: string) =>
    ctx.db.withTenant(tenant.id, (tx) => queryRows<{ target_id: string; actor_user_id: string | null; details: Record<string, unknown> }>(tx, sql`select target_id, actor_user_id, details from audit_events where action = ${action} order by id`));

  it('is off by default; those who edit the course switch it on with a heading and text, checked and audited', async () => {
    const initial = await api('GET', `/api/learn/courses/${courseId}/certificate-settings`, adminCookie);
    expect(initial.statusCode).toBe(200);
    expect(initial.json()).toMatchObject({ courseId, enabled: false, heading: null, body: null, updatedAt: null });

    const tooLong = await setTemplate({ enabled: true, heading: 'x'.repeat(121) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.fields).toEqual([expect.objectContaining({ field: 'heading' })]);
    const hidden = await api('PUT', `/api/learn/courses/${courseId}/certificate-settings`, adminCookie, { enabled: true, body: 'Gut gemacht\u202E!' }, { 'accept-language': 'de' });
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json().error.fields).toEqual([expect.objectContaining({ field: 'body', message: expect.stringContaining('Zertifikatstext') })]);
    const bodyTooLong = await setTemplate({ enabled: true, body: 'y'.repeat(1001) });
    expect(bodyTooLong.json().error.fields).toEqual([expect.objectContaining({ field: 'body' })]);
    // Nothing was stored by the refused requests.
    expect((await api('GET', `/api/learn/courses/${courseId}/certificate-settings`, adminCookie)).json().enabled).toBe(false);

    const unknownCourse = await api('PUT', '/api/learn/courses/00000000-0000-4000-8000-000000000000/certificate-settings', adminCookie, { enabled: true });
    expect(unknownCourse.statusCode).toBe(404);
    expect(unknownCourse.json().error.code).toBe('LEARN_COURSE_NOT_FOUND');

    const saved = await setTemplate({ enabled: true, heading: '  Zertifikat  ', body: '' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ enabled: true, heading: 'Zertifikat', body: null });
    expect((await auditOf('course.certificate_changed')).at(-1)).toMatchObject({ target_id: courseId, details: { enabled: true, heading: 'Zertifikat', hasBody: false } });

    const learner = await newLearner();
    expect((await setTemplate({ enabled: false }, learner.cookie)).statusCode).toBe(403);
    expect((await api('GET', `/api/learn/courses/${courseId}/certificate-settings`, adminCookie)).json().enabled).toBe(true);
  });

  it('a completion before the certificate was switched on issues none; the learner gets it on request once it is on', async () => {
    await setTemplate({ enabled: false });
    const learner = await newLearner('Otto', 'Früh');
    await pass(learner.attemptId);
    await deliverCompletion(learner.enrolmentId);
    expect(await certificatesOf(learner.enrolmentId)).toHaveLength(0);

    const offered = await api('POST', `/api/learn/me/enrolments/${learner.enrolmentId}/certificate`, learner.cookie);
    expect(offered.statusCode).toBe(409);
    expect(offered.json().error.code).toBe('LEARN_CERTIFICATE_NOT_OFFERED');

    expect(await claimableOf(learner.cookie)).toEqual([]);
    await setTemplate({ enabled: true });
    expect(await claimableOf(learner.cookie)).toEqual([{ enrolmentId: learner.enrolmentId, courseId, courseTitle: 'Brandschutz für Einsteiger' }]);
    const requested = await api('POST', `/api/learn/me/enrolments/${learner.enrolmentId}/certificate`, learner.cookie);
    expect(requested.statusCode).toBe(201);
    expect(requested.json()).toMatchObject({ created: true, certificate: { learnerName: 'Otto Früh', courseTitle: 'Brandschutz für Einsteiger', status: 'passed', scorePercent: 87.5, state: 'valid' } });
    const again = await api('POST', `/api/learn/me/enrolments/${learner.enrolmentId}/certificate`, learner.cookie);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, certificate: { id: requested.json().certificate.id } });
    expect(await certificatesOf(learner.enrolmentId)).toHaveLength(1);
    expect(await claimableOf(learner.cookie)).toEqual([]);
  });

  it('refuses a certificate for a course not completed, and another learner\'s enrolment is not found', async () => {
    await setTemplate({ enabled: true });
    const learner = await newLearner();
    const refused = await api('POST', `/api/learn/me/enrolments/${learner.enrolmentId}/certificate`, learner.cookie, undefined, { 'accept-language': 'en' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'LEARN_CERTIFICATE_NOT_COMPLETED', fields: [expect.objectContaining({ field: 'enrolmentId' })] });
    expect(refused.json().error.message).toContain('completed course');
    expect(await certificatesOf(learner.enrolmentId)).toHaveLength(0);

    const other = await newLearner();
    await pass(other.attemptId);
    const notTheirs = await api('POST', `/api/learn/me/enrolments/${other.enrolmentId}/certificate`, learner.cookie);
    expect(notTheirs.statusCode).toBe(404);
    expect(notTheirs.json().error.code).toBe('LEARN_ENROLMENT_NOT_FOUND');
  });

  it('is issued once when the enrolment completes, however often the event is delivered', async () => {
    await setTemplate({ enabled: true, heading: 'Zertifikat Brandschutz', body: 'Sicher im Umgang mit Feuerlöschern.' });
    const learner = await newLearner('Jürgen', 'Łukasz-Дмитрий');
    await pass(learner.attemptId, 92.5);
    const [job] = await deliverCompletion(learner.enrolmentId);
    await deliverCompletion(learner.enrolmentId);
    // Even a handler run that bypasses the delivery record issues nothing new (one certificate per completion).
    const handler = certificateEventHandlers[0]!;
    await ctx.db.withTenant(tenant.id, (tx) =>
      handler.handle({ id: String(job!.payload.id), name: 'learn.enrolment.completed', occurredAt: new Date().toISOString(), tenantId: tenant.id, data: (job!.payload as { data: Record<string, unknown> }).data }, tx),
    );
    const rows = await certificatesOf(learner.enrolmentId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect((await auditOf('certificate.issued')).filter((e) => e.target_id === rows[0]!.id)).toHaveLength(1);

    const [mine] = await myCertificates(learner.cookie);
    expect(mine).toMatchObject({ learnerName: 'Jürgen Łukasz-Дмитрий', courseTitle: 'Brandschutz für Einsteiger', status: 'passed', scorePercent: 92.5, state: 'valid' });
    expect(mine!.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(mine!.verifyUrl).toBe(`${ctx.app.siteUrlOf(tenant)}/verify/${mine!.code}`);
    // The learner's bell tells them once.
    expect(await bellOf(learner.cookie)).toEqual([{ kind: 'learn.certificate_issued', params: { courseTitle: 'Brandschutz für Einsteiger' }, link: '/my-courses#certificates' }]);
  });

  it('downloads as a real PDF in the learner\'s language with the names, the course, the code and the verification address; only by its learner', async () => {
    await setTemplate({ enabled: true, heading: 'Zertifikat Brandschutz', body: 'Sicher im Umgang mit Feuerlöschern.' });
    const learner = await newLearner('Jürgen', 'Größe-Ωmega');
    await pass(learner.attemptId, 92.5);
    await deliverCompletion(learner.enrolmentId);
    const [mine] = await myCertificates(learner.cookie);
    const url = `/api/learn/me/certificates/${mine!.id}/pdf`;

    const res = await api('GET', url, learner.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="certificate-brandschutz-fur-einsteiger-[0-9A-Z-]+\.pdf"/);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const lines = pdfTextLines(res.rawPayload);
    expect(lines).toContain('Jürgen Größe-Ωmega');
    expect(lines).toContain('Brandschutz für Einsteiger');
    expect(lines).toContain('CERTS');
    expect(lines).toContain('Zertifikat Brandschutz');
    expect(lines).toContain('Sicher im Umgang mit Feuerlöschern.');
    expect(lines).toContain(`Prüfcode: ${mine!.code}`);
    expect(lines).toContain(mine!.verifyUrl);
    expect(lines.some((line) => line.includes('92,5 %'))).toBe(true);
    expect(lines.join('\n')).not.toContain('\uFFFD');

    // Another learner, an administrator of the site (it is not theirs) and another site's administrator: not found.
    const other = await newLearner();
    for (const [cookie, siteHost] of [[other.cookie, host], [adminCookie, host], [otherSite.cookie, otherSite.host]] as const) {
      const refused = await ctx.app.inject({ method: 'GET', url, headers: { host: siteHost, cookie } });
      expect(refused.statusCode).toBe(404);
      expect(refused.json().error.code).toBe('LEARN_CERTIFICATE_NOT_FOUND');
    }
    expect((await ctx.app.inject({ method: 'GET', url, headers: { host } })).statusCode).toBe(401);
  });

  it('an English learner\'s certificate is in English', async () => {
    await setTemplate({ enabled: true });
    const learner = await newLearner('Anna', 'Smith', 'en');
    await pass(learner.attemptId, 80);
    await deliverCompletion(learner.enrolmentId);
    const [mine] = await myCertificates(learner.cookie);
    const lines = pdfTextLines((await api('GET', `/api/learn/me/certificates/${mine!.id}/pdf`, learner.cookie)).rawPayload);
    expect(lines).toContain('Anna Smith');
    expect(lines).toContain('has successfully passed the course');
    expect(lines).toContain(`Verification code: ${mine!.code}`);
  });

  it('verifies publicly: a valid code shows whom, what and when; unknown, malformed, other sites\' and revoked codes get one and the same answer', async () => {
    await setTemplate({ enabled: true });
    const learner = await newLearner('Vera', 'Prüfer');
    await pass(learner.attemptId);
    await deliverCompletion(learner.enrolmentId);
    const [mine] = await myCertificates(learner.cookie);

    const verify = (code: string, address = '198.51.100.1', siteHost = host) =>
      ctx.app.inject({ method: 'GET', url: `/api/learn/certificates/verify/${encodeURIComponent(code)}`, remoteAddress: address, headers: { host: siteHost, 'accept-language': 'en' } });
    startOfAFreshMinute();
    const valid = await verify(mine!.code.toLowerCase());
    expect(valid.statusCode).toBe(200);
    expect(valid.json()).toEqual({
      valid: true,
      subject: 'course',
      code: mine!.code,
      learnerName: 'Vera Prüfer',
      courseTitle: 'Brandschutz für Einsteiger',
      siteName: 'CERTS',
      completedAt: mine!.completedAt,
      issuedAt: mine!.issuedAt,
      scorePercent: 87.5,
    });

    const answerOf = (res: Awaited<ReturnType<typeof verify>>) => {
      const { requestId, ...error } = res.json().error;
      expect(requestId).toEqual(expect.any(String));
      return { status: res.statusCode, body: { error } };
    };
    const unknown = answerOf(await verify('ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ'));
    expect(unknown).toEqual({ status: 404, body: { error: { code: 'LEARN_CERTIFICATE_NOT_VALID', message: expect.stringContaining('No valid certificate') } } });
    expect(answerOf(await verify('not a code at all'))).toEqual(unknown);
    expect(answerOf(await verify(mine!.code, '198.51.100.2', otherSite.host))).toEqual(unknown);

    // Revoked by an administrator (a reason is required), audited; then not valid, and no longer downloadable.
    const revokeUrl = `/api/learn/certificates/${mine!.id}/revoke`;
    expect((await api('POST', revokeUrl, learner.cookie, { reason: 'mine' })).statusCode).toBe(403);
    const noReason = await api('POST', revokeUrl, adminCookie, { reason: '   ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    const revoked = await api('POST', revokeUrl, adminCookie, { reason: 'Prüfung wiederholt: Täuschungsversuch' });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ state: 'revoked', revokeReason: 'Prüfung wiederholt: Täuschungsversuch' });
    expect((await auditOf('certificate.revoked')).find((e) => e.target_id === mine!.id)).toMatchObject({ details: expect.objectContaining({ reason: 'Prüfung wiederholt: Täuschungsversuch', code: mine!.code }) });
    const twice = await api('POST', revokeUrl, adminCookie, { reason: 'again' });
    expect(twice.statusCode).toBe(410);
    expect(twice.json().error.code).toBe('LEARN_CERTIFICATE_REVOKED');

    expect(answerOf(await verify(mine!.code))).toEqual(unknown);
    const download = await api('GET', `/api/learn/me/certificates/${mine!.id}/pdf`, learner.cookie);
    expect(download.statusCode).toBe(410);
    expect(download.json().error.code).toBe('LEARN_CERTIFICATE_REVOKED');
    expect((await myCertificates(learner.cookie))[0]).toMatchObject({ state: 'revoked' });
    // The learner hears of it in the bell (without the administrator's reason, which is for the records).
    expect((await bellOf(learner.cookie))[0]).toEqual({ kind: 'learn.certificate_revoked', params: { courseTitle: 'Brandschutz für Einsteiger' }, link: '/my-courses#certificates' });
    // Asking again for the same completion does not bring it back.
    expect((await api('POST', `/api/learn/me/enrolments/${learner.enrolmentId}/certificate`, learner.cookie)).statusCode).toBe(410);

    // The course's administrators see it among the course's certificates, revoked.
    const list = await api('GET', `/api/learn/courses/${courseId}/certificates`, adminCookie);
    expect(list.json().certificates.find((c: CertificateView) => c.id === mine!.id)).toMatchObject({ state: 'revoked', learnerName: 'Vera Prüfer' });
    expect((await api('GET', `/api/learn/courses/${courseId}/certificates`, learner.cookie)).statusCode).toBe(403);

    // After a reset, a new completion earns a new certificate with a new code; the revoked one stays revoked.
    expect((await api('POST', `/api/learn/enrolments/${learner.enrolmentId}/reset`, adminCookie)).statusCode).toBe(200);
    const [second] = await ctx.db.withTenant(tenant.id, (tx) =>
      queryRows<{ id: string }>(tx, sql`insert into attempts (enrolment_id, version_id, number, status) values (${learner.enrolmentId}, ${versionId}, 2, 'in_progress') returning id`),
    );
    await pass(second!.id, 95);
    await deliverCompletion(learner.enrolmentId, 2);
    const rows = await certificatesOf(learner.enrolmentId);
    expect(rows.map((row) => row.revoked_at === null).sort()).toEqual([false, true]);
    const renewed = (await myCertificates(learner.cookie)).find((c) => c.state === 'valid' && c.enrolmentId === learner.enrolmentId);
    expect(renewed).toMatchObject({ scorePercent: 95 });
    expect(renewed!.code).not.toBe(mine!.code);
    expect((await verify(renewed!.code, '198.51.100.3')).statusCode).toBe(200);
    expect(answerOf(await verify(mine!.code, '198.51.100.3'))).toEqual(unknown);
  });

  it('limits verification attempts per address, signed in or not, with 429 and Retry-After', async () => {
    startOfAFreshMinute();
    const verify = (address: string, cookie?: string) =>
      ctx.app.inject({ method: 'GET', url: '/api/learn/certificates/verify/ABCDE-01234-56789-FGHJK', remoteAddress: address, headers: { host, 'accept-language': 'de', ...(cookie ? { cookie } : {}) } });
    for (let i = 0; i < CODE_CHECKS_PER_MINUTE; i++) expect((await verify('203.0.113.50')).statusCode).toBe(404);
    const limited = await verify('203.0.113.50');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error).toMatchObject({ code: 'HTTP_RATE_LIMITED', message: expect.stringContaining('Zu viele Anfragen') });
    // A session does not lift the limit of the address.
    expect((await verify('203.0.113.50', adminCookie)).statusCode).toBe(429);
    // Another address is not affected.
    expect((await verify('203.0.113.51')).statusCode).toBe(404);
  });

  it('gives those who edit the course a preview PDF of the template, marked as such', async () => {
    await setTemplate({ enabled: true, heading: 'Nachweis', body: null });
    const res = await api('GET', `/api/learn/courses/${courseId}/certificate-preview?lang=en`, adminCookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = pdfTextLines(res.rawPayload);
    expect(lines).toContain('Nachweis');
    expect(lines).toContain('Ada certs');
    expect(lines).toContain('PREVIEW — not a valid certificate');
  });

  it('carries the site\'s branded name when it has one', async () => {
    const brand = (siteName: string) => ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host, cookie: adminCookie }, payload: { branding: { siteName } } });
    expect((await brand('Certs Academy')).statusCode).toBe(200);
    try {
      await setTemplate({ enabled: true });
      const learner = await newLearner('Bea', 'Brand', 'en');
      await pass(learner.attemptId);
      await deliverCompletion(learner.enrolmentId);
      const [mine] = await myCertificates(learner.cookie);
      const verified = await ctx.app.inject({ method: 'GET', url: `/api/learn/certificates/verify/${mine!.code}`, headers: { host } });
      expect(verified.json().siteName).toBe('Certs Academy');
      const lines = pdfTextLines((await api('GET', `/api/learn/me/certificates/${mine!.id}/pdf`, learner.cookie)).rawPayload);
      expect(lines).toContain('CERTS ACADEMY');
    } finally {
      await brand('');
    }
  });
});
