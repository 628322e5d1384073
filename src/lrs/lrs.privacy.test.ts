import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { CompactSign } from 'jose';
import { unzipText as unzip } from '../../test/zip-fixtures.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, signInCookie, type TestContext } from '../../test/app.js';
import { engine } from '../../test/db.js';
import { queryRows } from '../platform/db/client.js';
import { createUser } from '../platform/identity/users.service.js';
import { buildMultipartMixed } from './attachments/multipart-mixed.js';
import { SIGNATURE_USAGE_TYPE } from './attachments/statement-signature.js';
import { documentRequest, query } from './documents/documents.test-support.js';
import { lrsPersonOf, withOthersConcealed, withPersonReplaced } from './lrs-privacy.repository.js';
import { createLrsTestSite, type LrsTestSite } from './lrs.test-support.js';

type Json = Record<string, unknown>;

const COURSE = 'https://courses.example.com/fire-safety';
const VERBS = 'http://adlnet.gov/expapi/verbs/';
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

describe(`a person's xAPI records at export and erasure (${engine})`, () => {
  let ctx: TestContext;
  let site: LrsTestSite;
  let adminCookie: string;
  let siteUrl: string;
  const grace = { id: '', email: 'grace.hopper@acme.test' };
  const alan = { id: '', email: 'alan.turing@acme.test' };
  const registration = randomUUID();
  const ids = { launched: randomUUID(), launchedSlash: randomUUID(), byMail: randomUUID(), byMailOtherCase: randomUUID(), mentored: randomUUID(), alans: randomUUID(), comment: randomUUID() };

  // Grace as the site's launches name her (her user id at the site's address, with her display name), and as other clients may.
  const graceAccount = () => ({ objectType: 'Agent', name: 'Grace Hopper', account: { homePage: siteUrl, name: grace.id } });
  const graceAccountSlash = () => ({ name: 'Grace Hopper', account: { homePage: `${siteUrl}/`, name: grace.id } });
  const graceMail = { name: 'Grace Hopper', mbox: 'mailto:grace.hopper@acme.test' };
  // Another client may write the address in other letters: export and erasure find it all the same.
  const graceMailOtherCase = { mbox: 'mailto:Grace.Hopper@ACME.test' };
  const graceSha1 = { name: 'Grace Hopper', mbox_sha1sum: sha1(`mailto:${'grace.hopper@acme.test'}`) };
  const alanAccount = () => ({ objectType: 'Agent', name: 'Alan Turing', account: { homePage: siteUrl, name: alan.id } });

  const statementsOfSite = async () =>
    new Map(
      (await queryRows<{ id: string; statement: Json; text: string }>(ctx.db.owner, sql`select id, statement, statement::text as text from xapi_statements where tenant_id = ${site.tenant.id} order by seq`)).map((row) => [row.id, row]),
    );
  const documentsOfSite = async () =>
    queryRows<{ kind: string; document_id: string }>(ctx.db.owner, sql`select kind, document_id from xapi_documents where tenant_id = ${site.tenant.id} order by document_id`);
  /** The ids GET /xapi/statements finds for an agent (with related_agents: as authority, instructor, object, by reference). */
  const idsFor = async (agent: Json) => {
    const res = await site.xapi({ method: 'GET', url: `/xapi/statements${query({ agent, related_agents: 'true', limit: '100' })}` });
    expect(res.statusCode).toBe(200);
    return (res.json().statements as Json[]).map((statement) => statement.id as string).sort();
  };
  const state = (method: 'PUT' | 'GET', agent: Json, stateId: string, body?: unknown) => documentRequest(site, method, '/activities/state', { params: { activityId: COURSE, agent, stateId }, ...(body ? { body } : {}) });

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createLrsTestSite(ctx, 'lrs-privacy');
    adminCookie = await signInCookie(ctx.app, site.host, site.email, site.password);
    siteUrl = ctx.app.siteUrlOf(site.tenant);
    grace.id = (await createUser(ctx.db, site.tenant.id, { email: grace.email, firstName: 'Grace', lastName: 'Hopper', roles: ['learner'], password: PASSWORD })).id;
    alan.id = (await createUser(ctx.db, site.tenant.id, { email: alan.email, firstName: 'Alan', lastName: 'Turing', roles: ['learner'], password: PASSWORD })).id;

    const statements = [
      // As a launched course sends them: the launch's actor, once with the site's address as given, once with a trailing slash.
      { id: ids.launched, actor: graceAccount(), verb: { id: `${VERBS}completed` }, object: { id: COURSE }, result: { score: { scaled: 0.9 }, completion: true }, context: { registration } },
      { id: ids.launchedSlash, actor: graceAccountSlash(), verb: { id: `${VERBS}passed` }, object: { id: COURSE }, result: { score: { scaled: 0.8 }, success: true }, context: { registration } },
      // As another system sends them, by e-mail address, mentioning it in a response too (in other letters).
      { id: ids.byMail, actor: graceMail, verb: { id: `${VERBS}answered` }, object: { id: `${COURSE}/q1` }, result: { score: { raw: 5, min: 0, max: 10 }, response: 'Contact: Grace.Hopper@acme.test (GRACE  hopper)' } },
      { id: ids.byMailOtherCase, actor: graceMailOtherCase, verb: { id: `${VERBS}experienced` }, object: { id: `${COURSE}/intro` } },
      // Alan's statement about Grace: she is its object (an Agent) and its instructor.
      { id: ids.mentored, actor: alanAccount(), verb: { id: `${VERBS}mentored` }, object: graceAccount(), context: { instructor: graceSha1 } },
      { id: ids.alans, actor: alanAccount(), verb: { id: `${VERBS}completed` }, object: { id: COURSE }, result: { score: { scaled: 0.7 }, completion: true }, context: { registration: randomUUID() } },
    ];
    const posted = await site.xapi({ method: 'POST', url: '/xapi/statements', payload: statements });
    expect(posted.statusCode).toBe(200);
    // A comment on Grace's statement (found by her agent through the reference).
    const comment = await site.xapi({ method: 'POST', url: '/xapi/statements', payload: { id: ids.comment, actor: alanAccount(), verb: { id: `${VERBS}commented` }, object: { objectType: 'StatementRef', id: ids.launched } } });
    expect(comment.statusCode).toBe(200);

    expect((await state('PUT', graceAccount(), 'bookmark', { page: 'grace-page-7' })).statusCode).toBe(204);
    expect((await state('PUT', { mbox: graceMail.mbox }, 'notes', { note: 'graces-note' })).statusCode).toBe(204);
    expect((await state('PUT', alanAccount(), 'bookmark', { page: 'alan-page-3' })).statusCode).toBe(204);
    const profile = await documentRequest(site, 'PUT', '/agents/profile', { params: { agent: graceAccount(), profileId: 'preferences' }, body: { language: 'en' }, headers: { 'if-none-match': '*' } });
    expect(profile.statusCode).toBe(204);
    const activityProfile = await documentRequest(site, 'PUT', '/activities/profile', { params: { activityId: COURSE, profileId: 'course-settings' }, body: { passMark: 80 }, headers: { 'if-none-match': '*' } });
    expect(activityProfile.statusCode).toBe(204);
  }, 120_000);
  afterAll(() => ctx?.close());

  it('exports the statements that name the person, however they name her, and her documents; nobody else’s', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/admin/users/${grace.id}/privacy-export`, headers: { host: site.host, cookie: adminCookie } });
    expect(res.statusCode).toBe(200);
    const files = await unzip(res.rawPayload);
    const exported = JSON.parse(files.get('lrs/xapi-statements.json')!) as Json[];
    const exportedIds = exported.map((statement) => statement.id);
    expect(exportedIds).toEqual([ids.launched, ids.launchedSlash, ids.byMail, ids.byMailOtherCase, ids.mentored]);
    expect(exportedIds).not.toContain(ids.alans);
    expect(exportedIds).not.toContain(ids.comment);
    // Alan's statement about her holds her, not him.
    for (const trace of ['Turing', 'alan.turing', alan.id]) expect(files.get('lrs/xapi-statements.json')).not.toContain(trace);
    expect(exported.find((statement) => statement.id === ids.mentored)).toMatchObject({ actor: { objectType: 'Agent', name: 'another person' }, object: graceAccount(), context: { instructor: graceSha1 } });
    const documents = JSON.parse(files.get('lrs/xapi-documents.json')!) as Json[];
    expect(documents.map((document) => `${String(document.kind)}:${String(document.documentId)}`).sort()).toEqual(['agent_profile:preferences', 'state:bookmark', 'state:notes']);
    expect(files.get('lrs/xapi-documents.json')).toContain('grace-page-7');
    expect(files.get('lrs/xapi-documents.json')).not.toContain('alan-page-3');
    expect(files.get('lrs/xapi-documents.json')).not.toContain('passMark');
  });

  it('leaves the statements counting and scoring the same under one pseudonym, deletes her documents, leaves Alan’s alone, and takes her mail out of the queue', async () => {
    const before = await statementsOfSite();
    const graceIdsBefore = [...new Set([...(await idsFor(graceAccount())), ...(await idsFor(graceAccountSlash())), ...(await idsFor({ mbox: graceMail.mbox })), ...(await idsFor(graceMailOtherCase)), ...(await idsFor({ mbox_sha1sum: graceSha1.mbox_sha1sum }))])].sort();
    expect(graceIdsBefore).toEqual([ids.launched, ids.launchedSlash, ids.byMail, ids.byMailOtherCase, ids.mentored, ids.comment].sort());
    const alanIdsBefore = await idsFor(alanAccount());
    expect([...before.values()].some((row) => row.text.includes('Hopper'))).toBe(true);
    await ctx.db.owner.execute(
      sql`insert into jobs (tenant_id, kind, payload) values
            (${site.tenant.id}, 'mail.send', ${JSON.stringify({ to: 'Grace.Hopper@acme.test', template: 'due', subject: 'Due', text: 'Dear Grace', html: '' })}::jsonb),
            (${site.tenant.id}, 'mail.send', ${JSON.stringify({ to: alan.email, template: 'due', subject: 'Due', text: 'Dear Alan', html: '' })}::jsonb)`,
    );

    const erased = await ctx.app.inject({ method: 'POST', url: `/api/admin/users/${grace.id}/erase`, headers: { host: site.host, cookie: adminCookie }, payload: { confirmEmail: grace.email } });
    expect(erased.statusCode).toBe(204);

    const after = await statementsOfSite();
    // Nothing in any statement names her any more: not her name, address, its SHA-1 or her user id.
    for (const row of after.values()) {
      for (const trace of ['Hopper', 'grace.hopper', graceSha1.mbox_sha1sum, grace.id]) expect(row.text.toLowerCase(), `${row.id} still holds ${trace}`).not.toContain(trace.toLowerCase());
    }
    // The same statements, with the same verbs, objects (unless it was her), results, registrations and times.
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const strip = (statement: Json) => {
      const { actor: _actor, object, context, result, ...rest } = statement;
      const { instructor: _instructor, ...otherContext } = (context ?? {}) as Json;
      const { response: _response, ...otherResult } = (result ?? {}) as Json;
      return { ...rest, object: (object as Json).objectType === 'Agent' ? 'agent' : object, context: otherContext, result: otherResult };
    };
    for (const [id, row] of after) expect(strip(row.statement), id).toEqual(strip(before.get(id)!.statement));
    const [counts] = await queryRows<{ n: number; scaled: string; raw: string }>(
      ctx.db.owner,
      sql`select count(*)::int as n, sum((statement->'result'->'score'->>'scaled')::numeric)::text as scaled, sum((statement->'result'->'score'->>'raw')::numeric)::text as raw
            from xapi_statements where tenant_id = ${site.tenant.id}`,
    );
    expect(counts).toEqual({ n: 7, scaled: '2.4', raw: '5' });

    // One pseudonym for her, wherever she stood: an account of the site, no name, no address.
    const pseudonym = after.get(ids.launched)!.statement.actor as Json;
    expect(pseudonym).toEqual({ objectType: 'Agent', account: { homePage: siteUrl, name: expect.stringMatching(/^erased-[0-9a-f-]{36}$/) } });
    expect(after.get(ids.launchedSlash)!.statement.actor).toEqual(pseudonym);
    expect(after.get(ids.byMail)!.statement.actor).toEqual(pseudonym);
    expect(after.get(ids.byMailOtherCase)!.statement.actor).toEqual(pseudonym);
    // Her address and her full name in free text (any letters, any spacing) became the pseudonym's name.
    const pseudonymName = (pseudonym.account as Json).name as string;
    expect((after.get(ids.byMail)!.statement.result as Json).response).toBe(`Contact: ${pseudonymName} (${pseudonymName})`);
    expect(after.get(ids.mentored)!.statement.object).toEqual(pseudonym);
    expect((after.get(ids.mentored)!.statement.context as Json).instructor).toEqual(pseudonym);
    expect(after.get(ids.mentored)!.statement.actor).toEqual(alanAccount());
    expect(after.get(ids.alans)!.statement).toEqual(before.get(ids.alans)!.statement);
    expect(after.get(ids.comment)!.statement).toEqual(before.get(ids.comment)!.statement);

    // Filters: her old identities find nothing, the pseudonym what they found; Alan's the same as before.
    for (const agent of [graceAccount(), graceAccountSlash(), { mbox: graceMail.mbox }, graceMailOtherCase, { mbox_sha1sum: graceSha1.mbox_sha1sum }]) expect(await idsFor(agent)).toEqual([]);
    expect(await idsFor(pseudonym)).toEqual(graceIdsBefore);
    expect(await idsFor(alanAccount())).toEqual(alanIdsBefore);
    const plain = await site.xapi({ method: 'GET', url: `/xapi/statements${query({ agent: pseudonym, limit: '100' })}` });
    expect((plain.json().statements as Json[]).map((statement) => statement.id).sort()).toEqual([ids.launched, ids.launchedSlash, ids.byMail, ids.byMailOtherCase, ids.mentored, ids.comment].sort());

    // Her State and Agent Profile documents are gone; Alan's and the course's Activity Profile stay.
    expect(await documentsOfSite()).toEqual([
      { kind: 'state', document_id: 'bookmark' },
      { kind: 'activity_profile', document_id: 'course-settings' },
    ]);
    expect((await state('GET', alanAccount(), 'bookmark')).json()).toEqual({ page: 'alan-page-3' });
    expect((await state('GET', graceAccount(), 'bookmark')).statusCode).toBe(404);

    // Her mail is out of the queue, Alan's is not.
    const mails = await queryRows<{ to: string }>(ctx.db.owner, sql`select payload->>'to' as "to" from jobs where tenant_id = ${site.tenant.id} and kind = 'mail.send'`);
    expect(mails).toEqual([{ to: alan.email }]);

    const [entry] = await queryRows<{ details: { removed: { lrs: Record<string, number> } } }>(
      ctx.db.owner,
      sql`select details from audit_events where tenant_id = ${site.tenant.id} and action = 'privacy.erased' and target_id = ${grace.id}`,
    );
    expect(entry?.details.removed.lrs).toMatchObject({ statementsAnonymised: 5, documentsDeleted: 3 });
  });

  it('deleting an account (not erasing it) leaves no statement or document naming the person either', async () => {
    const ada = { email: 'ada.lovelace@acme.test', id: '' };
    ada.id = (await createUser(ctx.db, site.tenant.id, { email: ada.email, firstName: 'Ada', lastName: 'Lovelace', roles: ['learner'], password: PASSWORD })).id;
    const adaAccount = { objectType: 'Agent', name: 'Ada Lovelace', account: { homePage: siteUrl, name: ada.id } };
    const byAccount = randomUUID();
    const byMail = randomUUID();
    const posted = await site.xapi({
      method: 'POST',
      url: '/xapi/statements',
      payload: [
        { id: byAccount, actor: adaAccount, verb: { id: `${VERBS}completed` }, object: { id: COURSE }, result: { completion: true } },
        { id: byMail, actor: { name: 'Ada Lovelace', mbox: `mailto:${ada.email}` }, verb: { id: `${VERBS}experienced` }, object: { id: COURSE } },
      ],
    });
    expect(posted.statusCode).toBe(200);
    expect((await state('PUT', adaAccount, 'bookmark', { page: 'ada-page-2' })).statusCode).toBe(204);
    // A signed statement: its JWS holds the statement as signed, her name and address with it.
    const signedId = randomUUID();
    const unsigned = { id: signedId, actor: { name: 'Ada Lovelace', mbox: `mailto:${ada.email}` }, verb: { id: `${VERBS}passed` }, object: { id: COURSE } };
    const jws = Buffer.from(await new CompactSign(new TextEncoder().encode(JSON.stringify(unsigned))).setProtectedHeader({ alg: 'RS256' }).sign(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey));
    const signatureHash = createHash('sha256').update(jws).digest('hex');
    const signed = buildMultipartMixed([
      {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...unsigned, attachments: [{ usageType: SIGNATURE_USAGE_TYPE, display: { 'en-US': 'Signature' }, contentType: 'application/octet-stream', length: jws.length, sha2: signatureHash }] }),
      },
      { headers: { 'Content-Type': 'application/octet-stream', 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': signatureHash }, body: jws },
    ]);
    expect((await site.xapi({ method: 'POST', url: '/xapi/statements', headers: { 'content-type': signed.contentType }, payload: signed.body })).statusCode).toBe(200);
    const signatureRows = () => queryRows(ctx.db.owner, sql`select sha2 from xapi_attachments where tenant_id = ${site.tenant.id} and sha2 = ${signatureHash}`);
    expect(await signatureRows()).toHaveLength(1);
    // What she handed in (an essay with her name) is an attachment of her statement; Alan's
    // statement naming her as instructor has an attachment of his own.
    const withAttachment = async (statement: Json, text: string) => {
      const bytes = Buffer.from(text);
      const hash = createHash('sha256').update(bytes).digest('hex');
      const body = buildMultipartMixed([
        {
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ ...statement, attachments: [{ usageType: 'http://id.tincanapi.com/attachment/supporting_media', display: { 'en-US': 'Essay' }, contentType: 'text/plain', length: bytes.length, sha2: hash }] }),
        },
        { headers: { 'Content-Type': 'text/plain', 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': hash }, body: bytes },
      ]);
      expect((await site.xapi({ method: 'POST', url: '/xapi/statements', headers: { 'content-type': body.contentType }, payload: body.body })).statusCode).toBe(200);
      return hash;
    };
    const essayId = randomUUID();
    const essayHash = await withAttachment({ id: essayId, actor: adaAccount, verb: { id: `${VERBS}answered` }, object: { id: COURSE } }, 'Notes on the Analytical Engine, by Ada Lovelace');
    const handoutId = randomUUID();
    const handoutHash = await withAttachment(
      { id: handoutId, actor: alanAccount(), verb: { id: `${VERBS}shared` }, object: { id: COURSE }, context: { instructor: adaAccount } },
      'On Computable Numbers (handout)',
    );
    const attachmentRows = async () =>
      (await queryRows<{ sha2: string }>(ctx.db.owner, sql`select sha2 from xapi_attachments where tenant_id = ${site.tenant.id} and sha2 in (${essayHash}, ${handoutHash})`)).map((row) => row.sha2).sort();
    expect(await attachmentRows()).toEqual([essayHash, handoutHash].sort());

    // Her export holds the bytes of what she attached (the essay, her statement's signature), not Alan's handout.
    const exported = await ctx.app.inject({ method: 'GET', url: `/api/admin/users/${ada.id}/privacy-export`, headers: { host: site.host, cookie: adminCookie } });
    expect(exported.statusCode, exported.body).toBe(200);
    const files = await unzip(exported.rawPayload);
    expect([...files.keys()].filter((name) => name.startsWith('lrs/xapi-attachments/')).sort()).toEqual([`lrs/xapi-attachments/${essayHash}.txt`, `lrs/xapi-attachments/${signatureHash}.bin`].sort());
    expect(files.get(`lrs/xapi-attachments/${essayHash}.txt`)).toBe('Notes on the Analytical Engine, by Ada Lovelace');
    expect(files.get(`lrs/xapi-attachments/${signatureHash}.bin`)).toBe(jws.toString('utf8'));
    expect(files.has('NOT-INCLUDED.txt')).toBe(false);
    // A file the store no longer has costs her only that file, named in NOT-INCLUDED.txt.
    await ctx.db.owner.execute(sql`delete from storage_blobs where tenant_id = ${site.tenant.id} and hash = ${signatureHash}`);
    const partial = await unzip((await ctx.app.inject({ method: 'GET', url: `/api/admin/users/${ada.id}/privacy-export`, headers: { host: site.host, cookie: adminCookie } })).rawPayload);
    expect(partial.get(`lrs/xapi-attachments/${essayHash}.txt`)).toBe('Notes on the Analytical Engine, by Ada Lovelace');
    expect(partial.has(`lrs/xapi-attachments/${signatureHash}.bin`)).toBe(false);
    expect(partial.get('NOT-INCLUDED.txt')).toContain(`lrs/xapi-attachments/${signatureHash}.bin`);

    const deleted = await ctx.app.inject({ method: 'DELETE', url: `/api/admin/users/${ada.id}`, headers: { host: site.host, cookie: adminCookie } });
    expect(deleted.statusCode, deleted.body).toBe(204);

    const after = await statementsOfSite();
    for (const id of [byAccount, byMail, signedId]) {
      for (const trace of ['Lovelace', 'ada.lovelace', ada.id]) expect(after.get(id)!.text.toLowerCase(), `${id} still holds ${trace}`).not.toContain(trace.toLowerCase());
      expect(after.get(id)!.statement.actor).toEqual({ objectType: 'Agent', account: { homePage: siteUrl, name: expect.stringMatching(/^erased-[0-9a-f-]{36}$/) } });
    }
    expect((await state('GET', adaAccount, 'bookmark')).statusCode).toBe(404);
    // The signature no longer fits the statement and held her name: it is gone from it, its row with it.
    expect(after.get(signedId)!.statement.attachments).toBeUndefined();
    expect(await signatureRows()).toEqual([]);
    // Her essay goes from her statement and from the store; Alan's handout stays with his.
    expect(after.get(essayId)!.statement.attachments).toBeUndefined();
    expect(after.get(essayId)!.text).not.toContain('Lovelace');
    expect((after.get(handoutId)!.statement.attachments as Json[]).map((entry) => entry.sha2)).toEqual([handoutHash]);
    expect(await attachmentRows()).toEqual([handoutHash]);
    const [entry] = await queryRows<{ details: { removed: { lrs: Record<string, number> } } }>(
      ctx.db.owner,
      sql`select details from audit_events where tenant_id = ${site.tenant.id} and action = 'user.deleted' and target_id = ${ada.id}`,
    );
    expect(entry?.details.removed.lrs).toMatchObject({ statementsAnonymised: 5, attachmentsRemoved: 2, documentsDeleted: 1 });
  });

  it('exports the statements naming an instructor with every other person in them concealed, and a learner’s with her own identity whole', async () => {
    const other = await createLrsTestSite(ctx, 'lrs-privacy-others');
    const otherUrl = ctx.app.siteUrlOf(other.tenant);
    const otherCookie = await signInCookie(ctx.app, other.host, other.email, other.password);
    const user = async (email: string, firstName: string, lastName: string) => (await createUser(ctx.db, other.tenant.id, { email, firstName, lastName, roles: ['learner'], password: PASSWORD })).id;
    const barbaraId = await user('barbara.liskov@acme.test', 'Barbara', 'Liskov');
    const edsgerId = await user('edsger.dijkstra@acme.test', 'Edsger', 'Dijkstra');
    const donaldId = await user('donald.knuth@acme.test', 'Donald', 'Knuth');
    // The instructor as launches name her, and by her address; learners by address, by account and by the SHA-1 of an address.
    const barbara = { objectType: 'Agent', name: 'Barbara Liskov', account: { homePage: otherUrl, name: barbaraId } };
    const barbaraMail = { name: 'Barbara Liskov', mbox: 'mailto:barbara.liskov@acme.test' };
    const edsger = { name: 'Edsger Dijkstra', mbox: 'mailto:edsger.dijkstra@acme.test' };
    const donald = { objectType: 'Agent', name: 'Donald Knuth', account: { homePage: otherUrl, name: donaldId } };
    const frances = { name: 'Frances Allen', mbox_sha1sum: sha1('mailto:frances.allen@acme.test') };
    const team = { objectType: 'Group', name: 'Team Dijkstra', mbox: 'mailto:team-dijkstra@acme.test', member: [donald, frances] };
    const failed = randomUUID();
    const assigned = randomUUID();
    const reviewed = randomUUID();
    const graded = randomUUID();
    const posted = await other.xapi({
      method: 'POST',
      url: '/xapi/statements',
      payload: [
        // A learner's result, his instructor and his team: what an instructor's export must not hand over about the others.
        {
          id: failed,
          actor: edsger,
          verb: { id: `${VERBS}failed`, display: { 'en-US': 'failed' } },
          object: { id: `${COURSE}/exam` },
          result: { score: { scaled: 0.2 }, success: false, response: 'Ask Donald Knuth or frances.allen@acme.test; I am edsger.dijkstra@acme.test' },
          context: { instructor: barbara, team },
          attachments: [{ usageType: 'http://id.tincanapi.com/attachment/supporting_media', display: { 'en-US': 'Feedback for Edsger Dijkstra' }, description: { 'en-US': 'Copy to donald.knuth@acme.test' }, contentType: 'text/plain', length: 4, sha2: 'a'.repeat(64), fileUrl: 'https://files.example.com/feedback.txt' }],
        },
        // She assigns a learner a task: a sub-statement naming him, and her as its instructor.
        { id: assigned, actor: barbaraMail, verb: { id: `${VERBS}assigned` }, object: { objectType: 'SubStatement', actor: donald, verb: { id: `${VERBS}completed` }, object: { id: COURSE }, context: { instructor: barbara } } },
        // She reviews with a learner, in a group of two (no identity of its own), a third one's work.
        { id: reviewed, actor: { objectType: 'Group', member: [barbaraMail, frances] }, verb: { id: `${VERBS}reviewed` }, object: { objectType: 'Agent', ...edsger } },
      ],
    });
    expect(posted.statusCode, posted.body).toBe(200);
    // A statement she made and signed, naming a learner: its JWS holds him.
    const unsigned = { id: graded, actor: barbaraMail, verb: { id: `${VERBS}scored` }, object: { objectType: 'Agent', ...edsger }, result: { score: { raw: 3 } } };
    const jws = Buffer.from(await new CompactSign(new TextEncoder().encode(JSON.stringify(unsigned))).setProtectedHeader({ alg: 'RS256' }).sign(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey));
    const signatureHash = createHash('sha256').update(jws).digest('hex');
    const signed = buildMultipartMixed([
      {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...unsigned, attachments: [{ usageType: SIGNATURE_USAGE_TYPE, display: { 'en-US': 'Signature' }, contentType: 'application/octet-stream', length: jws.length, sha2: signatureHash }] }),
      },
      { headers: { 'Content-Type': 'application/octet-stream', 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': signatureHash }, body: jws },
    ]);
    expect((await other.xapi({ method: 'POST', url: '/xapi/statements', headers: { 'content-type': signed.contentType }, payload: signed.body })).statusCode).toBe(200);
    const stored = new Map(
      (await queryRows<{ id: string; statement: Json }>(ctx.db.owner, sql`select id, statement from xapi_statements where tenant_id = ${other.tenant.id}`)).map((row) => [row.id, row.statement]),
    );
    const exportOf = async (userId: string) => {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/admin/users/${userId}/privacy-export`, headers: { host: other.host, cookie: otherCookie } });
      expect(res.statusCode, res.body).toBe(200);
      return unzip(res.rawPayload);
    };

    const files = await exportOf(barbaraId);
    const exported = new Map((JSON.parse(files.get('lrs/xapi-statements.json')!) as Json[]).map((statement) => [statement.id as string, statement]));
    expect([...exported.keys()].sort()).toEqual([failed, assigned, reviewed, graded].sort());
    // The signature of the statement she made holds the learner: not in her export (the statement is, concealed).
    expect([...files.keys()].filter((name) => name.startsWith('lrs/xapi-attachments/'))).toEqual([]);
    expect(exported.get(graded)).toMatchObject({ actor: barbaraMail, object: { objectType: 'Agent', name: 'another person' }, result: { score: { raw: 3 } } });
    // Nothing in the whole export names the others: no name, address, its SHA-1, user id or the team's identity.
    const traces = ['Dijkstra', 'edsger', 'Knuth', 'donald', donaldId, edsgerId, 'Frances', 'frances.allen', frances.mbox_sha1sum, 'team-dijkstra'];
    for (const [name, text] of files) for (const trace of traces) expect(text.toLowerCase(), `${name} holds ${trace}`).not.toContain(trace.toLowerCase());

    const anotherPerson = { objectType: 'Agent', name: 'another person' };
    const first = exported.get(failed)!;
    const firstStored = stored.get(failed)!;
    expect(first.actor).toEqual(anotherPerson);
    // Her own agent, the verb, the object, the score and the system that recorded it (an LRS key, not a person) stay.
    expect((first.context as Json).instructor).toEqual(barbara);
    expect((first.context as Json).team).toEqual({ objectType: 'Group', name: 'a group of people', member: [anotherPerson, anotherPerson] });
    expect(first.verb).toEqual(firstStored.verb);
    expect(first.object).toEqual(firstStored.object);
    expect(first.authority).toEqual(firstStored.authority);
    expect(first.authority).toEqual({ objectType: 'Agent', name: 'test client', account: { homePage: otherUrl, name: expect.stringMatching(/^lrs_[0-9a-f]{20}$/) } });
    expect(first.result).toEqual({ score: { scaled: 0.2 }, success: false, response: "Ask another person or another person's address; I am another person's address" });
    const [attachment] = first.attachments as Json[];
    expect(attachment).toMatchObject({ display: { 'en-US': 'Feedback for another person' }, description: { 'en-US': "Copy to another person's address" }, sha2: 'a'.repeat(64) });

    const second = exported.get(assigned)!;
    expect(second.actor).toEqual(barbaraMail);
    expect(second.object).toEqual({ objectType: 'SubStatement', actor: anotherPerson, verb: { id: `${VERBS}completed` }, object: { id: COURSE }, context: { instructor: barbara } });
    const third = exported.get(reviewed)!;
    expect(third.actor).toEqual({ objectType: 'Group', member: [barbaraMail, anotherPerson] });
    expect(third.object).toEqual(anotherPerson);
    expect(third.verb).toEqual({ id: `${VERBS}reviewed` });

    // The learner's own export: his identity whole, the instructor and the others concealed.
    const learnerFiles = await exportOf(edsgerId);
    const learners = new Map((JSON.parse(learnerFiles.get('lrs/xapi-statements.json')!) as Json[]).map((statement) => [statement.id as string, statement]));
    expect([...learners.keys()].sort()).toEqual([failed, reviewed, graded].sort());
    expect(learners.get(failed)!.actor).toEqual(edsger);
    expect((learners.get(failed)!.context as Json).instructor).toEqual(anotherPerson);
    expect((learners.get(failed)!.result as Json).response).toBe("Ask another person or another person's address; I am edsger.dijkstra@acme.test");
    expect(learners.get(reviewed)!.object).toEqual({ objectType: 'Agent', ...edsger });
    expect(learners.get(reviewed)!.actor).toEqual({ objectType: 'Group', member: [anotherPerson, anotherPerson] });
    for (const trace of ['Liskov', 'barbara', barbaraId, 'Knuth', 'Frances']) expect(learnerFiles.get('lrs/xapi-statements.json')!.toLowerCase(), trace).not.toContain(trace.toLowerCase());
  });

  it('conceals in an export every Agent but the person’s own, and every authority but one of the site’s credentials', () => {
    const person = lrsPersonOf(randomUUID(), { email: 'anna@acme.test', siteUrl: 'https://acme.example' });
    const anna = { name: 'Anna Maria Smith', mbox: 'mailto:Anna@acme.test' };
    const maria = { name: 'Maria Smith', mbox: 'mailto:maria@acme.test' };
    const statement = { id: randomUUID(), actor: anna, verb: { id: `${VERBS}attended` }, object: { id: COURSE }, context: { instructor: maria, extensions: { 'https://acme.example/x/notes': 'Maria  SMITH taught Anna Maria Smith (anna@acme.test)' } } };
    const site = { objectType: 'Agent', name: 'ACME', account: { homePage: 'https://acme.example', name: 'lectern' } };
    const key = { objectType: 'Agent', name: 'Authoring tool', account: { homePage: 'https://acme.example', name: 'lrs_0123456789abcdef0123' } };
    // Her own Agent stays whole, also where another's name is part of hers; the other's name in free text goes, not hers.
    const concealed = withOthersConcealed({ ...statement, authority: site }, person);
    expect(concealed).toEqual({ ...statement, context: { instructor: { objectType: 'Agent', name: 'another person' }, extensions: { 'https://acme.example/x/notes': 'another person taught Anna Maria Smith (anna@acme.test)' } }, authority: site });
    expect(withOthersConcealed({ ...statement, authority: key }, person).authority).toEqual(key);
    // A statement naming nobody else is the same statement.
    const alone = { ...statement, context: {}, authority: key };
    expect(withOthersConcealed(alone, person)).toBe(alone);
    // Any other authority (a person, a group of an application and a person) is concealed as any other Agent.
    expect(withOthersConcealed({ ...statement, authority: maria }, person).authority).toEqual({ objectType: 'Agent', name: 'another person' });
    const oauth = { objectType: 'Group', member: [{ account: { homePage: 'https://app.example', name: 'app' } }, maria] };
    expect(withOthersConcealed({ ...statement, authority: oauth }, person).authority).toEqual({ objectType: 'Group', member: [{ objectType: 'Agent', name: 'another person' }, { objectType: 'Agent', name: 'another person' }] });
  });

  it('takes out of free text the full name as a whole, never a longer word that starts with it, nor a lone first name', () => {
    const person = { ...lrsPersonOf(randomUUID(), { email: 'grace@acme.test', siteUrl: 'https://acme.example' }), fullName: 'Grace Hopper' };
    const pseudonym = { name: 'erased-x', account: { homePage: 'https://acme.example', name: 'erased-x' } };
    const text = 'Grace Hopper helped; Grace Hoppers, Grace Hopperton, McGrace Hopper and Grace did not; grace\nHOPPER did.';
    expect(withPersonReplaced(text, person, pseudonym, new Set())).toBe('erased-x helped; Grace Hoppers, Grace Hopperton, McGrace Hopper and Grace did not; erased-x did.');
    const lone = { ...person, fullName: 'Grace' };
    expect(withPersonReplaced('Grace did it', lone, pseudonym, new Set())).toBe('Grace did it');
  });
});
