import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser } from '../../../test/app.js';
import { createTestDb, engine } from '../../../test/db.js';
import { createScormCourse, enrolDirectly } from '../../../test/learn-fixtures.js';
import { queryRows, type Db } from '../../platform/db/client.js';
import { forgetAllSessions } from '../../platform/identity/session-cache.js';
import { hashSessionId } from '../../platform/identity/session-token.js';
import { authenticate, startSession } from '../../platform/identity/sessions.service.js';
import { findUserById } from '../../platform/identity/users.repository.js';
import { createUser, requireNewPassword } from '../../platform/identity/users.service.js';
import type { Tenant } from '../../platform/tenancy/tenants.repository.js';
import type { CommitSession } from './commit-session.js';
import { courseStructure } from './course-structure.js';
import { GroupCommitWriter } from './group-commit.js';
import { mapScorm12 } from './progress-mapping.js';

describe(`group commit (${engine})`, () => {
  let db: Db;
  let tenantId: string;
  let tenant: Tenant;
  let course: Awaited<ReturnType<typeof createScormCourse>>;
  let rollup: ReturnType<typeof courseStructure>['rollup'];
  let learners = 0;

  beforeAll(async () => {
    db = await createTestDb();
    ({ tenant } = await createTenantWithUser(db, 'acme'));
    tenantId = tenant.id;
    course = await createScormCourse(db, tenantId);
    rollup = courseStructure(course.manifest).rollup;
  });
  afterAll(() => db.close());

  /** A new learner enrolled in the course, with an open attempt. */
  async function openAttempt(): Promise<Attempt> {
    learners += 1;
    const user = await createUser(db, tenantId, { email: `lea${learners}@acme.test`, firstName: 'Lea', lastName: 'Rner', roles: ['learner'] });
    const enrolmentId = await enrolDirectly(db, tenantId, course.courseId, user.id);
    const [attempt] = await db.withTenant(tenantId, (tx) =>
      queryRows<{ id: string }>(tx, sql`insert into attempts (enrolment_id, version_id, number, status) values (${enrolmentId}, ${course.versionId}, 1, 'in_progress') returning id`),
    );
    return { attemptId: attempt!.id, enrolmentId, userId: user.id };
  }

  const commit = (writer: GroupCommitWriter, attempt: Attempt, seq: number, status: string, session?: CommitSession) => {
    const cmi = { core: { lesson_status: status, lesson_location: `seq-${seq}` } };
    return writer.submit(tenantId, {
      ...attempt,
      session: session ?? { idHash: 'unused', userId: attempt.userId, verify: false, idleMs: 60_000 },
      scoId: 'SCO-1',
      seq,
      cmi,
      result: mapScorm12(cmi),
      rollup,
    });
  };

  const stored = async (attempt: Attempt) => {
    const [row] = await db.withTenant(tenantId, (tx) =>
      queryRows<{ seq: number | string; location: string; attemptStatus: string; enrolmentStatus: string }>(
        tx,
        sql`select s.seq, s.cmi->'core'->>'lesson_location' as location, a.status as "attemptStatus", e.status as "enrolmentStatus"
            from sco_states s join attempts a on a.id = s.attempt_id join enrolments e on e.id = a.enrolment_id where s.attempt_id = ${attempt.attemptId}`,
      ),
    );
    return { ...row, seq: Number(row!.seq) };
  };

  it('notices when another node wrote the attempt since this one last knew it, and writes on what is stored', async () => {
    const attempt = await openAttempt();
    const nodeA = new GroupCommitWriter(db, { concurrency: 1, maxBatch: 10 });
    const nodeB = new GroupCommitWriter(db, { concurrency: 1, maxBatch: 10 });
    expect(await commit(nodeA, attempt, 1, 'incomplete')).toBe('accepted');
    expect(await commit(nodeB, attempt, 2, 'completed')).toBe('accepted');
    // Node A last saw sequence number 1; the stored 2 wins over its 2.
    expect(await commit(nodeA, attempt, 2, 'failed')).toBe('stale');
    expect(await stored(attempt)).toEqual({ seq: 2, location: 'seq-2', attemptStatus: 'completed', enrolmentStatus: 'completed' });
    expect(await commit(nodeA, attempt, 3, 'incomplete')).toBe('accepted');
    // The completion node B stored stays on the enrolment: node A summed up from the stored rows, not from what it knew.
    expect(await stored(attempt)).toMatchObject({ seq: 3, location: 'seq-3', enrolmentStatus: 'completed' });
  });

  it('announces a completion once, in the transaction that stores it: learn.enrolment.completed with the learner, status and score', async () => {
    const completions = (enrolmentId: string) =>
      queryRows<{ payload: { name: string; data: Record<string, unknown> } }>(
        db.owner,
        sql`select payload from jobs where kind = 'domain_event' and payload->>'name' = 'learn.enrolment.completed' and payload->'data'->>'enrolmentId' = ${enrolmentId}`,
      );
    const writer = new GroupCommitWriter(db, { concurrency: 1, maxBatch: 10 });
    const attempt = await openAttempt();
    expect(await commit(writer, attempt, 1, 'incomplete')).toBe('accepted');
    expect(await completions(attempt.enrolmentId)).toHaveLength(0);
    expect(await commit(writer, attempt, 2, 'passed')).toBe('accepted');
    const [event] = await completions(attempt.enrolmentId);
    expect(event?.payload.data).toMatchObject({ enrolmentId: attempt.enrolmentId, userId: attempt.userId, status: 'passed' });
    // Passing again, or going on in the finished course, announces nothing more.
    expect(await commit(writer, attempt, 3, 'passed')).toBe('accepted');
    expect(await commit(writer, attempt, 4, 'completed')).toBe('accepted');
    expect(await completions(attempt.enrolmentId)).toHaveLength(1);
  });

  it('writes a batch again under the enrolments\' locks after a deadlock with another batch, a few times, then fails it', async () => {
    const attempt = await openAttempt();
    const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });
    /** The database, whose next `failures` tenant transactions end in a deadlock (as PostgreSQL rolls a victim back). */
    const deadlocking = (failures: number): { db: Db; tries: () => number } => {
      let tries = 0;
      return {
        db: {
          ...db,
          withTenant: (id, work) => (++tries <= failures ? Promise.reject(new Error('Failed query', { cause: deadlock() })) : db.withTenant(id, work)),
        },
        tries: () => tries,
      };
    };
    const twice = deadlocking(2);
    expect(await commit(new GroupCommitWriter(twice.db, { concurrency: 1, maxBatch: 10 }), attempt, 1, 'incomplete')).toBe('accepted');
    expect(twice.tries()).toBe(3);
    expect(await stored(attempt)).toMatchObject({ seq: 1, location: 'seq-1' });
    // Not for ever: the fourth deadlock in a row fails the commit.
    const always = deadlocking(100);
    await expect(commit(new GroupCommitWriter(always.db, { concurrency: 1, maxBatch: 10 }), attempt, 2, 'incomplete')).rejects.toThrow('Failed query');
    expect(always.tries()).toBe(4);
  });

  it('refuses a commit to an attempt closed since the node last wrote it (a reset elsewhere)', async () => {
    const attempt = await openAttempt();
    const writer = new GroupCommitWriter(db, { concurrency: 1, maxBatch: 10 });
    expect(await commit(writer, attempt, 1, 'incomplete')).toBe('accepted');
    await db.withTenant(tenantId, (tx) => tx.execute(sql`update attempts set closed_at = now() where id = ${attempt.attemptId}`));
    expect(await commit(writer, attempt, 2, 'completed')).toBe('closed');
    expect(await stored(attempt)).toMatchObject({ seq: 1, location: 'seq-1' });
  });

  it('writes again on what is stored when the enrolment changed since the node last wrote it', async () => {
    const attempt = await openAttempt();
    const writer = new GroupCommitWriter(db, { concurrency: 1, maxBatch: 10 });
    expect(await commit(writer, attempt, 1, 'completed')).toBe('accepted');
    // Something else changed the enrolment's summary (an earlier attempt's pass it keeps): the node's idea of it (completed) is no longer the stored one.
    await db.withTenant(tenantId, (tx) => tx.execute(sql`update enrolments set status = 'passed', earlier_status = 'passed' where id = ${attempt.enrolmentId}`));
    expect(await commit(writer, attempt, 2, 'completed')).toBe('accepted');
    // An earlier pass stays: summed up from the stored 'passed', not from the 'completed' the node knew.
    expect(await stored(attempt)).toMatchObject({ seq: 2, enrolmentStatus: 'passed' });
  });

  it('answers each commit of one batch: the highest sequence number of a SCO wins, the others are stale', async () => {
    const attempt = await openAttempt();
    const writer = new GroupCommitWriter(db, { concurrency: 1, maxBatch: 10 });
    const outcomes = await Promise.all([
      commit(writer, attempt, 12, 'incomplete'),
      commit(writer, attempt, 14, 'passed'),
      commit(writer, attempt, 13, 'incomplete'),
      commit(writer, attempt, 14, 'passed'),
    ]);
    expect(outcomes).toEqual(['stale', 'accepted', 'stale', 'stale']);
    expect(await commit(writer, attempt, 11, 'failed')).toBe('stale');
    expect((await stored(attempt)).seq).toBe(14);
  });

  it("caches the sessions it checks with their whole user: a required password change still holds on the learner's next request", async () => {
    const attempt = await openAttempt();
    const { sessionId } = await startSession(db, tenant, (await db.withTenant(tenantId, (tx) => findUserById(tx, attempt.userId)))!, { ip: '192.0.2.1', userAgent: null });
    // An operator set a password for the learner while the course is open.
    await requireNewPassword(db, tenantId, attempt.userId);
    const user = await db.withTenant(tenantId, (tx) => findUserById(tx, attempt.userId));
    expect(user!.passwordChangeRequired).toBe(true);
    const session: CommitSession = { idHash: hashSessionId(sessionId), userId: null, verify: true, idleMs: 20 * 60_000 };
    const writer = new GroupCommitWriter(db, { concurrency: 1, maxBatch: 10 });

    // Checked in the batch's read (the attempt is new to this node) ...
    forgetAllSessions();
    expect(await commit(writer, attempt, 1, 'incomplete', session)).toBe('accepted');
    const afterRead = await authenticate(db, tenant, sessionId, { touch: 'never' });
    expect(afterRead.ok && afterRead.user).toEqual(user);

    // ... and in the batch's write (the node knows the attempt).
    forgetAllSessions();
    expect(await commit(writer, attempt, 2, 'incomplete', session)).toBe('accepted');
    const afterWrite = await authenticate(db, tenant, sessionId, { touch: 'never' });
    expect(afterWrite.ok && afterWrite.user).toEqual(user);
  });
});

interface Attempt {
  attemptId: string;
  enrolmentId: string;
  userId: string;
}
