import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createTenantWithUser, type TestContext } from '../../test/app.js';
import type { Tenant } from '../platform/tenancy/tenants.repository.js';
import type { LrsScope } from './keys/lrs-keys.contract.js';
import { createLrsKeyFromCommandLine } from './keys/lrs-keys.service.js';

export interface LrsTestSite {
  tenant: Tenant;
  host: string;
  /** The admin's e-mail and password (the site's first user). */
  email: string;
  password: string;
  /** `Basic …` of a new key with these scopes (default: all). */
  newKey(scopes?: LrsScope[], name?: string): Promise<string>;
  /** A request to the LRS with a key of every scope, the version header and the site's host. */
  xapi(options: InjectOptions & { url: string }, version?: string): Promise<LightMyRequestResponse>;
}

export const basicOf = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

export async function createLrsTestSite(ctx: TestContext, slug: string): Promise<LrsTestSite> {
  const { tenant, host, email, password } = await createTenantWithUser(ctx.db, slug);
  const newKey = async (scopes: LrsScope[] = ['all'], name = 'test client') => {
    const { record, secret } = await createLrsKeyFromCommandLine(ctx.db, tenant, { name, scopes });
    return basicOf(record.key, secret);
  };
  const allKey = await newKey();
  return {
    tenant,
    host,
    email,
    password,
    newKey,
    xapi: (options, version = '1.0.3') =>
      ctx.app.inject({ ...options, headers: { host, authorization: allKey, 'x-experience-api-version': version, ...(options.headers ?? {}) } }),
  };
}
