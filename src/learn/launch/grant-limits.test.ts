import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../test/app.js';
import { contentOriginOf, type ContentOrigin } from '../../../test/content-origin.js';
import { countingDb } from '../../../test/counting-db.js';
import { createTestDb, engine } from '../../../test/db.js';
import { startOfAFreshMinute } from '../../../test/fresh-minute.js';
import { createScormCourse, enrolDirectly, type CourseFixture } from '../../../test/learn-fixtures.js';
import { startSession } from '../../platform/identity/sessions.service.js';
import { createUser } from '../../platform/identity/users.service.js';
import type { Tenant } from '../../platform/tenancy/tenants.repository.js';
import { newGrantToken } from './launch-grants.service.js';

const LIMITS = {
  LECTERN_RATE_LIMIT_ATTEMPT_COMMITS_PER_MINUTE: '12',
  LECTERN_RATE_LIMIT_LAUNCH_FILES_PER_MINUTE: '15',
  LECTERN_RATE_LIMIT_CONTENT_IP_PER_MINUTE: '8',
  // The app's per-address budget is far below what the class sends here: it is not the content origin's.
  LECTERN_RATE_LIMIT_IP_PER_MINUTE: '5',
};
const CLASSROOM = '198.51.100.40';

describe(`rate limits of the content origin (${engine})`, () => {
  let ctx: TestContext;
  let counted: ReturnType<typeof countingDb>;
  let tenant: Tenant;
  let host: string;
  let course: CourseFixture;
  let learnerNo = 0;

  beforeAll(async () => {
    counted = countingDb(await createTestDb());
    ctx = await createTestApp({ env: LIMITS, db: counted.db });
    ({ tenant, host } = await createTenantWithUser(ctx.db, 'school'));
    course = await createScormCourse(ctx.db, tenant.id, { title: 'Limits' });
  });
  afterAll(() => ctx.close());
  afterEach(() => vi.useRealTimers());

  /** A learner who launched the course from the classroom's address: the frame of that attempt's credential. */
  async function launchedLearner(): Promise<{ frame: ContentOrigin; attemptId: string }> {
    learnerNo += 1;
    const user = await createUser(ctx.db, tenant.id, { email: `l${learnerNo}@school.test`, firstName: 'Lea', lastName: `R${learnerNo}`, roles: ['learner'] });
    const { sessionId } = await startSession(ctx.db, tenant, user, { ip: CLASSROOM, userAgent: 'test' });
    const enrolmentId = await enrolDirectly(ctx.db, tenant.id, course.courseId, user.id);
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/learn/enrolments/${enrolmentId}/launch`,
      remoteAddress: CLASSROOM,
      headers: { host, cookie: `lectern_session=${sessionId}` },
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(200);
    return { frame: contentOriginOf(ctx.app, res.json().launchUrl), attemptId: res.json().attemptId };
  }

  const commitFrom = (frame: ContentOrigin, seq: number, token = frame.token, contentHost = frame.host) =>
    ctx.app.contentApp.inject({
      method: 'POST',
      url: `/launch/${token}/commits`,
      remoteAddress: CLASSROOM,
      headers: { host: contentHost },
      payload: { scoId: 'SCO-1', seq, cmi: { core: { lesson_location: `page-${seq}` } } },
    });
  const fileFrom = (frame: ContentOrigin, path: string, token = frame.token) =>
    ctx.app.contentApp.inject({ method: 'GET', url: `/c/${token}/${path}`, remoteAddress: CLASSROOM, headers: { host: frame.host } });

  it('commits count against their attempt, not the address: a class behind one address commits on, one attempt past its budget waits', async () => {
    const learners = [await launchedLearner(), await launchedLearner(), await launchedLearner()];
    startOfAFreshMinute();
    for (let seq = 1; seq <= 12; seq++) {
      for (const { frame } of learners) expect((await commitFrom(frame, seq)).statusCode).toBe(200);
    }
    // 36 commits from one address; the first attempt's 13th is one too many.
    const refused = await commitFrom(learners[0]!.frame, 13);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('HTTP_RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(58);
    // The next minute the same attempt commits again, and nothing it sent was lost on the way.
    vi.setSystemTime(Date.now() + 60_000);
    expect((await commitFrom(learners[0]!.frame, 13)).json()).toEqual({ seq: 13, accepted: true });
  });

  it('course files count against their launch credential, not the address', async () => {
    const [a, b] = [await launchedLearner(), await launchedLearner()];
    startOfAFreshMinute();
    const codes = async (frame: ContentOrigin, count: number) => {
      const seen: number[] = [];
      for (let i = 0; i < count; i++) seen.push((await fileFrom(frame, `SCO-1/asset-${i}.png`)).statusCode);
      return seen;
    };
    // The fixture course has no files on disk: each admitted request is a 404, the refused ones 429.
    expect(await codes(a.frame, 17)).toEqual([...Array<number>(15).fill(404), 429, 429]);
    expect(await codes(b.frame, 15)).toEqual(Array<number>(15).fill(404));
  });

  it('forged credentials from one address cost a bounded number of lookups; live credentials from there keep working', async () => {
    const learner = await launchedLearner();
    await fileFrom(learner.frame, 'SCO-1/index.html'); // this node knows the credential now
    startOfAFreshMinute();
    counted.reset();
    const codes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const forged = newGrantToken(tenant.id).token;
      codes.push((await fileFrom(learner.frame, 'SCO-1/index.html', forged)).statusCode);
    }
    expect(codes).toEqual([...Array<number>(8).fill(401), ...Array<number>(12).fill(429)]);
    // One lookup for each of the first eight, none for the rest.
    expect(counted.log.transactions).toBe(8);
    // The live credential from the same address is still served and still commits.
    expect((await fileFrom(learner.frame, 'SCO-1/index.html')).statusCode).toBe(404);
    expect((await commitFrom(learner.frame, 1)).statusCode).toBe(200);
  });

  it('a credential of another site is refused on this site\'s content host and costs its attempt nothing', async () => {
    const learner = await launchedLearner();
    await createTenantWithUser(ctx.db, 'otherschool');
    startOfAFreshMinute();
    for (let seq = 1; seq <= 8; seq++) expect((await commitFrom(learner.frame, seq, learner.frame.token, 'otherschool.test:3001')).statusCode).toBe(401);
    // The attempt's whole budget is left.
    for (let seq = 1; seq <= 12; seq++) expect((await commitFrom(learner.frame, seq)).statusCode).toBe(200);
    expect((await commitFrom(learner.frame, 13)).statusCode).toBe(429);
  });
});

describe(`content origin without rate limits (${engine})`, () => {
  it('0 turns the content origin\'s limits off', async () => {
    const ctx = await createTestApp({
      env: { LECTERN_RATE_LIMIT_CONTENT_IP_PER_MINUTE: '0', LECTERN_RATE_LIMIT_ATTEMPT_COMMITS_PER_MINUTE: '0', LECTERN_RATE_LIMIT_LAUNCH_FILES_PER_MINUTE: '0' },
    });
    try {
      const { tenant } = await createTenantWithUser(ctx.db, 'open');
      for (let i = 0; i < 700; i++) {
        const res = await ctx.app.contentApp.inject({ method: 'GET', url: `/c/${newGrantToken(tenant.id).token}/x.html`, headers: { host: 'open.test:3001' } });
        expect(res.statusCode).toBe(401);
      }
    } finally {
      await ctx.close();
    }
  });
});
