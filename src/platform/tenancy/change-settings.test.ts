import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createUser } from '../identity/users.service.js';
import { changeSettings } from './change-settings.js';
import { findTenantById } from './tenants.repository.js';

describe(`changing a site's settings (${engine})`, () => {
  let ctx: TestContext;
  let tenantId: string;
  let actor: Parameters<typeof changeSettings>[2];

  beforeAll(async () => {
    ctx = await createTestApp();
    const site = await createTenantWithUser(ctx.db, 'acme');
    tenantId = site.tenant.id;
    const user = await createUser(ctx.db, tenantId, { email: 'ops@acme.test', firstName: 'O', lastName: 'Ps', roles: ['admin'] });
    actor = { user, client: { ip: '127.0.0.1', userAgent: null, requestId: 'test' } };
  });
  afterAll(() => ctx.close());

  it('keeps every one of many changes made at the same moment (each reads the settings the one before it wrote)', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `change${i}`);
    await Promise.all(
      keys.map((key) => changeSettings(ctx.db, tenantId, actor, (stored) => ({ ...stored, marks: { ...((stored as { marks?: object }).marks ?? {}), [key]: true } }), { [key]: true })),
    );
    const stored = (await findTenantById(ctx.db.owner, tenantId))!.settings as { marks?: Record<string, boolean> };
    expect(Object.keys(stored.marks ?? {}).sort()).toEqual([...keys].sort());
  });
});
