import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { contentOriginOf, type ContentOrigin } from '../../../test/content-origin.js';
import { engine } from '../../../test/db.js';
import { startOfAFreshMinute } from '../../../test/fresh-minute.js';
import { enrolDirectly } from '../../../test/learn-fixtures.js';
import { scormPackageEntries } from '../../../test/scorm-packages.js';
import { buildZip } from '../../../test/zip-fixtures.js';
import { startSession } from '../../platform/identity/sessions.service.js';
import { createUser } from '../../platform/identity/users.service.js';
import { findTenantById, type Tenant } from '../../platform/tenancy/tenants.repository.js';
import { createLearnTestSite, uploadZip, type LearnTestSite } from '../courses/courses.test-support.js';

/*
 * A class behind one school address (NAT) with the default rate limits: 200 learners arrive,
 * launch a course, load its files and commit every three seconds for a (simulated) minute while
 * the UI polls the session status, and none of them is refused; one abusive client from the
 * same place is. The clock (Date) is moved, so a minute of traffic takes seconds.
 */

const SCHOOL = '203.0.113.100';
const LEARNERS = 200;
const FILES = 40;
const COMMIT_EVERY_MS = 3_000;

describe(`a class behind one address under the default rate limits (${engine})`, () => {
  let site: LearnTestSite;
  let tenant: Tenant;
  let enrolments: { cookie: string; enrolmentId: string }[] = [];
  const files = Array.from({ length: FILES }, (_, i) => `SCO-1/assets/slide-${i}.js`);

  beforeAll(async () => {
    site = await createLearnTestSite('classroom');
    const zipPath = path.join(site.filesDir, '..', 'classroom.zip');
    await buildZip(zipPath, [...scormPackageEntries('1.2', 'Class course', [{ id: 'SCO-1', title: 'Lesson' }]), ...files.map((name, i) => ({ name, data: `var slide${i} = ${i};` }))]);
    const imported = await uploadZip(site, zipPath);
    expect(imported.statusCode, imported.body).toBe(201);
    const courseId = imported.json().course.id as string;
    const published = await site.ctx.app.inject({
      method: 'POST',
      url: `/api/learn/courses/${courseId}/status`,
      headers: { host: site.host, cookie: site.cookies.admin },
      payload: { status: 'published' },
    });
    expect(published.statusCode, published.body).toBe(200);
    tenant = (await findTenantById(site.ctx.db.owner, site.tenantId))!;
    // Sessions are started directly (no password hashing for 200 learners); their sign-in requests are sent below.
    enrolments = await Promise.all(
      Array.from({ length: LEARNERS }, async (_, n) => {
        const user = await createUser(site.ctx.db, site.tenantId, { email: `pupil${n}@classroom.test`, firstName: 'Pupil', lastName: String(n), roles: ['learner'] });
        const { sessionId } = await startSession(site.ctx.db, tenant, user, { ip: SCHOOL, userAgent: 'test' });
        return { cookie: `lectern_session=${sessionId}`, enrolmentId: await enrolDirectly(site.ctx.db, site.tenantId, courseId, user.id) };
      }),
    );
  }, 120_000);
  afterAll(() => site.close());
  afterEach(() => vi.useRealTimers());

  const api = (method: 'GET' | 'POST', url: string, cookie?: string, payload?: object) =>
    site.ctx.app.inject({ method, url, remoteAddress: SCHOOL, headers: { host: site.host, ...(cookie ? { cookie } : {}) }, ...(payload ? { payload } : {}) });
  const fromSchool = (frame: ContentOrigin, method: 'GET' | 'POST', url: string, payload?: object) =>
    frame.inject({ method, url, remoteAddress: SCHOOL, ...(payload ? { payload } : {}) });

  /** Sends `count` requests, 100 at a time (thousands a second from one client), and counts the answers by status. */
  async function burst(count: number, send: () => Promise<LightMyRequestResponse>): Promise<Record<number, number>> {
    const counts: Record<number, number> = {};
    for (let sent = 0; sent < count; sent += 100) {
      const answers = await Promise.all(Array.from({ length: Math.min(100, count - sent) }, send));
      for (const { statusCode } of answers) counts[statusCode] = (counts[statusCode] ?? 0) + 1;
    }
    return counts;
  }

  it('200 learners launch, load the course and commit every few seconds for a minute without one 429; an abusive client is throttled', async () => {
    startOfAFreshMinute();
    const statuses = new Map<number, number>();
    const seen = (res: LightMyRequestResponse) => {
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      return res;
    };
    // Arrival: the sign-in page asks for the site and the session without one (the sign-in itself is one more such request).
    await Promise.all(
      enrolments.map(async () => {
        seen(await api('GET', '/api/tenant'));
        seen(await api('GET', '/api/auth/session'));
        seen(await api('GET', '/api/tenant/password-policy'));
      }),
    );
    // Launch: the dashboard, the launch, the launch frame's details and every file of the course.
    const frames = await Promise.all(
      enrolments.map(async ({ cookie, enrolmentId }) => {
        seen(await api('GET', '/api/auth/session', cookie));
        seen(await api('GET', '/api/learn/me/enrolments', cookie));
        const launched = seen(await api('POST', `/api/learn/enrolments/${enrolmentId}/launch`, cookie, {}));
        const frame = contentOriginOf(site.ctx.app, launched.json().launchUrl);
        seen(await fromSchool(frame, 'GET', `/launch/${frame.token}/info`));
        for (const file of ['SCO-1/index.html', ...files]) seen(await fromSchool(frame, 'GET', `/c/${frame.token}/${file}`));
        return frame;
      }),
    );
    // A minute of learning: every learner commits every three seconds; the UI polls the session status.
    for (let elapsed = 0, seq = 1; elapsed < 60_000; elapsed += COMMIT_EVERY_MS, seq++) {
      vi.setSystemTime(Date.now() + COMMIT_EVERY_MS);
      await Promise.all(
        frames.map(async (frame, n) => {
          seen(await fromSchool(frame, 'POST', `/launch/${frame.token}/commits`, { scoId: 'SCO-1', seq, cmi: { core: { lesson_location: `slide-${seq}` } } }));
          if (seq % 10 === n % 10) seen(await api('GET', '/api/auth/session/status', enrolments[n]!.cookie));
        }),
      );
    }
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(LEARNERS * (FILES + 20));
    // Nothing refused: the only answers other than 200 are the session checks before sign-in.
    expect(Object.fromEntries(statuses)).toEqual({ 200: total - LEARNERS, 401: LEARNERS });

    // One session hammering the API from the same address: its user is stopped at its budget, the class is not.
    const abuser = enrolments[0]!.cookie;
    const hammered = await burst(3_500, () => api('GET', '/api/auth/session/status', abuser));
    expect(hammered[200]).toBeGreaterThan(2_700);
    expect(hammered[200]).toBeLessThanOrEqual(3_000);
    // Whole, so that an answer of another kind shows in a failure.
    expect(hammered).toEqual({ 200: hammered[200], 429: 3_500 - hammered[200]! });
    expect((await api('GET', '/api/auth/session/status', enrolments[1]!.cookie)).statusCode).toBe(200);
    // A script committing as fast as it can under one credential: that attempt is stopped, the others commit on.
    const script = frames[2]!;
    let seq = 100;
    const commits = await burst(3_500, () => fromSchool(script, 'POST', `/launch/${script.token}/commits`, { scoId: 'SCO-1', seq: seq++, cmi: {} }));
    expect(commits[200]).toBeGreaterThan(2_700);
    expect(commits[200]).toBeLessThanOrEqual(3_000);
    expect(commits).toEqual({ 200: commits[200], 429: 3_500 - commits[200]! });
    expect((await fromSchool(frames[3]!, 'POST', `/launch/${frames[3]!.token}/commits`, { scoId: 'SCO-1', seq: 999, cmi: {} })).statusCode).toBe(200);
    // Unauthenticated requests from one address: stopped after the per-address budget.
    const anonymous = await burst(3_500, () => site.ctx.app.inject({ method: 'GET', url: '/api/auth/session', remoteAddress: '198.51.100.99', headers: { host: site.host } }));
    expect(anonymous[401]).toBeGreaterThan(2_700);
    expect(anonymous[401]).toBeLessThanOrEqual(3_000);
    expect(anonymous).toEqual({ 401: anonymous[401], 429: 3_500 - anonymous[401]! });
  }, 240_000);
});
