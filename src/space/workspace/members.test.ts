import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { WorkspaceView } from './members.contract.js';

describe(`the Space's members, seats and storage (${engine})`, () => {
  let site: SpaceTestSite;
  beforeAll(async () => {
    site = await createSpaceTestSite('members');
    const limit = await site.call('PATCH', '/api/admin/settings', site.admin, { space: { seatLimit: 2, quotaBytes: 1000 } });
    expect(limit.res.statusCode).toBe(200);
  });
  afterAll(() => site.close());

  it('lets nobody in who is not a member, and says so', async () => {
    const stranger = await site.person('stranger', null);
    const { res, body } = await site.call<{ error: { code: string } }>('GET', '/api/space/workspace', stranger.cookie);
    expect(res.statusCode).toBe(403);
    expect(body.error.code).toBe('SPACE_NOT_MEMBER');
    const items = await site.call<{ error: { code: string } }>('GET', '/api/space/items', stranger.cookie);
    expect(items.body.error.code).toBe('SPACE_NOT_MEMBER');
  });

  it('shows members, seat use against the limit and storage against the quota', async () => {
    await site.person('ada', 'author');
    await site.person('carl', 'commentator');
    const { body } = await site.call<WorkspaceView>('GET', '/api/space/workspace', site.admin);
    expect(body.myRole).toBe('owner');
    expect(body.members.map((m) => [m.user.name, m.role])).toEqual(
      expect.arrayContaining([
        ['ada Tester', 'author'],
        ['carl Tester', 'commentator'],
      ]),
    );
    expect(body.seats).toEqual({ used: 1, limit: 2 });
    expect(body.storage).toEqual({ usedBytes: 0, quotaBytes: 1000 });
  });

  it('refuses an author past the seat limit, but takes commentators without limit', async () => {
    await site.person('bea', 'author');
    const third = await site.person('cid', null);
    const refused = await site.call<{ error: { code: string } }>('PUT', '/api/space/members', site.admin, { userId: third.id, role: 'author' });
    expect(refused.res.statusCode).toBe(409);
    expect(refused.body.error.code).toBe('SPACE_SEATS_FULL');
    const free = await site.call('PUT', '/api/space/members', site.admin, { userId: third.id, role: 'commentator' });
    expect(free.res.statusCode).toBe(200);
    const { body } = await site.call<WorkspaceView>('GET', '/api/space/workspace', site.admin);
    expect(body.seats.used).toBe(2);
  });

  it('lets an admin manage members below owner only, and nobody below admin manage any', async () => {
    const spaceAdmin = await site.person('dora', 'commentator');
    await site.call('PUT', '/api/space/members', site.admin, { userId: spaceAdmin.id, role: 'admin' }).catch(() => undefined);
    // The seat limit holds for admins too: dora stays a commentator, so raise the limit first.
    await site.call('PATCH', '/api/admin/settings', site.admin, { space: { seatLimit: 10 } });
    expect((await site.call('PUT', '/api/space/members', site.admin, { userId: spaceAdmin.id, role: 'admin' })).res.statusCode).toBe(200);
    const target = await site.person('eve', 'commentator');
    const asOwner = await site.call<{ error: { code: string } }>('PUT', '/api/space/members', spaceAdmin.cookie, { userId: target.id, role: 'owner' });
    expect(asOwner.body.error.code).toBe('SPACE_ROLE_ABOVE_OWN');
    expect((await site.call('PUT', '/api/space/members', spaceAdmin.cookie, { userId: target.id, role: 'author' })).res.statusCode).toBe(200);

    const author = await site.person('finn', 'author');
    const widen = await site.call<{ error: { code: string } }>('PUT', '/api/space/members', author.cookie, { userId: author.id, role: 'admin' });
    expect(widen.res.statusCode).toBe(403);
    expect(widen.body.error.code).toBe('AUTH_FORBIDDEN');

    const owner = await site.person('gus', 'owner');
    const removeOwner = await site.call<{ error: { code: string } }>('DELETE', `/api/space/members/${owner.id}`, spaceAdmin.cookie);
    expect(removeOwner.body.error.code).toBe('AUTH_FORBIDDEN');
    expect((await site.call('DELETE', `/api/space/members/${target.id}`, spaceAdmin.cookie)).res.statusCode).toBe(204);
    const gone = await site.call<{ error: { code: string } }>('GET', '/api/space/workspace', target.cookie);
    expect(gone.body.error.code).toBe('SPACE_NOT_MEMBER');
  });

  it('refuses a user of another site as a member', async () => {
    const other = await createSpaceTestSite('members-other', { ctx: site.ctx });
    const foreign = await other.person('zed', null);
    const { res, body } = await site.call<{ error: { code: string } }>('PUT', '/api/space/members', site.admin, { userId: foreign.id, role: 'commentator' });
    expect(res.statusCode).toBe(404);
    expect(body.error.code).toBe('SPACE_USER_NOT_FOUND');
  });
});
