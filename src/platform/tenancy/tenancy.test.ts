import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createTenant, setTenantStatus } from './tenants.service.js';

describe(`tenants and host names (${engine})`, () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_BASE_DOMAIN: 'lectern.example' } });
    await createTenant(ctx.db, { slug: 'acme', name: 'Acme Corp', hostnames: ['learn.acme.example', 'LMS.Acme.Example'] });
    await createTenant(ctx.db, { slug: 'globex', name: 'Globex' });
  });
  afterAll(() => ctx.close());

  const tenantAt = (host: string) => ctx.app.inject({ method: 'GET', url: '/api/tenant', headers: { host } });

  it('finds the tenant by its custom domain, with any port and letter case', async () => {
    expect((await tenantAt('learn.acme.example')).json()).toEqual({ name: 'Acme Corp', slug: 'acme', selfRegistration: false });
    expect((await tenantAt('LEARN.acme.example:8443')).json()).toEqual({ name: 'Acme Corp', slug: 'acme', selfRegistration: false });
    expect((await tenantAt('lms.acme.example')).json()).toEqual({ name: 'Acme Corp', slug: 'acme', selfRegistration: false });
  });

  it('finds the tenant by its subdomain of the base domain', async () => {
    expect((await tenantAt('globex.lectern.example')).json()).toEqual({ name: 'Globex', slug: 'globex', selfRegistration: false });
    expect((await tenantAt('acme.lectern.example')).json()).toEqual({ name: 'Acme Corp', slug: 'acme', selfRegistration: false });
  });

  it('answers unknown hosts with 404, never with a default tenant', async () => {
    for (const host of ['lectern.example', 'nobody.lectern.example', 'x.globex.lectern.example', 'globex', 'localhost']) {
      const res = await tenantAt(host);
      expect(res.statusCode, host).toBe(404);
      expect(res.json().error.code).toBe('TENANT_UNKNOWN_HOST');
    }
  });

  it('a disabled tenant answers 403 with its own code', async () => {
    await createTenant(ctx.db, { slug: 'gone', name: 'Gone', hostnames: ['gone.example'] });
    await setTenantStatus(ctx.db, 'gone', 'disabled');
    const res = await tenantAt('gone.example');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('TENANT_DISABLED');
  });

  it('refuses a taken slug or host name, and a malformed slug', async () => {
    await expect(createTenant(ctx.db, { slug: 'acme', name: 'Again' })).rejects.toMatchObject({ code: 'TENANT_SLUG_TAKEN' });
    await expect(createTenant(ctx.db, { slug: 'new', name: 'New', hostnames: ['learn.acme.example'] })).rejects.toMatchObject({
      code: 'TENANT_HOST_TAKEN',
    });
    await expect(createTenant(ctx.db, { slug: 'Bad Slug', name: 'X' })).rejects.toThrow(/slug/);
    await expect(createTenant(ctx.db, { slug: 'ok', name: 'X', hostnames: ['not a host'] })).rejects.toThrow(/host name/);
  });

  it('a host name given twice (in any letter case) is stored once', async () => {
    const twice = await createTenant(ctx.db, { slug: 'twice', name: 'Twice', hostnames: ['learn.twice.example', 'LEARN.twice.example'] });
    expect(twice.hostnames).toEqual(['learn.twice.example']);
  });

  it('health checks answer on any host', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/healthz', headers: { host: 'anything.invalid' } });
    expect(res.statusCode).toBe(200);
  });
});
