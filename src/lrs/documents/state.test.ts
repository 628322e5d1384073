import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createLrsTestSite, type LrsTestSite } from '../lrs.test-support.js';
import { ACTIVITY, AGENT, documentRequest, freshId, query, type DocumentRequest } from './documents.test-support.js';

const sha1 = (bytes: Buffer | string) => createHash('sha1').update(bytes).digest('hex');

describe(`the State resource (${engine})`, () => {
  let ctx: TestContext;
  let site: LrsTestSite;
  let other: LrsTestSite;

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createLrsTestSite(ctx, 'lrs-state');
    other = await createLrsTestSite(ctx, 'lrs-state-other');
  });
  afterAll(() => ctx?.close());

  const state = (method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE', request: DocumentRequest, on: LrsTestSite = site) => documentRequest(on, method, '/activities/state', request);
  const stateParams = (extra: Record<string, unknown> = {}) => ({ activityId: ACTIVITY, agent: AGENT, stateId: freshId('state'), ...extra });
  /** The ids listed for the activity and agent (and registration), to show what is stored. */
  const listed = async (params: Record<string, unknown>) => {
    const { stateId: _stateId, ...context } = params;
    const res = await state('GET', { params: context });
    expect(res.statusCode).toBe(200);
    return res.json() as string[];
  };

  it('stores a document with PUT and answers it with its type, a quoted SHA-1 ETag and Last-Modified; HEAD answers the same without the body', async () => {
    const params = stateParams();
    const put = await state('PUT', { params, body: { bookmark: 'page-3' } });
    expect(put.statusCode).toBe(204);
    expect(put.body).toBe('');

    const get = await state('GET', { params });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toEqual({ bookmark: 'page-3' });
    expect(get.headers['content-type']).toBe('application/json');
    expect(get.headers.etag).toBe(`"${sha1(get.rawPayload)}"`);
    expect(get.headers['last-modified']).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Math.abs(Date.parse(String(get.headers['last-modified'])) - Date.now())).toBeLessThan(60_000);
    expect(get.headers['x-experience-api-version']).toBe('1.0.3');

    const head = await state('HEAD', { params });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.headers['content-type']).toBe('application/json');
    expect(head.headers['content-length']).toBe(String(get.rawPayload.length));
  });

  it('keeps any bytes with the type they came with (served so that no browser renders them on the site), without a type as application/octet-stream', async () => {
    const page = stateParams();
    await state('PUT', { params: page, body: '<script>alert(document.cookie)</script>', contentType: 'text/html' });
    const html = await state('GET', { params: page });
    expect(html.headers['content-type']).toBe('text/html');
    expect(html.headers['content-disposition']).toBe('attachment');
    expect(html.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(html.headers['x-content-type-options']).toBe('nosniff');

    const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
    const params = stateParams();
    expect((await state('PUT', { params, body: bytes, contentType: 'image/x-test' })).statusCode).toBe(204);
    const get = await state('GET', { params });
    expect(get.headers['content-type']).toBe('image/x-test');
    expect(get.rawPayload.equals(bytes)).toBe(true);
    expect(get.headers.etag).toBe(`"${sha1(bytes)}"`);

    const untyped = stateParams();
    const put = await site.xapi({ method: 'PUT', url: `/xapi/activities/state${query(untyped)}`, payload: 'plain words' });
    expect(put.statusCode).toBe(204);
    const got = await state('GET', { params: untyped });
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.body).toBe('plain words');
  });

  it('answers 404 for a document that is not there', async () => {
    const res = await state('GET', { params: stateParams() });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'LRS_DOCUMENT_NOT_FOUND', field: 'stateId' });
  });

  describe('POST', () => {
    it('stores a document that is not there yet, JSON or not', async () => {
      const json = stateParams();
      expect((await state('POST', { params: json, body: { car: 'MKX' } })).statusCode).toBe(204);
      expect((await state('GET', { params: json })).json()).toEqual({ car: 'MKX' });
      const text = stateParams();
      expect((await state('POST', { params: text, body: 'suspend data', contentType: 'text/plain' })).statusCode).toBe(204);
      expect((await state('GET', { params: text })).body).toBe('suspend data');
    });

    it('merges top-level properties of two JSON objects, the posted ones winning, nested objects replaced whole', async () => {
      const params = stateParams();
      await state('POST', { params, body: { car: { make: 'Ford', model: 'Escape' }, driver: 'Dale', series: { nascar: { series: 'sprint' } }, kept: 1 } });
      const merge = await state('POST', { params, body: { car: { make: 'Dodge' }, driver: 'Jeff', added: [1, 2] }, contentType: 'application/json; charset=utf-8' });
      expect(merge.statusCode).toBe(204);
      const get = await state('GET', { params });
      expect(get.json()).toEqual({ car: { make: 'Dodge' }, driver: 'Jeff', series: { nascar: { series: 'sprint' } }, kept: 1, added: [1, 2] });
      expect(get.headers['content-type']).toBe('application/json');
    });

    it('refuses with 400, changing nothing, a merge where either document is not a JSON object of type application/json', async () => {
      const params = stateParams();
      await state('POST', { params, body: { car: 'Honda' } });
      const before = await state('GET', { params });
      const refusals: DocumentRequest[] = [
        { params, body: 'abcdefg', contentType: 'not/json' },
        { params, body: 'abc', contentType: 'application/x-www-form-urlencoded' },
        { params, body: '{"car": "Civic"', contentType: 'application/json' },
        { params, body: '[1, 2]', contentType: 'application/json' },
        { params, body: '"a string"', contentType: 'application/json' },
      ];
      for (const request of refusals) {
        const res = await state('POST', request);
        expect(res.statusCode, String(request.body)).toBe(400);
        expect(res.json().code).toBe('LRS_DOCUMENT_NOT_MERGEABLE');
      }
      const after = await state('GET', { params });
      expect(after.body).toBe(before.body);
      expect(after.headers.etag).toBe(before.headers.etag);

      const binary = stateParams();
      await state('PUT', { params: binary, body: '/ asdf / undefined', contentType: 'application/octet-stream' });
      const onBinary = await state('POST', { params: binary, body: { car: 'Civic' } });
      expect(onBinary.statusCode).toBe(400);
      expect((await state('GET', { params: binary })).body).toBe('/ asdf / undefined');

      const brokenStored = stateParams();
      await state('PUT', { params: brokenStored, body: '{"not": "closed"', contentType: 'application/json' });
      expect((await state('POST', { params: brokenStored, body: { car: 'Civic' } })).statusCode).toBe(400);
    });

    it('refuses a body that claims application/json but is no JSON object even when there is nothing to merge into, storing nothing', async () => {
      const params = stateParams();
      const res = await state('POST', { params, body: '{"car": "Civic"}[', contentType: 'application/json' });
      expect(res.statusCode).toBe(400);
      expect((await state('GET', { params })).statusCode).toBe(404);
    });
  });

  describe('several documents', () => {
    it('lists the ids of an activity and agent (200 and [] when none), with the latest Last-Modified', async () => {
      const activityId = `${ACTIVITY}/${freshId('list')}`;
      expect(await listed({ activityId, agent: AGENT })).toEqual([]);
      await state('PUT', { params: { activityId, agent: AGENT, stateId: 'b' }, body: { n: 1 } });
      await state('PUT', { params: { activityId, agent: AGENT, stateId: 'a' }, body: { n: 2 } });
      await state('PUT', { params: { activityId, agent: { mbox: 'mailto:someone@example.com' }, stateId: 'c' }, body: { n: 3 } });
      await state('PUT', { params: { activityId: `${activityId}/other`, agent: AGENT, stateId: 'd' }, body: { n: 4 } });
      const res = await state('GET', { params: { activityId, agent: AGENT } });
      expect(res.json()).toEqual(['a', 'b']);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers.etag).toBe(`"${sha1(res.rawPayload)}"`);
      expect(Date.parse(String(res.headers['last-modified']))).not.toBeNaN();
      const head = await state('HEAD', { params: { activityId, agent: AGENT } });
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe('');
    });

    it('lists only documents changed after `since` (exclusive)', async () => {
      const activityId = `${ACTIVITY}/${freshId('since')}`;
      await state('PUT', { params: { activityId, agent: AGENT, stateId: 'old' }, body: { n: 1 } });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const between = new Date();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await state('PUT', { params: { activityId, agent: AGENT, stateId: 'new' }, body: { n: 2 } });
      expect(await listed({ activityId, agent: AGENT, since: new Date(Date.now() - 60_000).toISOString() })).toEqual(['new', 'old']);
      expect(await listed({ activityId, agent: AGENT, since: between.toISOString() })).toEqual(['new']);
      expect(await listed({ activityId, agent: AGENT, since: new Date(Date.now() + 60_000).toISOString().replace('Z', '+00:00') })).toEqual([]);
      // An offset whose `+` was not percent-encoded arrives as a space.
      const unencoded = await site.xapi({ method: 'GET', url: `/xapi/activities/state${query({ activityId, agent: AGENT })}&since=2000-01-01T02:00:00+02:00` });
      expect(unencoded.json()).toEqual(['new', 'old']);
      // Changing a document counts as a change.
      await state('POST', { params: { activityId, agent: AGENT, stateId: 'old' }, body: { n: 3 } });
      expect(await listed({ activityId, agent: AGENT, since: between.toISOString() })).toEqual(['new', 'old']);
    });

    it('keeps a registration’s documents apart; a listing without registration shows every registration’s', async () => {
      const activityId = `${ACTIVITY}/${freshId('registration')}`;
      const registration = '8f87ccde-bb56-4c2e-ab83-44982ef22df0';
      const none = { activityId, agent: AGENT, stateId: 'resume' };
      const withRegistration = { ...none, registration };
      await state('PUT', { params: none, body: { attempt: 0 } });
      await state('PUT', { params: withRegistration, body: { attempt: 1 } });
      await state('PUT', { params: { ...withRegistration, stateId: 'extra' }, body: { attempt: 1 } });
      expect((await state('GET', { params: none })).json()).toEqual({ attempt: 0 });
      expect((await state('GET', { params: withRegistration })).json()).toEqual({ attempt: 1 });
      // A UUID is the same in capitals.
      expect((await state('GET', { params: { ...withRegistration, registration: registration.toUpperCase() } })).json()).toEqual({ attempt: 1 });
      expect(await listed({ activityId, agent: AGENT, registration })).toEqual(['extra', 'resume']);
      expect(await listed({ activityId, agent: AGENT })).toEqual(['extra', 'resume', 'resume']);
    });

    it('deletes one document (204, also when it was not there), or all of an activity and agent (and registration)', async () => {
      const activityId = `${ACTIVITY}/${freshId('delete')}`;
      const registration = '0b0b0b0b-1111-4222-8333-444444444444';
      const otherAgent = { mbox: 'mailto:keep@example.com' };
      for (const stateId of ['a', 'b']) await state('PUT', { params: { activityId, agent: AGENT, stateId }, body: { stateId } });
      await state('PUT', { params: { activityId, agent: AGENT, registration, stateId: 'r' }, body: {} });
      await state('PUT', { params: { activityId, agent: otherAgent, stateId: 'kept' }, body: {} });

      expect((await state('DELETE', { params: { activityId, agent: AGENT, stateId: 'a' } })).statusCode).toBe(204);
      expect((await state('GET', { params: { activityId, agent: AGENT, stateId: 'a' } })).statusCode).toBe(404);
      expect((await state('DELETE', { params: { activityId, agent: AGENT, stateId: 'never-was' } })).statusCode).toBe(204);

      expect((await state('DELETE', { params: { activityId, agent: AGENT, registration } })).statusCode).toBe(204);
      expect(await listed({ activityId, agent: AGENT })).toEqual(['b']);
      expect((await state('DELETE', { params: { activityId, agent: AGENT } })).statusCode).toBe(204);
      expect(await listed({ activityId, agent: AGENT })).toEqual([]);
      expect(await listed({ activityId, agent: otherAgent })).toEqual(['kept']);
    });

    it('refuses a precondition on a delete of several documents, deleting nothing', async () => {
      const params = stateParams();
      await state('PUT', { params, body: {} });
      const { stateId: _stateId, ...context } = params;
      const res = await state('DELETE', { params: context, headers: { 'if-match': '*' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('LRS_DOCUMENT_PRECONDITION_UNSUPPORTED');
      expect((await state('GET', { params })).statusCode).toBe(200);
    });
  });

  describe('the agent', () => {
    it('names its documents by its identifier: name and objectType do not count, and an identified group stands for its identifier', async () => {
      const stateId = freshId('agent');
      await state('PUT', { params: { activityId: ACTIVITY, agent: { objectType: 'Agent', name: 'Ada', mbox: 'mailto:ada@example.com' }, stateId }, body: { who: 'ada' } });
      expect((await state('GET', { params: { activityId: ACTIVITY, agent: { mbox: 'mailto:ada@example.com' }, stateId } })).json()).toEqual({ who: 'ada' });

      const group = { objectType: 'Group', name: 'Team', account: { homePage: 'https://teams.example.com', name: 'team-7' } };
      await state('PUT', { params: { activityId: ACTIVITY, agent: { ...group, member: [{ mbox: 'mailto:ada@example.com' }] }, stateId }, body: { who: 'team' } });
      expect((await state('GET', { params: { activityId: ACTIVITY, agent: group, stateId } })).json()).toEqual({ who: 'team' });
      expect((await state('GET', { params: { activityId: ACTIVITY, agent: group.account && { account: group.account }, stateId } })).json()).toEqual({ who: 'team' });
    });

    it('refuses an agent that is not JSON, not an Agent or identifies nobody, storing nothing', async () => {
      const stateId = freshId('bad-agent');
      const agents: unknown[] = [
        'not JSON',
        'true',
        '[]',
        { objectType: 'Agent', name: 'nobody' },
        { mbox: 'mailto:a@example.com', openid: 'https://openid.example.com/a' },
        { mbox: 'a@example.com' },
        { mbox_sha1sum: 'xyz' },
        { account: { homePage: 'https://example.com' } },
        { mbox: 'mailto:a@example.com', favouriteColour: 'red' },
        { objectType: 'Group', name: 'anonymous', member: [{ mbox: 'mailto:a@example.com' }] },
        { objectType: 'Person', mbox: 'mailto:a@example.com' },
      ];
      for (const agent of agents) {
        const res = await state('PUT', { params: { activityId: ACTIVITY, agent, stateId }, body: { n: 1 } });
        expect(res.statusCode, JSON.stringify(agent)).toBe(400);
        expect(res.json()).toMatchObject({ code: 'LRS_PARAMETER_INVALID', field: 'agent' });
      }
      // The alternative spelling of the test suite: a broken percent-encoding of valid JSON.
      const broken = encodeURIComponent(JSON.stringify(AGENT)).replace('%3A', '%22');
      const res = await site.xapi({ method: 'POST', url: `/xapi/activities/state?activityId=${encodeURIComponent(ACTIVITY)}&stateId=${stateId}&agent=${broken}`, payload: '{}', headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(400);
    });
  });

  describe('parameters', () => {
    it('refuses missing required parameters with 400, for each method', async () => {
      const cases: ['GET' | 'PUT' | 'POST' | 'DELETE', string][] = [
        ['PUT', 'activityId'],
        ['PUT', 'agent'],
        ['PUT', 'stateId'],
        ['POST', 'activityId'],
        ['POST', 'agent'],
        ['POST', 'stateId'],
        ['GET', 'activityId'],
        ['GET', 'agent'],
        ['DELETE', 'activityId'],
        ['DELETE', 'agent'],
      ];
      for (const [method, missing] of cases) {
        const params: Record<string, unknown> = stateParams();
        delete params[missing];
        const res = await state(method, { params, ...(method === 'PUT' || method === 'POST' ? { body: { n: 1 } } : {}) });
        expect(res.statusCode, `${method} without ${missing}`).toBe(400);
        expect(res.json()).toMatchObject({ code: 'LRS_PARAMETER_MISSING', field: missing });
      }
    });

    it('refuses malformed, unknown, differently cased, repeated and misplaced parameters with 400, storing nothing', async () => {
      const base = stateParams({ activityId: `${ACTIVITY}/${freshId('parameters')}` });
      const refusals: [Record<string, unknown>, string, string][] = [
        [{ ...base, activityId: 'not an IRI' }, 'activityId', 'LRS_PARAMETER_INVALID'],
        [{ ...base, activityId: 'true' }, 'activityId', 'LRS_PARAMETER_INVALID'],
        [{ ...base, activityId: `http://example.com/${'a'.repeat(1600)}` }, 'activityId', 'LRS_PARAMETER_INVALID'],
        [{ ...base, registration: 'true' }, 'registration', 'LRS_PARAMETER_INVALID'],
        [{ ...base, registration: '8f87ccde-bb56-4c2e-ab83-44982ef22df' }, 'registration', 'LRS_PARAMETER_INVALID'],
        [{ ...base, stateId: '' }, 'stateId', 'LRS_PARAMETER_INVALID'],
        [{ ...base, stateId: 'x'.repeat(1001) }, 'stateId', 'LRS_PARAMETER_INVALID'],
        [{ ...base, foo: 'bar' }, 'foo', 'LRS_PARAMETER_UNKNOWN'],
        [{ ...base, profileId: 'p' }, 'profileId', 'LRS_PARAMETER_UNKNOWN'],
        [{ agent: AGENT, stateId: base.stateId, ActivityId: base.activityId, activityId: base.activityId }, 'ActivityId', 'LRS_PARAMETER_UNKNOWN'],
        [{ ...base, since: new Date().toISOString() }, 'since', 'LRS_PARAMETER_NOT_ALLOWED'],
      ];
      for (const [params, field, code] of refusals) {
        const res = await state('PUT', { params, body: { n: 1 } });
        expect(res.statusCode, JSON.stringify(params).slice(0, 120)).toBe(400);
        expect(res.json()).toMatchObject({ code, field });
      }
      const twice = await site.xapi({ method: 'PUT', url: `/xapi/activities/state${query(base)}&stateId=again`, payload: '{}', headers: { 'content-type': 'application/json' } });
      expect(twice.statusCode).toBe(400);
      expect(twice.json()).toMatchObject({ code: 'LRS_PARAMETER_TWICE', field: 'stateId' });
      expect(await listed(base)).toEqual([]);

      const sinceWithId = await state('GET', { params: { ...base, since: new Date().toISOString() } });
      expect(sinceWithId.json()).toMatchObject({ code: 'LRS_PARAMETER_NOT_ALLOWED', field: 'since' });
      const { stateId: _stateId, ...context } = base;
      for (const since of ['not a timestamp', 'true', '2024-13-01T00:00:00Z', '2024-01-01', '2024-01-01T00:00:00-00:00']) {
        const res = await state('GET', { params: { ...context, since } });
        expect(res.statusCode, since).toBe(400);
        expect(res.json()).toMatchObject({ code: 'LRS_PARAMETER_INVALID', field: 'since' });
      }
      expect((await state('DELETE', { params: { ...context, since: new Date().toISOString() } })).json()).toMatchObject({ code: 'LRS_PARAMETER_NOT_ALLOWED', field: 'since' });
    });
  });

  describe('concurrency', () => {
    it('1.0.3 lets a PUT without If-Match or If-None-Match replace a document (State needs no concurrency headers there)', async () => {
      const params = stateParams();
      await state('PUT', { params, body: { n: 1 } });
      expect((await state('PUT', { params, body: { n: 2 } })).statusCode).toBe(204);
      expect((await state('GET', { params })).json()).toEqual({ n: 2 });
    });

    it('2.0.0 refuses such a PUT with 409 and an explanation, changing nothing; a new document needs no header', async () => {
      const params = stateParams();
      expect((await state('PUT', { params, body: { n: 1 }, version: '2.0.0' })).statusCode).toBe(204);
      const conflict = await state('PUT', { params, body: { n: 2 }, version: '2.0.0' });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json().code).toBe('LRS_DOCUMENT_CONFLICT');
      expect(conflict.json().message).toMatch(/If-Match/);
      expect((await state('GET', { params, version: '2.0.0' })).json()).toEqual({ n: 1 });
      // POST merges without headers in both versions.
      expect((await state('POST', { params, body: { m: 3 }, version: '2.0.0' })).statusCode).toBe(204);
      expect((await state('GET', { params, version: '2.0.0' })).json()).toEqual({ n: 1, m: 3 });
    });

    for (const version of ['1.0.3', '2.0.0']) {
      it(`${version}: PUT, POST and DELETE honour If-Match (412, changing nothing, when it names another version) and If-None-Match: *`, async () => {
        const params = stateParams();
        await state('POST', { params, body: { name: 'original' }, version });
        const etag = String((await state('GET', { params, version })).headers.etag);
        const wrong = { 'if-match': '"1234"' };

        expect((await state('PUT', { params, body: { name: 'changed' }, headers: wrong, version })).statusCode).toBe(412);
        expect((await state('POST', { params, body: { name: 'changed' }, headers: wrong, version })).statusCode).toBe(412);
        const refusedDelete = await state('DELETE', { params, headers: wrong, version });
        expect(refusedDelete.statusCode).toBe(412);
        expect(refusedDelete.json()).toMatchObject({ code: 'LRS_DOCUMENT_PRECONDITION_FAILED', field: 'If-Match' });
        expect((await state('PUT', { params, body: { name: 'changed' }, headers: { 'if-none-match': '*' }, version })).statusCode).toBe(412);
        expect((await state('GET', { params, version })).json()).toEqual({ name: 'original' });

        expect((await state('POST', { params, body: { more: 1 }, headers: { 'if-match': etag }, version })).statusCode).toBe(204);
        const merged = await state('GET', { params, version });
        expect(merged.json()).toEqual({ name: 'original', more: 1 });
        expect((await state('PUT', { params, body: { name: 'replaced' }, headers: { 'if-match': etag }, version })).statusCode).toBe(412);
        expect((await state('PUT', { params, body: { name: 'replaced' }, headers: { 'if-match': String(merged.headers.etag) }, version })).statusCode).toBe(204);
        const replaced = await state('GET', { params, version });
        expect(replaced.json()).toEqual({ name: 'replaced' });
        expect((await state('DELETE', { params, headers: { 'if-match': String(replaced.headers.etag) }, version })).statusCode).toBe(204);
        expect((await state('GET', { params, version })).statusCode).toBe(404);
      });
    }

    it('loses no concurrent merge into a new document', async () => {
      const params = stateParams();
      const posts = Array.from({ length: 8 }, (_, i) => state('POST', { params, body: { [`key${i}`]: i } }));
      expect((await Promise.all(posts)).map((res) => res.statusCode)).toEqual(Array(8).fill(204));
      expect(Object.keys((await state('GET', { params })).json()).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `key${i}`).sort());
    });
  });

  it('refuses a document above 1 MiB with 413, storing nothing; a merge that would grow past it too', async () => {
    const params = stateParams();
    const tooBig = await state('PUT', { params, body: Buffer.alloc(1024 * 1024 + 1, 'a'), contentType: 'text/plain' });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().code).toBe('LRS_DOCUMENT_TOO_LARGE');
    expect((await state('GET', { params })).statusCode).toBe(404);

    const half = 'x'.repeat(600 * 1024);
    expect((await state('POST', { params, body: { a: half } })).statusCode).toBe(204);
    expect((await state('POST', { params, body: { b: half } })).statusCode).toBe(413);
    expect(Object.keys((await state('GET', { params })).json())).toEqual(['a']);
  });

  it('takes a PUT in 1.0.3’s alternate request syntax (a form with the headers, parameters and content)', async () => {
    const params = stateParams();
    const credentials = await site.newKey(['state']);
    const form = new URLSearchParams({
      Authorization: credentials,
      'X-Experience-API-Version': '1.0.3',
      'Content-Type': 'application/json',
      content: JSON.stringify({ bookmark: 'slide-9' }),
      activityId: ACTIVITY,
      agent: JSON.stringify(AGENT),
      stateId: params.stateId,
    });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/xapi/activities/state?method=PUT',
      headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    expect(res.statusCode).toBe(204);
    const get = await state('GET', { params });
    expect(get.json()).toEqual({ bookmark: 'slide-9' });
    expect(get.headers['content-type']).toBe('application/json');
  });

  it('keeps each site’s documents to itself', async () => {
    const params = stateParams();
    await state('PUT', { params, body: { site: 'mine' } });
    expect((await state('GET', { params }, other)).statusCode).toBe(404);
    const { stateId: _stateId, ...context } = params;
    expect((await state('GET', { params: context }, other)).json()).toEqual([]);
    // The same names on the other site are another document, and deleting there leaves this one.
    await state('PUT', { params, body: { site: 'theirs' } }, other);
    await state('DELETE', { params: context }, other);
    expect((await state('GET', { params })).json()).toEqual({ site: 'mine' });
    // Another site's key opens nothing here.
    const foreign = await site.xapi({ method: 'GET', url: `/xapi/activities/state${query(params)}`, headers: { authorization: await other.newKey() } });
    expect(foreign.statusCode).toBe(401);
  });

  it('asks for the key’s scopes: state (or all) to write, state or all/read to read', async () => {
    const params = stateParams();
    await state('PUT', { params, body: { n: 1 } });
    const url = `/xapi/activities/state${query(params)}`;
    const as = async (scopes: Parameters<LrsTestSite['newKey']>[0], method: 'GET' | 'PUT') =>
      (await site.xapi({ method, url, headers: { authorization: await site.newKey(scopes), 'content-type': 'application/json', 'if-match': '*' }, ...(method === 'PUT' ? { payload: '{"n":2}' } : {}) })).statusCode;
    expect(await as(['profile'], 'GET')).toBe(403);
    expect(await as(['statements/write'], 'PUT')).toBe(403);
    expect(await as(['all/read'], 'GET')).toBe(200);
    expect(await as(['all/read'], 'PUT')).toBe(403);
    expect(await as(['state'], 'GET')).toBe(200);
    expect(await as(['state'], 'PUT')).toBe(204);
    expect((await state('GET', { params })).json()).toEqual({ n: 2 });
  });
});
