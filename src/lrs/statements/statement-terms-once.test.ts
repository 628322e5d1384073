import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../../platform/db/client.js';
import { createLrsTestSite, type LrsTestSite } from '../lrs.test-support.js';
import { activityKey, agentKeyOfIdentifier } from '../xapi/identity-keys.js';
import { inverseFunctionalIdentifierOf } from './validation/validate-agent.js';

// A statement has one term row per key: the broad filters read a key's plain and broad rows, so each statement is found once.
const COURSE = 'https://courses.example.com/ladders';
const LESSON = `${COURSE}/lesson-1`;

describe(`statement terms, each key once per statement (${engine})`, () => {
  let ctx: TestContext;
  let site: LrsTestSite;

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createLrsTestSite(ctx, 'lrs-terms-once');
  });
  afterAll(() => ctx?.close());

  const post = async (body: unknown) => {
    const res = await site.xapi({ method: 'POST', url: '/xapi/statements', payload: body as object });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as string[];
  };
  const idsOf = async (query: string) => (await site.xapi({ method: 'GET', url: `/xapi/statements?${query}` })).json().statements.map((s: { id: string }) => s.id);
  const rowsOf = (id: string) =>
    queryRows<{ key: string; related: boolean }>(
      ctx.db.owner,
      sql`select t.term_key::text as key, t.related from xapi_statement_terms t join xapi_statements s on s.tenant_id = t.tenant_id and s.stored = t.stored and s.seq = t.seq where s.id = ${id}`,
    );

  it('stores a key the statement has as plain once, and finds the statement once by its broad filters', async () => {
    const email = `ada-${randomUUID()}@example.com`;
    const ada = { mbox: `mailto:${email}` };
    // The learner is the actor and the instructor; the lesson is the object and a grouping activity too.
    const [id] = await post({
      actor: ada,
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
      object: { id: LESSON },
      context: { instructor: ada, contextActivities: { parent: [{ id: COURSE }], grouping: [{ id: LESSON }] } },
    });
    const rows = await rowsOf(id!);
    const kinds = (key: string) => rows.filter((row) => row.key === key).map((row) => row.related);
    expect(kinds(agentKeyOfIdentifier(inverseFunctionalIdentifierOf(ada)!))).toEqual([false]);
    expect(kinds(activityKey(LESSON))).toEqual([false]);
    expect(kinds(activityKey(COURSE))).toEqual([true]);
    // verb, actor, lesson (plain); course, authority (broad)
    expect(rows).toHaveLength(5);

    const agent = encodeURIComponent(JSON.stringify(ada));
    expect(await idsOf(`agent=${agent}`)).toEqual([id]);
    expect(await idsOf(`agent=${agent}&related_agents=true`)).toEqual([id]);
    expect(await idsOf(`activity=${encodeURIComponent(LESSON)}&related_activities=true`)).toEqual([id]);
    expect(await idsOf(`activity=${encodeURIComponent(COURSE)}&related_activities=true`)).toEqual([id]);
    expect(await idsOf(`activity=${encodeURIComponent(COURSE)}`)).toEqual([]);
    // The broad form as the second filter probes both kinds of row.
    expect(await idsOf(`agent=${agent}&activity=${encodeURIComponent(COURSE)}&related_activities=true`)).toEqual([id]);
    expect(await idsOf(`activity=${encodeURIComponent(COURSE)}&related_activities=true&agent=${agent}&related_agents=true`)).toEqual([id]);
  });

  it('a statement that targets another takes its terms, each key still once', async () => {
    const email = `ben-${randomUUID()}@example.com`;
    const ben = { mbox: `mailto:${email}` };
    const [target] = await post({ actor: ben, verb: { id: 'http://adlnet.gov/expapi/verbs/attempted' }, object: { id: LESSON } });
    // Its own context names the lesson (broad); the target has it as object (plain).
    const [pointing] = await post({
      actor: ben,
      verb: { id: 'http://example.com/verbs/reviewed' },
      object: { objectType: 'StatementRef', id: target },
      context: { contextActivities: { parent: [{ id: LESSON }] } },
    });
    expect((await rowsOf(pointing!)).filter((row) => row.key === activityKey(LESSON))).toEqual([{ key: activityKey(LESSON), related: false }]);
    const agent = encodeURIComponent(JSON.stringify(ben));
    expect(await idsOf(`agent=${agent}&activity=${encodeURIComponent(LESSON)}&related_activities=true`)).toEqual([pointing, target]);
  });

  it('the migration to one row per key removes a broad row beside a plain one and leaves row-level security forced', async () => {
    const [id] = await post({ actor: { mbox: `mailto:cleo-${randomUUID()}@example.com` }, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' }, object: { id: LESSON } });
    // A row as the earlier code wrote it: the object activity a second time, as broad.
    await ctx.db.owner.execute(
      sql`insert into xapi_statement_terms (tenant_id, term_key, related, stored, seq) select tenant_id, ${activityKey(LESSON)}::uuid, true, stored, seq from xapi_statements where id = ${id}`,
    );
    expect(await rowsOf(id!)).toHaveLength(5);
    const migration = readFileSync(new URL('../../../migrations/0036_lrs_terms_once_per_key.sql', import.meta.url), 'utf8');
    for (const statement of migration.split('--> statement-breakpoint')) await ctx.db.owner.execute(sql.raw(statement));
    expect((await rowsOf(id!)).filter((row) => row.key === activityKey(LESSON))).toEqual([{ key: activityKey(LESSON), related: false }]);
    const [forced] = await queryRows<{ forced: boolean }>(ctx.db.owner, sql`select relforcerowsecurity as forced from pg_class where relname = 'xapi_statement_terms'`);
    expect(forced!.forced).toBe(true);
  });
});
