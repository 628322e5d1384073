import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { contentOriginOf } from '../../../test/content-origin.js';
import { buildScormPackage } from '../../../test/scorm-packages.js';
import type { LaunchData } from '../../learn/index.js';
import { queryRows } from '../../platform/db/client.js';
import type { ItemView } from '../library/library.contract.js';
import { PDF } from '../library/library.test-fixtures.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { ShareView } from './sharing.contract.js';

type Refusal = { error: { code: string; details?: { field: string }[] } };

describe(`share links for named recipients (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  let paper: ItemView;
  beforeAll(async () => {
    site = await createSpaceTestSite('recipients');
    author = await site.person('ada', 'author');
    paper = (await site.upload(author.cookie, 'Audit findings.pdf', PDF)).body;
  });
  afterAll(() => site.close());

  const share = async (recipients: string[], extra: Record<string, unknown> = {}, itemId = paper.id) => {
    const { res, body } = await site.call<ShareView>('POST', `/api/space/items/${itemId}/shares`, author.cookie, { audience: 'recipients', recipients, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return body;
  };
  const pathOf = (url: string) => new URL(url).pathname;
  const visit = (url: string, cookie?: string) => site.ctx.app.inject({ method: 'GET', url, headers: { host: site.host, ...(cookie ? { cookie: `lectern_share=${cookie}` } : {}) } });
  const form = (url: string, fields: Record<string, string>, ip = '203.0.113.20', cookie?: string) =>
    site.ctx.app.inject({
      method: 'POST',
      url,
      headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded', origin: `http://${site.host}`, 'x-forwarded-for': ip, ...(cookie ? { cookie: `lectern_share=${cookie}` } : {}) },
      payload: new URLSearchParams(fields).toString(),
    });
  const mails = (to: string, template: string) =>
    queryRows<{ text: string }>(site.ctx.db.owner, sql`select payload->>'text' as text from jobs where kind = 'mail.send' and payload->>'to' = ${to} and payload->>'template' = ${template} order by created_at`);
  const lastCode = async (to: string) => {
    const sent = await mails(to, 'space.share_code');
    return /\n(\d{6})\n/.exec(sent.at(-1)!.text)![1]!;
  };
  /** Proves `email` to the link with a fresh code; the cookie that opens it. */
  const prove = async (link: ShareView, email: string, ip: string) => {
    await site.ctx.db.owner.execute(sql`update space_share_recipients set code_sent_at = null where email = ${email}`);
    await form(`${pathOf(link.url)}/code`, { email }, ip);
    const verified = await form(`${pathOf(link.url)}/verify`, { email, code: await lastCode(email) }, ip);
    expect(verified.statusCode, verified.body).toBe(303);
    return verified.cookies.find((c) => c.name === 'lectern_share')!.value;
  };

  it('tells each recipient by mail, asks a visitor for the address, and opens the file only with the code mailed to it', async () => {
    const link = await share([' Eve@Example.com', 'frank@example.com', 'eve@example.com']);
    expect(link.recipients).toEqual(['eve@example.com', 'frank@example.com']);
    expect((await mails('eve@example.com', 'space.share_invitation'))[0]!.text).toContain(link.url);

    const path = pathOf(link.url);
    const asked = await visit(path);
    expect(asked.statusCode).toBe(401);
    expect(asked.body).toContain('type="email"');
    expect((await visit(`${path}/content`)).statusCode).toBe(401);

    // Listed or not, the visitor is told the same; only a listed address gets a code.
    const unlisted = await form(`${path}/code`, { email: 'mallory@example.com' });
    const listed = await form(`${path}/code`, { email: 'EVE@example.com' }, '203.0.113.21');
    expect(listed.statusCode).toBe(200);
    expect(unlisted.statusCode).toBe(200);
    expect(unlisted.body.replaceAll('mallory@example.com', 'X')).toBe(listed.body.replaceAll('eve@example.com', 'X'));
    expect(await mails('mallory@example.com', 'space.share_code')).toHaveLength(0);
    const code = await lastCode('eve@example.com');

    const wrong = await form(`${path}/verify`, { email: 'eve@example.com', code: code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('role="alert"');
    const right = await form(`${path}/verify`, { email: 'eve@example.com', code });
    expect(right.statusCode, right.body).toBe(303);
    const cookie = right.cookies.find((c) => c.name === 'lectern_share')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.path).toBe(path);
    expect((await visit(path, cookie.value)).statusCode).toBe(200);
    expect((await visit(`${path}/content`, cookie.value)).statusCode).toBe(200);

    // Every access is logged with the address proven; a code works once.
    const logged = await queryRows<{ kind: string; recipient_email: string }>(site.ctx.db.owner, sql`select kind, recipient_email from space_share_visits where link_id = ${link.id} order by at`);
    expect(logged.map((row) => `${row.kind}:${row.recipient_email}`)).toEqual(['verified:eve@example.com', 'open:eve@example.com', 'content:eve@example.com']);
    expect((await form(`${path}/verify`, { email: 'eve@example.com', code }, '203.0.113.22')).statusCode).toBe(401);
  });

  it('voids a code after five wrong tries, and bans an address that keeps guessing', async () => {
    const link = await share(['gina@example.com']);
    const path = pathOf(link.url);
    await form(`${path}/code`, { email: 'gina@example.com' });
    const code = await lastCode('gina@example.com');
    const wrongCode = code === '000000' ? '111111' : '000000';
    // From five addresses: the guard locks the link's code check for everybody after them…
    for (let i = 0; i < 5; i++) expect((await form(`${path}/verify`, { email: 'gina@example.com', code: wrongCode }, `198.51.100.${40 + i}`)).statusCode).toBe(401);
    expect((await form(`${path}/verify`, { email: 'gina@example.com', code }, '198.51.100.50')).statusCode).toBe(429);
    // …and the recipient's own count, which outlasts the lock, has reached the end.
    const [counted] = await queryRows<{ code_attempts: number }>(site.ctx.db.owner, sql`select code_attempts from space_share_recipients where link_id = ${link.id}`);
    expect(counted!.code_attempts).toBe(5);
    // A code at the end of its tries is void even when right (on a link the guard has not locked).
    const fresh = await share(['gina@example.com']);
    await form(`${pathOf(fresh.url)}/code`, { email: 'gina@example.com' }, '198.51.100.52');
    const freshCode = await lastCode('gina@example.com');
    await site.ctx.db.owner.execute(sql`update space_share_recipients set code_attempts = 5 where link_id = ${fresh.id}`);
    expect((await form(`${pathOf(fresh.url)}/verify`, { email: 'gina@example.com', code: freshCode }, '198.51.100.52')).statusCode).toBe(401);
    await site.ctx.db.owner.execute(sql`update space_share_recipients set code_attempts = 4 where link_id = ${fresh.id}`);
    expect((await form(`${pathOf(fresh.url)}/verify`, { email: 'gina@example.com', code: freshCode }, '198.51.100.52')).statusCode).toBe(303);

    let banned = false;
    for (let i = 0; i < 30 && !banned; i++) banned = (await form(`${path}/verify`, { email: 'gina@example.com', code: String(i).padStart(6, '0') }, '198.51.100.60')).statusCode === 429;
    expect(banned).toBe(true);
  });

  it('sends a new code at most once a minute, and an old code is void', async () => {
    const link = await share(['hugo@example.com']);
    const path = pathOf(link.url);
    await form(`${path}/code`, { email: 'hugo@example.com' });
    await form(`${path}/code`, { email: 'hugo@example.com' });
    expect(await mails('hugo@example.com', 'space.share_code')).toHaveLength(1);
    const code = await lastCode('hugo@example.com');
    await site.ctx.db.owner.execute(sql`update space_share_recipients set code_expires_at = now() - interval '1 second' where email = 'hugo@example.com'`);
    expect((await form(`${path}/verify`, { email: 'hugo@example.com', code })).statusCode).toBe(401);
  });

  it('takes access away from a removed recipient at once, and a proof opens no other link', async () => {
    const link = await share(['ida@example.com', 'jon@example.com']);
    const other = await share(['ida@example.com']);
    const cookie = await prove(link, 'ida@example.com', '203.0.113.30');
    expect((await visit(pathOf(link.url), cookie)).statusCode).toBe(200);
    expect((await visit(pathOf(other.url), cookie)).statusCode).toBe(401);

    const changed = await site.call<ShareView>('PUT', `/api/space/shares/${link.id}/recipients`, author.cookie, { recipients: ['jon@example.com', 'kim@example.com'] });
    expect(changed.res.statusCode, changed.res.body).toBe(200);
    expect(changed.body.recipients).toEqual(['jon@example.com', 'kim@example.com']);
    expect(await mails('kim@example.com', 'space.share_invitation')).toHaveLength(1);
    expect(await mails('jon@example.com', 'space.share_invitation')).toHaveLength(1);
    const after = await visit(pathOf(link.url), cookie);
    expect(after.statusCode).toBe(401);
    expect(after.body).toContain('type="email"');
  });

  it('asks for the password as well when the link has one', async () => {
    const link = await share(['lena@example.com'], { password: 'Correct-Horse-9' });
    const cookie = await prove(link, 'lena@example.com', '203.0.113.31');
    const asked = await visit(pathOf(link.url), cookie);
    expect(asked.statusCode).toBe(401);
    expect(asked.body).toContain('type="password"');
    const unlocked = await form(`${pathOf(link.url)}/unlock`, { password: 'Correct-Horse-9' }, '203.0.113.31', cookie);
    expect(unlocked.statusCode).toBe(303);
    const both = unlocked.cookies.find((c) => c.name === 'lectern_share')!.value;
    expect((await visit(pathOf(link.url), both)).statusCode).toBe(200);
  });

  it('refuses recipients that are missing, not addresses, or on a link that is not for named people', async () => {
    const none = await site.call<Refusal>('POST', `/api/space/items/${paper.id}/shares`, author.cookie, { audience: 'recipients', recipients: [] });
    expect(none.res.statusCode).toBe(422);
    expect(none.body.error.code).toBe('SPACE_SHARE_RECIPIENTS_REQUIRED');
    const publicOne = await site.call<Refusal>('POST', `/api/space/items/${paper.id}/shares`, author.cookie, { audience: 'public', recipients: ['a@example.com'] });
    expect(publicOne.body.error.code).toBe('SPACE_SHARE_RECIPIENTS_NOT_NAMED');
    const notAnAddress = await site.call<Refusal>('POST', `/api/space/items/${paper.id}/shares`, author.cookie, { audience: 'recipients', recipients: ['a@example.com', 'not an address'] });
    expect(notAnAddress.res.statusCode).toBe(400);
    expect(notAnAddress.res.body).toContain('"field":"recipients.1"');
    const open = (await site.call<ShareView>('POST', `/api/space/items/${paper.id}/shares`, author.cookie, {})).body;
    const widened = await site.call<Refusal>('PUT', `/api/space/shares/${open.id}/recipients`, author.cookie, { recipients: ['a@example.com'] });
    expect(widened.body.error.code).toBe('SPACE_SHARE_RECIPIENTS_NOT_NAMED');
    // Nothing half-made: no link was left behind by the refusals.
    const listed = await site.call<{ shares: ShareView[] }>('GET', `/api/space/items/${paper.id}/shares`, author.cookie);
    expect(listed.body.shares.filter((s) => s.audience === 'recipients' && s.recipients.includes('a@example.com'))).toHaveLength(0);
  });

  it("stops a removed recipient's course at once: its credential is gone and its reports are refused", async () => {
    const zip = await readFile(await buildScormPackage('1.2', 'Induction', [{ id: 'sco1', title: 'Welcome' }]));
    const course = (await site.upload(author.cookie, 'induction.zip', zip)).body;
    const link = await share(['gus@example.com', 'hal@example.com'], {}, course.id);
    const cookie = await prove(link, 'gus@example.com', '203.0.113.40');
    const opened = await site.ctx.app.inject({ method: 'POST', url: `${pathOf(link.url)}/player`, headers: { host: site.host, cookie: `lectern_share=${cookie}`, 'x-forwarded-for': '203.0.113.40' } });
    expect(opened.statusCode, opened.body).toBe(200);
    const frame = contentOriginOf(site.ctx.app, opened.json<LaunchData>().launchUrl);
    expect((await frame.commit({ scoId: 'sco1', seq: 1, cmi: { core: { lesson_status: 'incomplete' } } })).statusCode).toBe(200);

    const changed = await site.call('PUT', `/api/space/shares/${link.id}/recipients`, author.cookie, { recipients: ['hal@example.com'] });
    expect(changed.res.statusCode, changed.res.body).toBe(200);
    const grants = await site.ctx.db.withTenant(site.tenant.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from launch_grants where area_ref like ${`space-link:${link.id}:%`}`));
    expect(grants[0]!.n).toBe(0);
    expect((await frame.commit({ scoId: 'sco1', seq: 2, cmi: { core: { lesson_status: 'completed' } } })).statusCode).toBe(404);
  });
});
