import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser } from '../../../test/app.js';
import { createTestDb, engine } from '../../../test/db.js';
import { databaseError } from '../../../test/db-error.js';
import { sessions, users } from '../identity/identity.schema.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { queryRows, type Db } from './client.js';
import { migrationCount, migrationStatus, runMigrations } from './migrate.js';

describe(`tenant isolation by row-level security (${engine})`, () => {
  let db: Db;
  let acme: Tenant;
  let globex: Tenant;

  beforeAll(async () => {
    db = await createTestDb();
    acme = (await createTenantWithUser(db, 'acme')).tenant;
    globex = (await createTenantWithUser(db, 'globex')).tenant;
    await createTenantWithUser(db, 'initech');
  });
  afterAll(() => db.close());

  it('a query that forgets its WHERE tenant_id sees only the current tenant', async () => {
    const seen = await db.withTenant(acme.id, (tx) => tx.select({ email: users.email, tenantId: users.tenantId }).from(users));
    expect(seen).toEqual([{ email: 'admin@acme.test', tenantId: acme.id }]);
    const raw = await db.withTenant(globex.id, (tx) => queryRows<{ email: string }>(tx, sql`select email from users`));
    expect(raw.map((r) => r.email)).toEqual(['admin@globex.test']);
  });

  it('even an explicit WHERE naming another tenant returns nothing', async () => {
    const rows = await db.withTenant(acme.id, (tx) =>
      queryRows(tx, sql`select * from users where tenant_id = ${globex.id}`),
    );
    expect(rows).toEqual([]);
  });

  it('without a tenant nothing is visible', async () => {
    const rows = await db.withTenant('', (tx) => queryRows(tx, sql`select * from users`));
    expect(rows).toEqual([]);
  });

  it('cannot insert a row into another tenant', async () => {
    expect(
      await databaseError(
        db.withTenant(acme.id, (tx) =>
          tx.insert(users).values({ tenantId: globex.id, email: 'mole@globex.test', firstName: 'M', lastName: 'M' }),
        ),
      ),
    ).toMatch(/row-level security/);
    const count = await db.withTenant(globex.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from users`));
    expect(count[0]?.n).toBe(1);
  });

  it('cannot update or delete rows of another tenant', async () => {
    const updated = await db.withTenant(acme.id, (tx) =>
      tx.update(users).set({ firstName: 'Hacked' }).returning({ id: users.id }),
    );
    expect(updated).toHaveLength(1); // only acme's own row
    const deleted = await db.withTenant(acme.id, (tx) =>
      queryRows(tx, sql`delete from users where tenant_id = ${globex.id} returning id`),
    );
    expect(deleted).toEqual([]);
    const globexNames = await db.withTenant(globex.id, (tx) => tx.select({ firstName: users.firstName }).from(users));
    expect(globexNames).toEqual([{ firstName: 'Ada' }]);
  });

  it('cannot move a row into another tenant by updating tenant_id', async () => {
    expect(await databaseError(db.withTenant(acme.id, (tx) => tx.update(users).set({ tenantId: globex.id })))).toMatch(
      /row-level security/,
    );
  });

  it('a session cannot point at a user of another tenant', async () => {
    const [globexUser] = await db.withTenant(globex.id, (tx) => tx.select({ id: users.id }).from(users));
    expect(
      await databaseError(
        db.withTenant(acme.id, (tx) =>
          tx.insert(sessions).values({ idHash: 'x', userId: globexUser!.id, expiresAt: new Date(Date.now() + 60_000) }),
        ),
      ),
    ).toMatch(/foreign key/);
  });

  it('the application role cannot write platform tables or switch off the policy', async () => {
    expect(await databaseError(db.withTenant(acme.id, (tx) => tx.execute(sql`update tenants set name = 'x'`)))).toMatch(
      /permission denied/,
    );
    expect(
      await databaseError(db.withTenant(acme.id, (tx) => tx.execute(sql`alter table users disable row level security`))),
    ).toMatch(/must be (the )?owner/);
  });

  it('the application role can add audit events but neither change nor delete them, not even its own tenant\'s', async () => {
    await db.withTenant(acme.id, (tx) => tx.execute(sql`insert into audit_events (action, target_type) values ('test.appended', 'test')`));
    expect(await databaseError(db.withTenant(acme.id, (tx) => tx.execute(sql`update audit_events set action = 'test.rewritten'`)))).toMatch(/permission denied/);
    expect(await databaseError(db.withTenant(acme.id, (tx) => tx.execute(sql`delete from audit_events`)))).toMatch(/permission denied/);
    const kept = await db.withTenant(acme.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from audit_events where action = 'test.appended'`));
    expect(kept[0]?.n).toBe(1);
  });

  it('every table with a tenant_id column has row-level security enabled and forced', async () => {
    const tables = await queryRows<{ table: string; enabled: boolean; forced: boolean; policies: number }>(
      db.owner,
      sql`select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
                 (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r'
            and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
            -- platform tables: read before a tenant is known (hosts), served for all tenants (jobs), or the blob store's and the audit chain's (never granted to the application role)
            and c.relname not in ('tenant_hosts', 'jobs', 'storage_blobs', 'storage_tenant_keys', 'audit_chain_heads', 'audit_anchors')`,
    );
    expect(tables.map((t) => t.table).sort()).toEqual(
      ['access_review_items', 'access_reviews', 'api_tokens', 'attempts', 'audit_events', 'auth_failures', 'certificate_settings', 'certificates', 'cmi5_activity_states', 'cmi5_sessions', 'content_files', 'content_versions', 'course_categories', 'course_items', 'courses', 'enrolments', 'event_handlings', 'group_enrolments', 'group_managers', 'group_members', 'groups', 'guard_bans', 'in_app_notifications', 'launch_grants', 'learning_path_courses', 'learning_path_enrolments', 'learning_path_groups', 'learning_paths', 'lrs_keys', 'mail_consents', 'market_access_grants', 'market_coupon_redemptions', 'market_coupons', 'market_invoice_counters', 'market_invoices', 'market_order_lines', 'market_orders', 'market_payment_accounts', 'market_payments', 'market_product_courses', 'market_product_prices', 'market_products', 'market_provider_events', 'market_refunds', 'market_seat_packs', 'mfa_recovery_codes', 'package_upload_chunks', 'package_uploads', 'privacy_requests', 'purchased_access', 'sco_states', 'sessions', 'space_comment_attachments', 'space_comments', 'space_guest_reviewers', 'space_item_access', 'space_items', 'space_members', 'space_publications', 'space_review_requests', 'space_reviewers', 'space_share_links', 'space_share_recipients', 'space_share_visits', 'space_upload_chunks', 'space_uploads', 'space_version_chunks', 'space_versions', 'space_view_course_progress', 'space_view_sessions', 'staff_grants', 'staff_tenant_sessions', 'update_mailings', 'user_tokens', 'users', 'xapi_activities', 'xapi_attachments', 'xapi_documents', 'xapi_statement_terms', 'xapi_statements'],
    );
    // The staff tables and the audit trail carry a second policy for the owner alone (operator console, audit maintenance; migrations/0076).
    const ownerPolicies = new Set(['staff_grants', 'staff_tenant_sessions', 'audit_events']);
    for (const t of tables) expect(t, t.table).toMatchObject({ enabled: true, forced: true, policies: ownerPolicies.has(t.table) ? 2 : 1 });
  });

  it('every isolation policy reads the tenant once per statement (a subquery), not once per row', async () => {
    const policies = await queryRows<{ table: string; qual: string; check: string }>(
      db.owner,
      sql`select tablename as table, qual, with_check as check from pg_policies where schemaname = 'public' and policyname = 'tenant_isolation'`,
    );
    expect(policies.length).toBeGreaterThan(20);
    for (const p of policies) {
      for (const expression of [p.qual, p.check]) expect(expression, p.table).toMatch(/^\(tenant_id = \( SELECT \(NULLIF\(current_setting\('app\.tenant_id'::text, true\), ''::text\)\)::uuid AS "?nullif"?\)\)$/);
    }
  });

  it("the application role cannot read the blob store's tables, not even its own tenant's rows (the tenants' data keys are among them)", async () => {
    for (const table of ['storage_blobs', 'storage_tenant_keys', 'storage_location_stats', 'audit_chain_heads', 'audit_anchors', 'staff_sessions']) {
      expect(await databaseError(db.withTenant(acme.id, (tx) => tx.execute(sql.raw(`select * from ${table}`)))), table).toMatch(/permission denied/);
    }
  });

  it('migrating again is a no-op and concurrent migrations wait for each other', async () => {
    await Promise.all([runMigrations(db), runMigrations(db)]);
    expect(await migrationStatus(db)).toEqual({ applied: migrationCount(), expected: migrationCount() });
  });
});
