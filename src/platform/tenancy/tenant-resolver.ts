import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { hostname as hostnameSchema } from './tenancy.contract.js';
import { findTenantByHostname, findTenantById, findTenantBySlug, type Tenant } from './tenants.repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant this request's host name belongs to; set for every route unless `config.tenant` is false. */
    tenant: Tenant | null;
  }
  interface FastifyContextConfig {
    /** false: the route answers on any host (health checks, API reference, static assets). */
    tenant?: boolean;
  }
}

/** How long a host-to-tenant answer is reused; a disabled tenant stops answering within this time. */
const CACHE_TTL_MS = 5_000;
const CACHE_MAX_ENTRIES = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class TenantResolver {
  private readonly cache = new Map<string, { tenant: Tenant | undefined; expires: number }>();

  constructor(
    private readonly db: Db,
    private readonly baseDomain: string | undefined,
  ) {}

  /** The tenant for a host name: an exact host entry first, then `<slug>.<base domain>`. */
  async resolve(rawHost: string): Promise<Tenant | undefined> {
    const parsed = hostnameSchema.safeParse(rawHost);
    if (!parsed.success) return undefined;
    const host = parsed.data;
    const cached = this.cache.get(host);
    if (cached && cached.expires > Date.now()) return cached.tenant;

    let tenant = await findTenantByHostname(this.db.owner, host);
    if (!tenant && this.baseDomain && host.endsWith(`.${this.baseDomain}`)) {
      const slug = host.slice(0, -(this.baseDomain.length + 1));
      if (!slug.includes('.')) tenant = await findTenantBySlug(this.db.owner, slug);
    }
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(host, { tenant, expires: Date.now() + CACHE_TTL_MS });
    return tenant;
  }

  /** The tenant with this id (a credential names it), cached like host names; undefined for an unknown or malformed id. */
  async byId(id: string): Promise<Tenant | undefined> {
    if (!UUID.test(id)) return undefined;
    const key = `id:${id}`;
    const cached = this.cache.get(key);
    if (cached && cached.expires > Date.now()) return cached.tenant;
    const tenant = await findTenantById(this.db.owner, id);
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(key, { tenant, expires: Date.now() + CACHE_TTL_MS });
    return tenant;
  }

  forget(): void {
    this.cache.clear();
  }
}

export function registerTenantResolution(app: FastifyInstance, resolver: TenantResolver): void {
  app.decorateRequest('tenant', null);
  // Callback style: routes that answer on any host (health checks) pay no promise for this hook.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.routeOptions.config.tenant === false) return done();
    resolver.resolve(request.hostname).then((tenant) => {
      if (!tenant) return done(new AppError('TENANT_UNKNOWN_HOST'));
      if (tenant.status !== 'active') return done(new AppError('TENANT_DISABLED'));
      request.tenant = tenant;
      done();
    }, done);
  });
}

/** The request's tenant, for handlers of tenant routes (the hook guarantees it is there). */
export function tenantOf(request: FastifyRequest): Tenant {
  if (!request.tenant) throw new AppError('TENANT_UNKNOWN_HOST');
  return request.tenant;
}
