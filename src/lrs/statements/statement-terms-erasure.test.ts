import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../../platform/db/client.js';
import { deleteTenantRow } from '../../platform/tenancy/tenants.repository.js';
import { createLrsTestSite, type LrsTestSite } from '../lrs.test-support.js';

// The terms carry no foreign key to their tenant (0034/0035): a trigger removes them when the tenant goes.
const statement = (n: number) => ({
  actor: { mbox: `mailto:learner-${n}@example.com` },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
  object: { id: `https://courses.example.com/fire-safety/${n}` },
  context: { registration: '6a1e2b3c-0000-4000-8000-000000000001', contextActivities: { parent: [{ id: 'https://courses.example.com/fire-safety' }] } },
});

describe(`a tenant's statement terms when the tenant is deleted (${engine})`, () => {
  let ctx: TestContext;
  let leaving: LrsTestSite;
  let staying: LrsTestSite;

  const termsOf = async (site: LrsTestSite) =>
    (await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from xapi_statement_terms where tenant_id = ${site.tenant.id}`))[0]!.n;
  const store = async (site: LrsTestSite) => {
    const response = await site.xapi({ method: 'POST', url: '/xapi/statements', payload: [statement(1), statement(2)] });
    expect(response.statusCode).toBe(200);
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    leaving = await createLrsTestSite(ctx, 'lrs-erasure-leaving');
    staying = await createLrsTestSite(ctx, 'lrs-erasure-staying');
  });
  afterAll(() => ctx?.close());

  it('go with the tenant; another tenant keeps its own and its statements still filter', async () => {
    await store(leaving);
    await store(staying);
    expect(await termsOf(leaving)).toBeGreaterThan(10);
    const before = await termsOf(staying);

    expect(await deleteTenantRow(ctx.db.owner, leaving.tenant.id)).toBe(true);

    expect(await termsOf(leaving)).toBe(0);
    expect(await termsOf(staying)).toBe(before);
    const found = await staying.xapi({ method: 'GET', url: `/xapi/statements?activity=${encodeURIComponent('https://courses.example.com/fire-safety')}&related_activities=true` });
    expect(found.json().statements).toHaveLength(2);
  });

  it('go also when the deleting role is subject to row-level security, and its tenant setting is put back', async () => {
    const probe = await createLrsTestSite(ctx, 'lrs-erasure-probe');
    await store(probe);
    // A role that is neither superuser nor owner: the terms' row-level policy applies to it, as it does to a non-superuser owner (FORCE).
    await ctx.db.owner.execute(sql.raw(`do $$ begin if not exists (select 1 from pg_roles where rolname = 'lectern_erasure_probe') then create role lectern_erasure_probe nologin nosuperuser nobypassrls; end if; end $$`));
    await ctx.db.owner.execute(sql.raw('grant select, delete on tenants, xapi_statement_terms to lectern_erasure_probe'));
    const setting = await ctx.db.owner.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${staying.tenant.id}, true)`);
      await tx.execute(sql.raw('set local role lectern_erasure_probe'));
      await tx.execute(sql`delete from tenants where id = ${probe.tenant.id}`);
      return (await queryRows<{ value: string }>(tx, sql`select current_setting('app.tenant_id', true) as value`))[0]!.value;
    });
    expect(setting).toBe(staying.tenant.id);
    expect(await termsOf(probe)).toBe(0);
    expect(await termsOf(staying)).toBeGreaterThan(10);
  });
});
