import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createLrsTestSite, type LrsTestSite } from '../lrs.test-support.js';
import { ACTIVITY, AGENT, documentRequest, freshId, type DocumentRequest } from './documents.test-support.js';

type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

// The two profile resources behave alike; each runs the same tests with its own context parameter.
const PROFILES = [
  { name: 'Activity Profile', path: '/activities/profile', context: () => ({ activityId: `${ACTIVITY}/${freshId('activity')}` }), contextName: 'activityId' },
  { name: 'Agent Profile', path: '/agents/profile', context: () => ({ agent: { objectType: 'Agent', mbox: `mailto:${freshId('agent')}@example.com` } }), contextName: 'agent' },
] as const;

describe(`the profile resources (${engine})`, () => {
  let ctx: TestContext;
  let site: LrsTestSite;
  let other: LrsTestSite;

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createLrsTestSite(ctx, 'lrs-profiles');
    other = await createLrsTestSite(ctx, 'lrs-profiles-other');
  });
  afterAll(() => ctx?.close());

  for (const profile of PROFILES) {
    describe(profile.name, () => {
      const call = (method: Method, request: DocumentRequest, on: LrsTestSite = site) => documentRequest(on, method, profile.path, request);
      const newDocument = () => ({ ...profile.context(), profileId: freshId('profile') });
      const create = async (params: Record<string, unknown>, body: unknown, version?: string) => {
        const res = await call('PUT', { params, body, headers: { 'if-none-match': '*' }, ...(version ? { version } : {}) });
        expect(res.statusCode).toBe(204);
      };
      const etagOf = async (params: Record<string, unknown>) => String((await call('GET', { params })).headers.etag);

      it('stores with PUT (If-None-Match: *), answers GET and HEAD with ETag and Last-Modified, deletes with 204 (also what is not there)', async () => {
        const params = newDocument();
        await create(params, { level: 3 });
        const get = await call('GET', { params });
        expect(get.statusCode).toBe(200);
        expect(get.json()).toEqual({ level: 3 });
        expect(get.headers.etag).toMatch(/^"[0-9a-f]{40}"$/);
        expect(Date.parse(String(get.headers['last-modified']))).not.toBeNaN();
        const head = await call('HEAD', { params });
        expect(head.statusCode).toBe(200);
        expect(head.body).toBe('');
        expect(head.headers.etag).toBe(get.headers.etag);

        expect((await call('DELETE', { params })).statusCode).toBe(204);
        expect((await call('GET', { params })).statusCode).toBe(404);
        expect((await call('DELETE', { params })).statusCode).toBe(204);
      });

      it('POSTs without preconditions: stores a new document, merges JSON objects, refuses to merge anything else', async () => {
        const params = newDocument();
        expect((await call('POST', { params, body: { car: 'Honda' } })).statusCode).toBe(204);
        expect((await call('POST', { params, body: { type: 'Civic' } })).statusCode).toBe(204);
        expect((await call('GET', { params })).json()).toEqual({ car: 'Honda', type: 'Civic' });
        expect((await call('POST', { params, body: 'abc', contentType: 'application/octet-stream' })).statusCode).toBe(400);
        expect((await call('POST', { params, body: '{"x":1}[', contentType: 'application/json' })).statusCode).toBe(400);
        expect((await call('GET', { params })).json()).toEqual({ car: 'Honda', type: 'Civic' });

        const fresh = newDocument();
        expect((await call('POST', { params: fresh, body: '{"x":1}[', contentType: 'application/json' })).statusCode).toBe(400);
        expect((await call('GET', { params: fresh })).statusCode).toBe(404);

        const binary = newDocument();
        await create(binary, '/ asdf / undefined');
        expect((await call('POST', { params: binary, body: { car: 'Civic' } })).statusCode).toBe(400);
      });

      it('lists the ids of its documents, changed after `since` if given', async () => {
        const context = profile.context();
        expect((await call('GET', { params: context })).json()).toEqual([]);
        await create({ ...context, profileId: 'first' }, { n: 1 });
        await new Promise((resolve) => setTimeout(resolve, 20));
        const between = new Date().toISOString();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await create({ ...context, profileId: 'second' }, { n: 2 });
        await create({ ...profile.context(), profileId: 'elsewhere' }, { n: 3 });
        expect((await call('GET', { params: context })).json()).toEqual(['first', 'second']);
        expect((await call('GET', { params: { ...context, since: between } })).json()).toEqual(['second']);
        const refused = await call('GET', { params: { ...context, profileId: 'first', since: between } });
        expect(refused.json()).toMatchObject({ code: 'LRS_PARAMETER_NOT_ALLOWED', field: 'since' });
        expect((await call('GET', { params: { ...context, since: 'yesterday' } })).json()).toMatchObject({ code: 'LRS_PARAMETER_INVALID', field: 'since' });
      });

      it('refuses missing, malformed and unknown parameters with 400', async () => {
        const params = newDocument();
        const withBody = (method: Method) => (method === 'PUT' || method === 'POST' ? { body: { n: 1 }, headers: { 'if-none-match': '*' } } : {});
        for (const method of ['PUT', 'POST', 'DELETE', 'GET'] as const) {
          const { [profile.contextName]: _context, ...withoutContext } = params as Record<string, unknown>;
          const res = await call(method, { params: withoutContext, ...withBody(method) });
          expect(res.json(), method).toMatchObject({ code: 'LRS_PARAMETER_MISSING', field: profile.contextName });
          if (method === 'GET') continue;
          const { profileId: _profileId, ...withoutId } = params;
          expect((await call(method, { params: withoutId, ...withBody(method) })).json(), method).toMatchObject({ code: 'LRS_PARAMETER_MISSING', field: 'profileId' });
        }
        const refusals: [Record<string, unknown>, string, string][] = [
          [{ ...params, [profile.contextName]: 'true' }, profile.contextName, 'LRS_PARAMETER_INVALID'],
          [{ ...params, stateId: 's' }, 'stateId', 'LRS_PARAMETER_UNKNOWN'],
          [{ ...params, registration: '8f87ccde-bb56-4c2e-ab83-44982ef22df0' }, 'registration', 'LRS_PARAMETER_UNKNOWN'],
          [{ ...params, ProfileId: 'p' }, 'ProfileId', 'LRS_PARAMETER_UNKNOWN'],
          [{ ...params, since: new Date().toISOString() }, 'since', 'LRS_PARAMETER_NOT_ALLOWED'],
          [{ ...params, profileId: '' }, 'profileId', 'LRS_PARAMETER_INVALID'],
        ];
        for (const [refused, field, code] of refusals) {
          const res = await call('PUT', { params: refused, body: { n: 1 }, headers: { 'if-none-match': '*' } });
          expect(res.statusCode, field).toBe(400);
          expect(res.json()).toMatchObject({ code, field });
        }
        expect((await call('GET', { params })).statusCode).toBe(404);
      });

      describe('concurrency', () => {
        it('1.0.3 refuses a PUT without If-Match or If-None-Match: 400 for a new document, 409 for an existing one, changing nothing', async () => {
          const params = newDocument();
          const fresh = await call('PUT', { params, body: { n: 1 } });
          expect(fresh.statusCode).toBe(400);
          expect(fresh.json().code).toBe('LRS_DOCUMENT_PRECONDITION_REQUIRED');
          expect((await call('GET', { params })).statusCode).toBe(404);

          await create(params, { n: 1 });
          const conflict = await call('PUT', { params, body: { n: 2 } });
          expect(conflict.statusCode).toBe(409);
          expect(conflict.json()).toMatchObject({ code: 'LRS_DOCUMENT_CONFLICT', message: expect.stringContaining('If-Match') });
          expect((await call('GET', { params })).json()).toEqual({ n: 1 });
        });

        it('2.0.0 stores a new document without preconditions and refuses to replace one with 409', async () => {
          const params = newDocument();
          expect((await call('PUT', { params, body: { n: 1 }, version: '2.0.0' })).statusCode).toBe(204);
          expect((await call('PUT', { params, body: { n: 2 }, version: '2.0.0' })).statusCode).toBe(409);
          expect((await call('GET', { params, version: '2.0.0' })).json()).toEqual({ n: 1 });
        });

        for (const version of ['1.0.3', '2.0.0']) {
          it(`${version}: If-Match replaces only the version it names; If-None-Match: * only creates; a failed precondition is 412 and changes nothing`, async () => {
            const params = newDocument();
            await create(params, { n: 1 }, version);
            expect((await call('PUT', { params, body: { n: 2 }, headers: { 'if-none-match': '*' }, version })).statusCode).toBe(412);
            expect((await call('PUT', { params, body: { n: 2 }, headers: { 'if-match': '"1111111111111111111111111111111111111111"' }, version })).statusCode).toBe(412);
            expect((await call('POST', { params, body: { m: 2 }, headers: { 'if-match': '"1234"' }, version })).statusCode).toBe(412);
            expect((await call('DELETE', { params, headers: { 'if-match': '"1234"' }, version })).statusCode).toBe(412);
            expect((await call('GET', { params, version })).json()).toEqual({ n: 1 });

            const etag = await etagOf(params);
            expect((await call('PUT', { params, body: { n: 3 }, headers: { 'if-match': etag }, version })).statusCode).toBe(204);
            // The tag it replaced names nothing any more.
            expect((await call('PUT', { params, body: { n: 4 }, headers: { 'if-match': etag }, version })).statusCode).toBe(412);
            expect((await call('POST', { params, body: { m: 5 }, headers: { 'if-match': await etagOf(params) }, version })).statusCode).toBe(204);
            expect((await call('GET', { params, version })).json()).toEqual({ n: 3, m: 5 });
            expect((await call('DELETE', { params, headers: { 'if-match': await etagOf(params) }, version })).statusCode).toBe(204);
            expect((await call('GET', { params, version })).statusCode).toBe(404);
          });
        }

        it('takes If-Match as `*`, as a list, weak (W/"…") or without quotes; If-Match on a missing document fails', async () => {
          const params = newDocument();
          expect((await call('PUT', { params, body: { n: 0 }, headers: { 'if-match': '*' } })).statusCode).toBe(412);
          expect((await call('PUT', { params, body: { n: 0 }, headers: { 'if-match': '"0000000000000000000000000000000000000000"' } })).statusCode).toBe(412);
          await create(params, { n: 1 });
          expect((await call('PUT', { params, body: { n: 2 }, headers: { 'if-match': '*' } })).statusCode).toBe(204);
          const forms = [(tag: string) => `"abc", "${tag}"`, (tag: string) => `W/"${tag}"`, (tag: string) => tag, (tag: string) => tag.toUpperCase()];
          for (const [i, form] of forms.entries()) {
            const header = form((await etagOf(params)).slice(1, -1));
            expect((await call('PUT', { params, body: { n: 3 + i }, headers: { 'if-match': header } })).statusCode, header).toBe(204);
          }
          const malformed = await call('PUT', { params, body: { n: 9 }, headers: { 'if-match': '"abc" "def"' } });
          expect(malformed.statusCode).toBe(400);
          expect(malformed.json()).toMatchObject({ code: 'LRS_HEADER_INVALID', field: 'If-Match' });
          // If-None-Match with the current tag fails like `*`.
          expect((await call('PUT', { params, body: { n: 9 }, headers: { 'if-none-match': await etagOf(params) } })).statusCode).toBe(412);
          expect((await call('GET', { params })).json()).toEqual({ n: 6 });
        });
      });

      it('keeps each site’s documents to itself', async () => {
        const params = newDocument();
        await create(params, { site: 'mine' });
        expect((await call('GET', { params }, other)).statusCode).toBe(404);
        const { profileId: _profileId, ...context } = params;
        expect((await call('GET', { params: context }, other)).json()).toEqual([]);
        // Creating the same names there is no conflict with this site's document.
        expect((await call('PUT', { params, body: { site: 'theirs' }, headers: { 'if-none-match': '*' } }, other)).statusCode).toBe(204);
        expect((await call('GET', { params })).json()).toEqual({ site: 'mine' });
      });
    });
  }

  it('keeps State, Activity Profile and Agent Profile documents of the same names apart', async () => {
    const id = freshId('shared');
    await documentRequest(site, 'PUT', '/activities/state', { params: { activityId: ACTIVITY, agent: AGENT, stateId: id }, body: { from: 'state' } });
    await documentRequest(site, 'PUT', '/activities/profile', { params: { activityId: ACTIVITY, profileId: id }, body: { from: 'activity' }, headers: { 'if-none-match': '*' } });
    await documentRequest(site, 'PUT', '/agents/profile', { params: { agent: AGENT, profileId: id }, body: { from: 'agent' }, headers: { 'if-none-match': '*' } });
    expect((await documentRequest(site, 'GET', '/activities/state', { params: { activityId: ACTIVITY, agent: AGENT, stateId: id } })).json()).toEqual({ from: 'state' });
    expect((await documentRequest(site, 'GET', '/activities/profile', { params: { activityId: ACTIVITY, profileId: id } })).json()).toEqual({ from: 'activity' });
    expect((await documentRequest(site, 'GET', '/agents/profile', { params: { agent: AGENT, profileId: id } })).json()).toEqual({ from: 'agent' });
  });

  it('asks for the profile scope (or all) to write and profile or all/read to read', async () => {
    const params = { activityId: ACTIVITY, profileId: freshId('scopes') };
    const url = `/xapi/activities/profile?activityId=${encodeURIComponent(ACTIVITY)}&profileId=${params.profileId}`;
    const as = async (scopes: Parameters<LrsTestSite['newKey']>[0], method: 'GET' | 'PUT') =>
      (await site.xapi({ method, url, headers: { authorization: await site.newKey(scopes), 'content-type': 'application/json', 'if-none-match': '*' }, ...(method === 'PUT' ? { payload: '{}' } : {}) })).statusCode;
    expect(await as(['state'], 'PUT')).toBe(403);
    expect(await as(['all/read'], 'PUT')).toBe(403);
    expect(await as(['profile'], 'PUT')).toBe(204);
    expect(await as(['all/read'], 'GET')).toBe(200);
    expect(await as(['statements/read'], 'GET')).toBe(403);
  });
});
