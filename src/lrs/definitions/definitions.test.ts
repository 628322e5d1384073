import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { query } from '../documents/documents.test-support.js';
import { createLrsTestSite, type LrsTestSite } from '../lrs.test-support.js';
import { xapiActivities } from '../statements/statements.schema.js';

const MEETING = 'http://www.example.com/meetings/occurances/34534';
const DEFINITION = {
  type: 'http://adlnet.gov/expapi/activities/meeting',
  name: { 'en-US': 'example meeting', 'fr-FR': 'réunion' },
  moreInfo: 'http://virtualmeeting.example.com/345256',
};

describe(`the Activities and Agents resources (${engine})`, () => {
  let ctx: TestContext;
  let site: LrsTestSite;
  let other: LrsTestSite;

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createLrsTestSite(ctx, 'lrs-definitions');
    other = await createLrsTestSite(ctx, 'lrs-definitions-other');
    // What the statements side keeps when statements name the activity.
    await ctx.db.withTenant(site.tenant.id, (tx) => tx.insert(xapiActivities).values({ activityId: MEETING, definition: DEFINITION }));
  });
  afterAll(() => ctx?.close());

  describe('Activities', () => {
    it('answers the Activity with the definition the LRS keeps, and HEAD the same without the body', async () => {
      const res = await site.xapi({ method: 'GET', url: `/xapi/activities${query({ activityId: MEETING })}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ objectType: 'Activity', id: MEETING, definition: DEFINITION });
      const head = await site.xapi({ method: 'HEAD', url: `/xapi/activities${query({ activityId: MEETING })}` }, '2.0.0');
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe('');
    });

    it('keeps everything statements said of an activity: the latest word per property, the languages of name and description merged', async () => {
      const id = 'http://example.com/activities/merged';
      const send = (definition: object) =>
        site.xapi({ method: 'POST', url: '/xapi/statements', payload: { actor: { mbox: 'mailto:ada@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/attended' }, object: { id, definition } } });
      expect((await send({ name: { 'en-GB': 'example meeting' }, type: 'http://adlnet.gov/expapi/activities/meeting' })).statusCode).toBe(200);
      expect((await send({ name: { 'en-US': 'example meeting (US)' }, description: { 'en-US': 'a meeting' } })).statusCode).toBe(200);
      // Two words in one batch add up too.
      const batch = await site.xapi({
        method: 'POST',
        url: '/xapi/statements',
        payload: [{ name: { 'fr-FR': 'réunion' } }, { name: { 'de-DE': 'Besprechung' } }].map((definition) => ({ actor: { mbox: 'mailto:ada@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/attended' }, object: { id, definition } })),
      });
      expect(batch.statusCode).toBe(200);
      const res = await site.xapi({ method: 'GET', url: `/xapi/activities?activityId=${encodeURIComponent(id)}` });
      expect(res.json().definition).toEqual({
        name: { 'en-GB': 'example meeting', 'en-US': 'example meeting (US)', 'fr-FR': 'réunion', 'de-DE': 'Besprechung' },
        description: { 'en-US': 'a meeting' },
        type: 'http://adlnet.gov/expapi/activities/meeting',
      });
    });

    it('writes nothing when a statement repeats what is stored of its activity', async () => {
      const id = 'http://example.com/activities/repeated';
      const send = () =>
        site.xapi({ method: 'POST', url: '/xapi/statements', payload: { actor: { mbox: 'mailto:ada@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/attended' }, object: { id, definition: { name: { 'en-US': 'repeated' } } } } });
      const updatedAt = async () => (await ctx.db.withTenant(site.tenant.id, (tx) => tx.select({ at: xapiActivities.updatedAt }).from(xapiActivities).where(eq(xapiActivities.activityId, id))))[0]!.at.getTime();
      expect((await send()).statusCode).toBe(200);
      const first = await updatedAt();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await send()).statusCode).toBe(200);
      expect(await updatedAt()).toBe(first);
    });

    it('answers an Activity it never saw with its id only, and another site’s activity likewise', async () => {
      const unknown = 'http://www.example.com/never-before-seen-activityId/1';
      expect((await site.xapi({ method: 'GET', url: `/xapi/activities${query({ activityId: unknown })}` }, '2.0.0')).json()).toEqual({ objectType: 'Activity', id: unknown });
      expect((await other.xapi({ method: 'GET', url: `/xapi/activities${query({ activityId: MEETING })}` })).json()).toEqual({ objectType: 'Activity', id: MEETING });
    });

    it('refuses a missing, malformed or unknown parameter with 400', async () => {
      const refusals: [string, string, string][] = [
        ['', 'activityId', 'LRS_PARAMETER_MISSING'],
        [query({ activityId: 'true' }), 'activityId', 'LRS_PARAMETER_INVALID'],
        [query({ activityId: MEETING, agent: { mbox: 'mailto:a@example.com' } }), 'agent', 'LRS_PARAMETER_UNKNOWN'],
        [query({ activityid: MEETING }), 'activityid', 'LRS_PARAMETER_UNKNOWN'],
      ];
      for (const [search, field, code] of refusals) {
        const res = await site.xapi({ method: 'GET', url: `/xapi/activities${search}` });
        expect(res.statusCode, search).toBe(400);
        expect(res.json()).toMatchObject({ code, field });
      }
      expect((await site.xapi({ method: 'PUT', url: `/xapi/activities${query({ activityId: MEETING })}`, payload: '{}' })).statusCode).toBe(405);
    });

    it('is read by keys that read statements or profiles', async () => {
      const url = `/xapi/activities${query({ activityId: MEETING })}`;
      for (const [scope, status] of [['statements/read', 200], ['profile', 200], ['all/read', 200], ['state', 403], ['statements/write', 403]] as const) {
        const res = await site.xapi({ method: 'GET', url, headers: { authorization: await site.newKey([scope]) } });
        expect(res.statusCode, scope).toBe(status);
      }
    });
  });

  describe('Agents', () => {
    const person = (agent: unknown, version?: string) => site.xapi({ method: 'GET', url: `/xapi/agents${query({ agent })}` }, version);

    it('answers a Person of the Agent given, each property an array', async () => {
      const byMbox = await person({ objectType: 'Agent', name: 'xAPI mbox', mbox: 'mailto:xapi@adlnet.gov' });
      expect(byMbox.statusCode).toBe(200);
      expect(byMbox.json()).toEqual({ objectType: 'Person', name: ['xAPI mbox'], mbox: ['mailto:xapi@adlnet.gov'] });
      expect((await person({ mbox_sha1sum: 'cd9b00a5611f94eaa7b1661edab976068e364975' }, '2.0.0')).json()).toEqual({ objectType: 'Person', mbox_sha1sum: ['cd9b00a5611f94eaa7b1661edab976068e364975'] });
      expect((await person({ name: 'xAPI openid', openid: 'http://openid.example.org/12345' })).json()).toEqual({ objectType: 'Person', name: ['xAPI openid'], openid: ['http://openid.example.org/12345'] });
      const account = { homePage: 'http://www.example.com', name: 'xAPI account name' };
      expect((await person({ account })).json()).toEqual({ objectType: 'Person', account: [account] });
      const head = await site.xapi({ method: 'HEAD', url: `/xapi/agents${query({ agent: { account } })}` });
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe('');
    });

    it('refuses a missing agent, an agent that is no Agent, and a Group with 400', async () => {
      expect((await site.xapi({ method: 'GET', url: '/xapi/agents' })).json()).toMatchObject({ code: 'LRS_PARAMETER_MISSING', field: 'agent' });
      const refused = [
        'not JSON',
        { objectType: 'Agent', name: 'Rick James' },
        { objectType: 'Group', account: { homePage: 'http://www.example.com', name: 'team' } },
        { mbox: 'mailto:a@example.com', account: { homePage: 'http://www.example.com', name: 'a' } },
      ];
      for (const agent of refused) {
        const res = await person(agent);
        expect(res.statusCode, JSON.stringify(agent)).toBe(400);
        expect(res.json()).toMatchObject({ code: 'LRS_PARAMETER_INVALID', field: 'agent' });
      }
      expect((await site.xapi({ method: 'GET', url: `/xapi/agents${query({ agent: { mbox: 'mailto:a@example.com' }, profileId: 'x' })}` })).json()).toMatchObject({ code: 'LRS_PARAMETER_UNKNOWN', field: 'profileId' });
    });

    it('needs a key that reads statements or profiles', async () => {
      const url = `/xapi/agents${query({ agent: { mbox: 'mailto:a@example.com' } })}`;
      expect((await site.xapi({ method: 'GET', url, headers: { authorization: await site.newKey(['state']) } })).statusCode).toBe(403);
      expect((await site.xapi({ method: 'GET', url, headers: { authorization: await site.newKey(['statements/read/mine']) } })).statusCode).toBe(200);
    });
  });
});
