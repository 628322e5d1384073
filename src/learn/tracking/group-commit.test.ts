import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser } from '../../../test/app.js';
import { createTestDb, engine } from '../../../test/db.js';
import { createScormCourse, enrolDirectly } from '../../../test/learn-fixtures.js';
import { queryRows, type Db, type Orm } from '../../platform/db/client.js';
import { createUser } from '../../platform/identity/users.service.js';
import { courseStructure } from './course-structure.js';
import { GroupCommitWriter } from './group-commit.js';
import { mapScorm12 } from './progress-mapping.js';

describe(`group commit (${engine})`, () => {
  let db: Db;
  let tenantId: string;
  let fixture: { attemptId: string; enrolmentId: string; userId: string };
  let items: ReturnType<typeof courseStructure>['playable'];

  beforeAll(async () => {
    db = await createTestDb();
    const { tenant } = await createTenantWithUser(db, 'acme');
    tenantId = tenant.id;
    const course = await createScormCourse(db, tenantId);
    items = courseStructure(course.manifest).playable;
    const user = await createUser(db, tenantId, { email: 'lea@acme.test', firstName: 'Lea', lastName: 'Rner', roles: ['learner'] });
    const enrolmentId = await enrolDirectly(db, tenantId, course.courseId, user.id);
    const [attempt] = await db.withTenant(tenantId, (tx) =>
      queryRows<{ id: string }>(tx, sql`insert into attempts (enrolment_id, version_id, number, status) values (${enrolmentId}, ${course.versionId}, 1, 'in_progress') returning id`),
    );
    fixture = { attemptId: attempt!.id, enrolmentId, userId: user.id };
  });
  afterAll(() => db.close());

  const commit = (writer: GroupCommitWriter, seq: number, status: string) => {
    const cmi = { core: { lesson_status: status, lesson_location: `seq-${seq}` } };
    return writer.submit(tenantId, {
      ...fixture,
      session: { idHash: 'unused', userId: fixture.userId, verify: false, idleMs: 60_000 },
      scoId: 'SCO-1',
      seq,
      cmi,
      result: mapScorm12(cmi),
      items,
    });
  };

  it('writes a batch again under locks when its attempt changed between read and write', async () => {
    // A database whose transactions see the attempt change just before the batch's write, once.
    let interfered = 0;
    const statements: string[] = [];
    const meddling: Db = {
      ...db,
      withTenant: (id, work) =>
        db.withTenant(id, (tx) => {
          const proxy = new Proxy(tx, {
            get(target, property, receiver) {
              if (property !== 'execute') return Reflect.get(target, property, receiver) as unknown;
              return async (query: SQL) => {
                const text = JSON.stringify(query.queryChunks);
                statements.push(text.includes('insert into sco_states') ? 'write' : text.includes('for update') ? 'lock' : 'read');
                if (text.includes('insert into sco_states') && interfered === 0) {
                  interfered += 1;
                  await target.execute(sql`update attempts set last_access_at = now() where id = ${fixture.attemptId}`);
                }
                return target.execute(query);
              };
            },
          }) as Orm;
          return work(proxy);
        }),
    };
    const writer = new GroupCommitWriter(meddling, { concurrency: 1, maxBatch: 10 });
    expect(await commit(writer, 1, 'completed')).toBe('accepted');
    expect(interfered).toBe(1);
    expect(statements).toEqual(['read', 'write', 'lock', 'read', 'write']);
    const [row] = await db.withTenant(tenantId, (tx) =>
      queryRows<{ seq: number | string; status: string; location: string }>(
        tx,
        sql`select s.seq, a.status, s.cmi->'core'->>'lesson_location' as location from sco_states s join attempts a on a.id = s.attempt_id where s.attempt_id = ${fixture.attemptId}`,
      ),
    );
    expect({ ...row, seq: Number(row!.seq) }).toEqual({ seq: 1, status: 'completed', location: 'seq-1' });
  });

  it('answers each commit of one batch: the highest sequence number of a SCO wins, the others are stale', async () => {
    const writer = new GroupCommitWriter(db, { concurrency: 1, maxBatch: 10 });
    const outcomes = await Promise.all([commit(writer, 12, 'incomplete'), commit(writer, 14, 'passed'), commit(writer, 13, 'incomplete'), commit(writer, 14, 'passed')]);
    expect(outcomes).toEqual(['stale', 'accepted', 'stale', 'stale']);
    expect(await commit(writer, 11, 'failed')).toBe('stale');
    const [row] = await db.withTenant(tenantId, (tx) => queryRows<{ seq: number | string }>(tx, sql`select seq from sco_states where attempt_id = ${fixture.attemptId}`));
    expect(Number(row!.seq)).toBe(14);
  });
});
