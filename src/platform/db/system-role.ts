import { sql } from 'drizzle-orm';
import { APP_ROLE, queryRows, type Orm } from './client.js';

/**
 * The login the server does its work across sites with (host lookup, the job queue, sweeps, the
 * operator console) when DATABASE_SYSTEM_PASSWORD is set: not the owner of the schema, so SQL that
 * reaches one of those connections cannot alter tables, replace the audit trail's functions or
 * delete audit entries. The administrator creates it (docs/operations.md, "PostgreSQL server").
 */
export const SYSTEM_ROLE = 'lectern_system';

/**
 * Tables whose rows of every site the work across sites reads and writes without a site set (the
 * owner has a policy of its own on each, migration 0076): the system role gets one as well.
 */
const CROSS_SITE_TABLES = ['staff_grants', 'staff_tenant_sessions', 'audit_events'] as const;

/**
 * Gives the system role what it needs, as the owner, after the migrations and at every start (so
 * the tables of later migrations are included): the rows of every table, but no deleting of sites
 * and on the audit trail only reading and appending (retention goes through audit_prune_chain_start, migration 0086), the
 * chain heads only to read (the chaining trigger writes them as the owner), no DDL, and membership
 * of the application role for tenant transactions.
 */
export async function grantSystemRole(owner: Orm): Promise<void> {
  const [role] = await queryRows<{ exists: boolean }>(owner, sql`select exists (select 1 from pg_roles where rolname = ${SYSTEM_ROLE}) as exists`);
  if (!role?.exists) {
    throw new Error(`DATABASE_SYSTEM_PASSWORD is set, but the role ${SYSTEM_ROLE} does not exist: create it as a superuser (CREATE ROLE ${SYSTEM_ROLE} LOGIN PASSWORD '…'; see docs/operations.md, "PostgreSQL server")`);
  }
  await owner.transaction(async (tx) => {
    await tx.execute(sql.raw(`grant usage on schema public to ${SYSTEM_ROLE}`));
    await tx.execute(sql.raw(`grant select, insert, update, delete on all tables in schema public to ${SYSTEM_ROLE}`));
    await tx.execute(sql.raw(`revoke update, delete, truncate on audit_events from ${SYSTEM_ROLE}`));
    await tx.execute(sql.raw(`revoke insert, update, delete, truncate on audit_chain_heads from ${SYSTEM_ROLE}`));
    // Deleting a site cascades to its audit entries as their owner, whatever the deleting role may
    // do on them: sites are deleted by the operator's command (lectern tenant delete), not the server.
    await tx.execute(sql.raw(`revoke delete, truncate on tenants from ${SYSTEM_ROLE}`));
    await tx.execute(sql.raw(`grant usage, select on all sequences in schema public to ${SYSTEM_ROLE}`));
    await tx.execute(sql.raw(`grant execute on function audit_prune_chain_start(uuid, timestamptz) to ${SYSTEM_ROLE}`));
    await tx.execute(sql.raw(`grant ${APP_ROLE} to ${SYSTEM_ROLE}`));
    // The readiness probe compares the applied migrations with the build's.
    await tx.execute(sql.raw(`grant usage on schema drizzle to ${SYSTEM_ROLE}`));
    await tx.execute(sql.raw(`grant select on drizzle.__drizzle_migrations to ${SYSTEM_ROLE}`));
    const present = await queryRows<{ table: string }>(tx, sql`select tablename as table from pg_policies where schemaname = 'public' and policyname = 'system_work'`);
    for (const table of CROSS_SITE_TABLES.filter((t) => !present.some((p) => p.table === t))) {
      await tx.execute(sql.raw(`create policy system_work on ${table} to ${SYSTEM_ROLE} using (true) with check (true)`));
    }
  });
}

/**
 * Refuses a system login that could do what it is meant not to: a superuser, or a member of the
 * schema's owner (a misconfiguration that would give the owner's rights back).
 */
export async function checkSystemLogin(orm: Orm): Promise<void> {
  const [login] = await queryRows<{ user: string; superuser: boolean; owner_member: boolean }>(
    orm,
    sql`select current_user as user, r.rolsuper as superuser,
               pg_has_role(current_user, (select tableowner from pg_tables where schemaname = 'public' and tablename = 'audit_events'), 'MEMBER') as owner_member
          from pg_roles r where r.rolname = current_user`,
  );
  if (!login || login.user !== SYSTEM_ROLE) throw new Error(`the system login is ${login?.user ?? 'unknown'}, not ${SYSTEM_ROLE}`);
  if (login.superuser) throw new Error(`${SYSTEM_ROLE} is a superuser: it must not be (ALTER ROLE ${SYSTEM_ROLE} NOSUPERUSER)`);
  if (login.owner_member) throw new Error(`${SYSTEM_ROLE} has the rights of the schema's owner (a member of it): revoke that membership`);
}
