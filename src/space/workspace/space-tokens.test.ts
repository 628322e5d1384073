import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import type { ItemView } from '../library/library.contract.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';

type Refusal = { error: { code: string } };

// An authoring tool or an app reaches the library with an API token of a member: `space:read` for
// what only reads, `space:write` for the rest; the member's role on each item still decides.
describe(`the Space library with API tokens (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    site = await createSpaceTestSite('spacetokens');
    author = await site.person('ada', 'author');
    const outsider = await site.person('olaf', null);
    for (const [key, cookie, scopes] of [
      ['reader', author.cookie, ['space:read']],
      ['writer', author.cookie, ['space:write']],
      ['reports', author.cookie, ['reports:read']],
      ['outsider', outsider.cookie, ['space:read', 'space:write']],
    ] as const) {
      const made = await site.call<{ token: string }>('POST', '/api/me/tokens', cookie, { name: key, scopes, currentPassword: PASSWORD });
      expect(made.res.statusCode, made.res.body).toBe(201);
      tokens[key] = made.body.token;
    }
  });
  afterAll(() => site.close());

  const withToken = <T>(key: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    site.call<T>(method as 'GET', url, '', payload, { authorization: `Bearer ${tokens[key]}`, ...headers });

  it('uploads with space:write, reads with space:read, and neither crosses over', async () => {
    const bytes = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const started = await withToken<{ id: string }>('writer', 'POST', '/api/space/uploads', { fileName: 'from-the-tool.pdf', totalBytes: bytes.length, folderId: null, itemId: null });
    expect(started.res.statusCode, started.res.body).toBe(201);
    const chunk = await withToken('writer', 'PUT', `/api/space/uploads/${started.body.id}`, bytes, { 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` });
    expect(chunk.res.statusCode, chunk.res.body).toBe(200);
    const done = await withToken<ItemView>('writer', 'POST', `/api/space/uploads/${started.body.id}/complete`);
    expect(done.res.statusCode, done.res.body).toBe(201);
    expect(done.body.owner.id).toBe(author.id);

    const listed = await withToken<{ items: ItemView[] }>('reader', 'GET', '/api/space/items');
    expect(listed.res.statusCode).toBe(200);
    expect(listed.body.items.map((item) => item.name)).toContain('from-the-tool.pdf');

    // A reading token writes nothing; a writing token reads nothing; another scope reaches no Space route.
    const renamed = await withToken<Refusal>('reader', 'PATCH', `/api/space/items/${done.body.id}`, { name: 'renamed.pdf' });
    expect(renamed.res.statusCode).toBe(403);
    expect(renamed.body.error.code).toBe('AUTH_TOKEN_SCOPE');
    expect((await withToken<Refusal>('writer', 'GET', '/api/space/items')).body.error.code).toBe('AUTH_TOKEN_SCOPE');
    expect((await withToken<Refusal>('reports', 'GET', '/api/space/items')).body.error.code).toBe('AUTH_TOKEN_SCOPE');
    // The token of a user who is no member is no member either.
    expect((await withToken<Refusal>('outsider', 'GET', '/api/space/items')).body.error.code).toBe('SPACE_NOT_MEMBER');
    // The course player's credential is bound to a session: not for tokens.
    expect((await withToken<Refusal>('writer', 'POST', `/api/space/items/${done.body.id}/player`)).res.statusCode).toBe(401);
  });
});
