import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../db/client.js';
import { createUser } from '../identity/users.service.js';
import { createTenant } from '../tenancy/tenants.service.js';

const INVISIBLE = '\u200B \u3164\u2800'; // a zero-width space, a space, a Hangul filler, a blank Braille pattern
const REVERSED = 'Ada\u202Eecalevol'; // shows as "Adalovelace" reversed after the override
const MESSAGES: Record<string, string> = {
  [INVISIBLE]: 'enthält keine sichtbaren Zeichen',
  [REVERSED]: 'enthält Zeichen, die die Schreibrichtung ändern',
};

/** Every name a person types and others read goes through displayName(): normalised, and refused when it would mislead. */
describe(`names people type (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let admin: string;
  let groupId: string;
  let courseId: string;
  let n = 0;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
    admin = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    groupId = (await send('POST', '/api/admin/groups', { name: 'Sales' })).json().id;
    courseId = (await send('POST', '/api/learn/courses', { title: 'Safety' })).json().id;
  });
  afterAll(() => ctx.close());

  function send(method: 'POST' | 'PATCH', url: string, payload: object | string, headers: Record<string, string> = {}) {
    return ctx.app.inject({ method, url, headers: { host: acme.host, cookie: admin, 'accept-language': 'de', ...headers }, payload });
  }

  const writes: [string, 'POST' | 'PATCH', () => string, (name: string) => object, string, string][] = [
    ['invitation, first name', 'POST', () => '/api/admin/users', (name) => ({ email: `u${++n}@acme.test`, firstName: name, lastName: 'L' }), 'firstName', 'Vorname'],
    ['invitation, last name', 'POST', () => '/api/admin/users', (name) => ({ email: `u${++n}@acme.test`, firstName: 'F', lastName: name }), 'lastName', 'Nachname'],
    ['new group', 'POST', () => '/api/admin/groups', (name) => ({ name }), 'name', 'Name'],
    ['renamed group', 'PATCH', () => `/api/admin/groups/${groupId}`, (name) => ({ name }), 'name', 'Name'],
    ['new course, title', 'POST', () => '/api/learn/courses', (title) => ({ title }), 'title', 'Titel'],
    ['changed course, title', 'PATCH', () => `/api/learn/courses/${courseId}`, (title) => ({ title }), 'title', 'Titel'],
    ['new course category', 'POST', () => '/api/learn/categories', (name) => ({ name }), 'name', 'Name'],
    ['course tag', 'PATCH', () => `/api/learn/courses/${courseId}`, (tag) => ({ tags: ['ok', tag] }), 'tags.1', 'Schlagwörter (Eintrag 2)'],
    ['API token', 'POST', () => '/api/me/tokens', (name) => ({ name, scopes: ['reports:read'], currentPassword: acme.password }), 'name', 'Name'],
  ];

  it.each(writes.flatMap(([what, method, url, body, field, label]) => [INVISIBLE, REVERSED].map((bad) => [what, JSON.stringify(bad), method, url, body, field, label, bad] as const)))(
    '%s %s is refused with NAME_INVALID, the field and a German message',
    async (_what, _shown, method, url, body, field, label, bad) => {
      const res = await send(method, url(), body(bad));
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'NAME_INVALID', fields: [{ field, message: `${label}: ${MESSAGES[bad]}` }] });
    },
  );

  it('a request with other problems as well says VALIDATION_FAILED and names each field', async () => {
    const res = await send('POST', '/api/admin/users', { email: 'not-an-address', firstName: INVISIBLE, lastName: 'L' }, { 'accept-language': 'en' });
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'email' }), { field: 'firstName', code: 'NAME_INVALID', message: 'First name: has no visible characters' }]),
    );
  });

  it('names are stored normalised: NFC, trimmed, one space between words', async () => {
    const messy = '  Jose\u0301 \u00A0\t Mari\u0301a  ';
    const invited = await send('POST', '/api/admin/users', { email: 'jose@acme.test', firstName: messy, lastName: 'Pe\u0301rez' });
    expect(invited.json()).toMatchObject({ firstName: 'José María', lastName: 'Pérez' });
    const [stored] = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      queryRows<{ first_name: string }>(tx, sql`select first_name from users where email = 'jose@acme.test'`),
    );
    expect(stored?.first_name).toBe('José María');
    expect((await send('POST', '/api/admin/groups', { name: ' Nord  \u200B Süd ' })).json().name).toBe('Nord Süd');
    expect((await send('POST', '/api/learn/categories', { name: ' Erste  \u00A0 Hilfe ' })).json().name).toBe('Erste Hilfe');
    expect((await send('POST', '/api/learn/courses', { title: '  First\n\naid ', tags: [' a  b '] })).json()).toMatchObject({ title: 'First aid', tags: ['a b'] });
    expect((await send('POST', '/api/me/tokens', { name: ' Build  server ', scopes: ['reports:read'], currentPassword: acme.password })).json().name).toBe('Build server');
  });

  it('the CSV import refuses such names with their line', async () => {
    const res = await send('POST', '/api/admin/users/import', `email,first name,last name\nok@acme.test,Ok,Person\nbad@acme.test,"${INVISIBLE}",Person\nrtl@acme.test,Ann,"${REVERSED}"\n`, {
      'content-type': 'text/csv',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'USER_IMPORT_INVALID',
      fields: [
        { field: 'row 3: firstName', message: MESSAGES[INVISIBLE] },
        { field: 'row 4: lastName', message: MESSAGES[REVERSED] },
      ],
    });
  });

  it('the command line refuses them too (users and sites)', async () => {
    await expect(createUser(ctx.db, acme.tenant.id, { email: 'cli@acme.test', firstName: INVISIBLE, lastName: 'L', roles: ['learner'] })).rejects.toThrow(ZodError);
    await expect(createTenant(ctx.db, { slug: 'rtl', name: REVERSED })).rejects.toThrow(ZodError);
    const tenant = await createTenant(ctx.db, { slug: 'spaced', name: '  Spaced   Out ' });
    expect(tenant.name).toBe('Spaced Out');
  });
});
