import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../../test/app.js';
import { createTestDb, engine } from '../../../../test/db.js';
import { queryRows, type Db } from '../../db/client.js';
import { createUser } from '../../identity/users.service.js';
import { migrationsDir } from '../../paths.js';
import { createTenant } from '../../tenancy/tenants.service.js';

/** The statements of the migration that gave consents their address, found by name (its number may change). */
function addressMigration(): string[] {
  const journal = JSON.parse(readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const entry = journal.entries.find((e) => e.tag.endsWith('_mail_consent_address'));
  if (!entry) throw new Error('no mail_consent_address migration in the journal');
  return readFileSync(path.join(migrationsDir, `${entry.tag}.sql`), 'utf8')
    .split('--> statement-breakpoint')
    .map((statement) => statement.trim())
    .filter(Boolean);
}

/**
 * Consents given before they had an address: the migration gives them the account's address, and
 * ends those whose account changed its address after the consent was asked for (the audit log says
 * so), since nobody at the present address confirmed anything.
 */
describe(`the migration that ties existing consents to an address (${engine})`, () => {
  let db: Db;
  const ids: Record<string, string> = {};

  async function person(tenantId: string, name: string, consent: { status: 'pending' | 'confirmed' | 'withdrawn'; via?: string }) {
    const user = await createUser(db, tenantId, { email: `${name}@acme.test`, firstName: name, lastName: 'Person', roles: ['learner'], password: PASSWORD });
    ids[name] = user.id;
    await db.withTenant(tenantId, (tx) =>
      tx.execute(sql`insert into mail_consents (user_id, status, consent_text, requested_at, confirmation_token_hash, confirmed_at, withdrawn_at, withdrawn_via)
                     values (${user.id}, ${consent.status}, 'Yes, news please', now() - interval '10 days',
                             ${consent.status === 'pending' ? 'digest' : null}, ${consent.status === 'confirmed' ? sql`now() - interval '9 days'` : null},
                             ${consent.status === 'withdrawn' ? sql`now() - interval '8 days'` : null}, ${consent.via ?? null})`),
    );
    return user.id;
  }

  async function audited(tenantId: string, userId: string, action: string, details: object, daysAgo: number) {
    await db.withTenant(tenantId, (tx) =>
      tx.execute(sql`insert into audit_events (action, target_type, target_id, details, occurred_at)
                     values (${action}, 'user', ${userId}, ${JSON.stringify(details)}::jsonb, now() - make_interval(days => ${daysAgo}))`),
    );
  }

  beforeAll(async () => {
    db = await createTestDb();
    // The database as it was before the migration.
    await db.owner.execute(sql`alter table mail_consents drop column email`);
    const acme = (await createTenant(db, { slug: 'acme', name: 'Acme', hostnames: ['acme.test'] })).id;
    const beta = (await createTenant(db, { slug: 'beta', name: 'Beta', hostnames: ['beta.test'] })).id;

    await person(acme, 'kept', { status: 'confirmed' });
    await db.owner.execute(sql`update users set email = 'Kept@ACME.test' where id = ${ids.kept!}`);
    const byAdmin = await person(acme, 'byadmin', { status: 'confirmed' });
    await audited(acme, byAdmin, 'user.updated', { before: { email: 'old.byadmin@acme.test' }, after: { email: 'byadmin@acme.test' } }, 5);
    const bySelf = await person(acme, 'byself', { status: 'pending' });
    await audited(acme, bySelf, 'user.email_changed', { from: 'old.byself@acme.test', to: 'byself@acme.test' }, 3);
    const renamed = await person(acme, 'renamed', { status: 'confirmed' });
    await audited(acme, renamed, 'user.updated', { before: { firstName: 'Ren' }, after: { firstName: 'Renamed' } }, 5);
    const recased = await person(acme, 'recased', { status: 'confirmed' });
    await audited(acme, recased, 'user.updated', { before: { email: 'ReCased@acme.test' }, after: { email: 'recased@acme.test' } }, 5);
    const movedEarlier = await person(acme, 'movedearlier', { status: 'confirmed' });
    await audited(acme, movedEarlier, 'user.email_changed', { from: 'before@acme.test', to: 'movedearlier@acme.test' }, 20);
    const gone = await person(acme, 'gone', { status: 'withdrawn', via: 'settings' });
    await audited(acme, gone, 'user.email_changed', { from: 'old.gone@acme.test', to: 'gone@acme.test' }, 2);
    await person(beta, 'elsewhere', { status: 'confirmed' });

    for (const statement of addressMigration()) await db.owner.execute(sql.raw(statement));
  }, 120_000);
  afterAll(() => db?.close());

  it("gives every consent its account's address, and ends those whose address changed after they were asked for", async () => {
    const rows = await queryRows<{ user_id: string; email: string; status: string; withdrawn_via: string | null; confirmation_token_hash: string | null; withdrawn: boolean }>(
      db.owner,
      sql`select user_id, email, status, withdrawn_via, confirmation_token_hash, withdrawn_at is not null as withdrawn from mail_consents`,
    );
    const of = (name: string) => rows.find((row) => row.user_id === ids[name]);
    expect(rows.length).toBe(8);
    expect(of('kept')).toMatchObject({ email: 'kept@acme.test', status: 'confirmed', withdrawn_via: null });
    expect(of('byadmin')).toMatchObject({ email: 'byadmin@acme.test', status: 'withdrawn', withdrawn_via: 'address_changed', withdrawn: true });
    expect(of('byself')).toMatchObject({ email: 'byself@acme.test', status: 'withdrawn', withdrawn_via: 'address_changed', confirmation_token_hash: null });
    // A change of name, of letter case only, or of the address before the consent was asked for: it stands.
    expect(of('renamed')).toMatchObject({ status: 'confirmed' });
    expect(of('recased')).toMatchObject({ status: 'confirmed' });
    expect(of('movedearlier')).toMatchObject({ status: 'confirmed', email: 'movedearlier@acme.test' });
    expect(of('gone')).toMatchObject({ status: 'withdrawn', withdrawn_via: 'settings' });
    expect(of('elsewhere')).toMatchObject({ status: 'confirmed', email: 'elsewhere@acme.test' });
    const [column] = await queryRows<{ is_nullable: string }>(db.owner, sql`select is_nullable from information_schema.columns where table_name = 'mail_consents' and column_name = 'email'`);
    expect(column?.is_nullable).toBe('NO');
  });
});
