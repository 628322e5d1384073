import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../../platform/db/client.js';
import { createLrsTestSite, type LrsTestSite } from '../lrs.test-support.js';

const VERB = { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed', de: 'abgeschlossen' } };
const ACTIVITY = 'http://example.com/courses/fire-safety';

function statement(overrides: Record<string, unknown> = {}, email = 'ada@example.com') {
  return { actor: { objectType: 'Agent', mbox: `mailto:${email}`, name: 'Ada' }, verb: VERB, object: { objectType: 'Activity', id: ACTIVITY, definition: { name: { 'en-US': 'Fire safety' } } }, ...overrides };
}

describe(`the Statements resource (${engine})`, () => {
  let ctx: TestContext;
  let site: LrsTestSite;
  let other: LrsTestSite;

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createLrsTestSite(ctx, 'lrs-statements');
    other = await createLrsTestSite(ctx, 'lrs-statements-other');
  });
  afterAll(() => ctx?.close());

  const post = (body: unknown, s: LrsTestSite = site, version = '1.0.3') => s.xapi({ method: 'POST', url: '/xapi/statements', payload: body as object }, version);
  const get = (query: string, s: LrsTestSite = site, version = '1.0.3') => s.xapi({ method: 'GET', url: `/xapi/statements${query}` }, version);
  const count = async () => (await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from xapi_statements`))[0]!.n;

  it('stores a batch, answers its ids in order, and returns each by id with stored, authority, timestamp and version filled in', async () => {
    const id = randomUUID();
    const res = await post([statement({ id }), statement()]);
    expect(res.statusCode).toBe(200);
    const ids = res.json();
    expect(ids[0]).toBe(id);
    expect(ids).toHaveLength(2);
    expect(res.headers['x-experience-api-consistent-through']).toMatch(/^\d{4}-\d\d-\d\dT/);
    const one = await get(`?statementId=${id}`);
    expect(one.statusCode).toBe(200);
    const body = one.json();
    expect(body).toMatchObject({ id, verb: VERB, version: '1.0.0', authority: { objectType: 'Agent', account: { name: expect.stringMatching(/^lrs_/) } } });
    expect(body.stored).toBe(body.timestamp);
    expect(one.headers['last-modified']).toBe(new Date(body.stored).toUTCString());
  });

  it('puts a statement under its id; the same statement again changes nothing, a different one is refused 409', async () => {
    const id = randomUUID();
    const put = (body: unknown) => site.xapi({ method: 'PUT', url: `/xapi/statements?statementId=${id}`, payload: body as object });
    expect((await put(statement())).statusCode).toBe(204);
    expect((await put(statement())).statusCode).toBe(204);
    const before = await count();
    const changed = await put(statement({ result: { completion: true } }));
    expect(changed.statusCode).toBe(409);
    expect(changed.json().code).toBe('LRS_STATEMENT_CONFLICT');
    expect((await post([statement(), statement({ id, result: { success: true } })])).statusCode).toBe(409);
    // The batch is refused whole: its first statement was not stored either.
    expect(await count()).toBe(before);
    expect((await site.xapi({ method: 'PUT', url: `/xapi/statements?statementId=${randomUUID()}`, payload: statement({ id: randomUUID() }) })).statusCode).toBe(400);
    expect((await site.xapi({ method: 'PUT', url: '/xapi/statements', payload: statement() })).statusCode).toBe(400);
  });

  it('refuses invalid statements, wrong content types and hostile bodies with 400 and stores nothing', async () => {
    const before = await count();
    const refusals: [unknown, string?][] = [
      [{ ...statement(), actor: { mbox: 'ada@example.com' } }],
      [{ ...statement(), verb: { id: 'not an iri' } }],
      [{ ...statement(), unknown: true }],
      [[statement(), { ...statement(), timestamp: 'yesterday' }]],
      [{ ...statement(), object: { objectType: 'StatementRef', id: 'nope' } }],
    ];
    for (const [body] of refusals) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'LRS_STATEMENT_INVALID', field: expect.any(String), message: expect.any(String) });
    }
    const german = await site.xapi({ method: 'POST', url: '/xapi/statements', payload: { ...statement(), unknown: 1 }, headers: { 'accept-language': 'de' } });
    expect(german.json().message).not.toBe((await post({ ...statement(), unknown: 1 })).json().message);
    expect((await site.xapi({ method: 'POST', url: '/xapi/statements', payload: '{"actor":', headers: { 'content-type': 'application/json' } })).statusCode).toBe(400);
    expect((await site.xapi({ method: 'POST', url: '/xapi/statements', payload: JSON.stringify(statement()), headers: { 'content-type': 'text/plain' } })).statusCode).toBe(400);
    expect((await post(statement({ result: { response: 'a\u0000b' } }))).statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('voids a statement: it is then returned only by voidedStatementId, and a voiding statement cannot itself be voided', async () => {
    const [target] = (await post(statement({}, 'void-me@example.com'))).json();
    const voiding = { actor: { mbox: 'mailto:admin@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: target } };
    const [voidingId] = (await post(voiding)).json();
    expect((await get(`?statementId=${target}`)).statusCode).toBe(404);
    expect((await get(`?voidedStatementId=${target}`)).json().id).toBe(target);
    const listed = (await get(`?agent=${encodeURIComponent(JSON.stringify({ mbox: 'mailto:void-me@example.com' }))}`)).json().statements;
    // The voided statement is left out; the voiding statement matches through its StatementRef.
    expect(listed.map((s: { id: string }) => s.id)).toEqual([voidingId]);
    const again = await post({ ...voiding, object: { objectType: 'StatementRef', id: voidingId } });
    expect(again.statusCode).toBe(400);
  });

  it('filters by agent, verb, activity, registration, related agents and activities, since and until, pages with more, ascending', async () => {
    const registration = randomUUID();
    const learner = `filter-${randomUUID()}@example.com`;
    const sent = [
      statement({ context: { registration } }, learner),
      statement({ verb: { id: 'http://adlnet.gov/expapi/verbs/attempted' } }, learner),
      statement({ object: { id: 'http://example.com/other' }, context: { instructor: { mbox: `mailto:${learner}` }, contextActivities: { parent: { id: ACTIVITY } } } }, 'someone@example.com'),
    ];
    const ids: string[] = [];
    for (const s of sent) ids.push(...(await post(s)).json());
    const agent = encodeURIComponent(JSON.stringify({ mbox: `mailto:${learner}` }));
    const idsOf = async (query: string) => (await get(query)).json().statements.map((s: { id: string }) => s.id);
    expect(await idsOf(`?agent=${agent}`)).toEqual([ids[1], ids[0]]);
    expect(await idsOf(`?agent=${agent}&related_agents=true`)).toEqual([ids[2], ids[1], ids[0]]);
    expect(await idsOf(`?agent=${agent}&verb=${encodeURIComponent(VERB.id)}`)).toEqual([ids[0]]);
    expect(await idsOf(`?registration=${registration}`)).toEqual([ids[0]]);
    expect(await idsOf(`?agent=${agent}&related_agents=true&activity=${encodeURIComponent(ACTIVITY)}`)).toEqual([ids[1], ids[0]]);
    expect(await idsOf(`?agent=${agent}&related_agents=true&activity=${encodeURIComponent(ACTIVITY)}&related_activities=true`)).toEqual([ids[2], ids[1], ids[0]]);
    expect(await idsOf(`?agent=${agent}&related_agents=true&ascending=true`)).toEqual([ids[0], ids[1], ids[2]]);

    const first = (await get(`?agent=${agent}&related_agents=true&limit=2`)).json();
    expect(first.statements).toHaveLength(2);
    expect(first.more).toMatch(/^\/xapi\/statements\?more=/);
    const second = await site.xapi({ method: 'GET', url: first.more });
    expect(second.json().statements.map((s: { id: string }) => s.id)).toEqual([ids[0]]);
    expect(second.json().more).toBe('');

    const stored = (await get(`?statementId=${ids[1]}`)).json().stored;
    expect(await idsOf(`?agent=${agent}&related_agents=true&since=${encodeURIComponent(stored)}`)).not.toContain(ids[1]);
    expect(await idsOf(`?agent=${agent}&related_agents=true&until=${encodeURIComponent(stored)}`)).toContain(ids[1]);
  });

  it('refuses unknown, misspelt, repeated and malformed parameters with 400, with the consistency header still on the answer', async () => {
    for (const query of ['?Agent=x', '?verb=x&verb=y', '?limit=-1', '?format=full', '?statementId=1', `?statementId=${randomUUID()}&verb=http://x.example/v`, `?statementId=${randomUUID()}&voidedStatementId=${randomUUID()}`, '?agent={"name":"x"}', '?since=yesterday', '?more=garbage']) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['x-experience-api-consistent-through'], query).toMatch(/^\d{4}-/);
    }
  });

  it('keeps each site’s statements apart, and a read/mine key sees only its own', async () => {
    const [id] = (await post(statement({}, 'private@example.com'))).json();
    expect((await get(`?statementId=${id}`, other)).statusCode).toBe(404);
    const writer = await site.newKey(['statements/write', 'statements/read/mine'], 'writer');
    const [own] = (await site.xapi({ method: 'POST', url: '/xapi/statements', payload: statement(), headers: { authorization: writer } })).json();
    const mine = (await site.xapi({ method: 'GET', url: '/xapi/statements', headers: { authorization: writer } })).json().statements.map((s: { id: string }) => s.id);
    expect(mine).toEqual([own]);
    expect((await site.xapi({ method: 'GET', url: `/xapi/statements?statementId=${id}`, headers: { authorization: writer } })).statusCode).toBe(404);
    const reader = await site.newKey(['statements/read'], 'reader');
    expect((await site.xapi({ method: 'POST', url: '/xapi/statements', payload: statement(), headers: { authorization: reader } })).statusCode).toBe(403);
  });

  it('speaks 2.0.0: answers with its version and refuses the alternate request syntax', async () => {
    const res = await post(statement(), site, '2.0.0');
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-experience-api-version']).toBe('2.0.0');
    expect((await get(`?statementId=${res.json()[0]}`, site, '2.0.0')).json().version).toBe('2.0.0');
    const alternate = await ctx.app.inject({ method: 'POST', url: '/xapi/statements?method=GET', headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'X-Experience-API-Version=2.0.0' });
    expect(alternate.statusCode).toBe(400);
  });

  it('takes the alternate request syntax of 1.0.x, with the credential from the form or the header', async () => {
    const id = randomUUID();
    const form = (authorization: string | undefined) =>
      new URLSearchParams({ ...(authorization ? { Authorization: authorization } : {}), 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json', statementId: id, content: JSON.stringify(statement()) }).toString();
    const key = await site.newKey(['all']);
    const withoutCredential = await ctx.app.inject({ method: 'POST', url: '/xapi/statements?method=PUT', headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded' }, payload: form(undefined) });
    expect(withoutCredential.statusCode).toBe(401);
    const inHeader = await ctx.app.inject({ method: 'POST', url: '/xapi/statements?method=GET', headers: { host: site.host, authorization: key, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'X-Experience-API-Version=1.0.3&limit=1' });
    expect(inHeader.statusCode).toBe(200);
    expect(inHeader.json().statements).toHaveLength(1);
    const res = await ctx.app.inject({ method: 'POST', url: '/xapi/statements?method=PUT', headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded' }, payload: form(key) });
    expect(res.statusCode).toBe(204);
    expect((await get(`?statementId=${id}`)).statusCode).toBe(200);
  });

  it('stores a cross-site browser POST with the key in its header (CORS), not blocked by the app’s cross-origin guard', async () => {
    const res = await site.xapi({ method: 'POST', url: '/xapi/statements', payload: statement(), headers: { origin: 'https://course.example', 'sec-fetch-site': 'cross-site' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://course.example');
  });
});
