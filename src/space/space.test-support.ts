import type { LightMyRequestResponse } from 'fastify';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../test/app.js';
import { createUser } from '../platform/identity/users.service.js';
import type { Tenant } from '../platform/tenancy/tenants.repository.js';
import type { ItemView, SpaceUploadView } from './library/library.contract.js';
import type { SpaceRole } from './workspace/space-roles.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A site with a Space: its administrator (an owner by that) signed in, and helpers to call it as anybody. */
export interface SpaceTestSite {
  ctx: TestContext;
  tenant: Tenant;
  host: string;
  admin: string;
  adminId: string;
  call<T = unknown>(method: Method, url: string, cookie: string, payload?: unknown, headers?: Record<string, string>): Promise<{ res: LightMyRequestResponse; body: T }>;
  /** A new user of the site, signed in, with this Space role (none: not a member). */
  person(key: string, role: SpaceRole | null): Promise<{ id: string; cookie: string }>;
  /** Uploads bytes as a file in two requests (start, one chunk, complete). */
  upload(cookie: string, fileName: string, bytes: Buffer, target?: { folderId?: string | null; itemId?: string | null }): Promise<{ res: LightMyRequestResponse; body: ItemView }>;
  close(): Promise<void>;
}

export async function createSpaceTestSite(slug = 'space', options: { ctx?: TestContext } = {}): Promise<SpaceTestSite> {
  const ctx = options.ctx ?? (await createTestApp());
  const site = await createTenantWithUser(ctx.db, slug);
  const admin = await signInCookie(ctx.app, site.host, site.email, PASSWORD);
  const call: SpaceTestSite['call'] = async (method, url, cookie, payload, headers = {}) => {
    const res = await ctx.app.inject({
      method,
      url,
      headers: { host: site.host, cookie, ...headers },
      ...(payload === undefined ? {} : Buffer.isBuffer(payload) ? { payload } : { payload: payload as object }),
    });
    return { res, body: (res.body && res.headers['content-type']?.toString().includes('json') ? res.json() : undefined) as never };
  };
  const me = await call<{ user: { id: string } }>('GET', '/api/me', admin);
  return {
    ctx,
    tenant: site.tenant,
    host: site.host,
    admin,
    adminId: me.body.user.id,
    call,
    async person(key, role) {
      const email = `${key}@${slug}.test`;
      const user = await createUser(ctx.db, site.tenant.id, { email, firstName: key, lastName: 'Tester', roles: ['learner'], password: PASSWORD });
      if (role) {
        const set = await call('PUT', '/api/space/members', admin, { userId: user.id, role });
        if (set.res.statusCode !== 200) throw new Error(`could not make ${key} a ${role}: ${set.res.body}`);
      }
      return { id: user.id, cookie: await signInCookie(ctx.app, site.host, email, PASSWORD) };
    },
    async upload(cookie, fileName, bytes, target = {}) {
      const started = await call<SpaceUploadView>('POST', '/api/space/uploads', cookie, { fileName, totalBytes: bytes.length, folderId: target.folderId ?? null, itemId: target.itemId ?? null });
      if (started.res.statusCode !== 201) return started as never;
      const chunk = await call('PUT', `/api/space/uploads/${started.body.id}`, cookie, bytes, { 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` });
      if (chunk.res.statusCode !== 200) return chunk as never;
      return call<ItemView>('POST', `/api/space/uploads/${started.body.id}/complete`, cookie);
    },
    close: () => (options.ctx ? Promise.resolve() : ctx.close()),
  };
}
