import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser } from '../../../test/app.js';
import { createTestDb, engine } from '../../../test/db.js';
import { queryRows, type Db } from '../../platform/db/index.js';
import { migrationsDir } from '../../platform/paths.js';

/** The statements of a migration file, as the migrator runs them. */
function statementsOf(file: string): string[] {
  return readFileSync(path.join(migrationsDir, file), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The free-text categories of a database from before 0024 become categories: the text column is
 * put back on a migrated database, filled as it was, and the data move and the drop run on it.
 */
describe(`migrations 0026/0027: free-text categories become categories (${engine})`, () => {
  let db: Db;
  const tenants: Record<'acme' | 'globex', string> = { acme: '', globex: '' };
  beforeAll(async () => {
    db = await createTestDb();
    tenants.acme = (await createTenantWithUser(db, 'mig-acme')).tenant.id;
    tenants.globex = (await createTenantWithUser(db, 'mig-globex')).tenant.id;
  });
  afterAll(() => db.close());

  it('one category per distinct trimmed name and site (case ignored), each course in its own, blank ones uncategorised, then the text column is gone', async () => {
    await db.owner.execute(sql`alter table courses add column category text`);
    const old: [keyof typeof tenants, string, string | null][] = [
      ['acme', 'Fire drill', 'Safety'],
      ['acme', 'Ladders', '  safety '],
      ['acme', 'Spanish', 'Languages'],
      ['acme', 'Blank', '   '],
      ['acme', 'None', null],
      ['globex', 'Globex fire', 'SAFETY'],
    ];
    for (const [tenant, title, category] of old) {
      await db.owner.transaction(async (tx) => {
        await tx.execute(sql`select set_config('app.tenant_id', ${tenants[tenant]}, true)`);
        await tx.execute(sql`insert into courses (tenant_id, title, category) values (${tenants[tenant]}, ${title}, ${category})`);
      });
    }

    for (const file of ['0026_course_categories_from_text.sql', '0027_drop_course_category_text.sql']) {
      for (const statement of statementsOf(file)) await db.owner.execute(sql.raw(statement));
    }

    const rowsOf = (tenant: keyof typeof tenants) =>
      db.withTenant(tenants[tenant], async (tx) => ({
        categories: (await queryRows<{ name: string }>(tx, sql`select name from course_categories order by name`)).map((r) => r.name),
        courses: (
          await queryRows<{ title: string; category: string | null }>(
            tx,
            sql`select c.title, cc.name as category from courses c left join course_categories cc on cc.id = c.category_id order by c.title`,
          )
        ).map((r) => [r.title, r.category]),
      }));
    expect(await rowsOf('acme')).toEqual({
      categories: ['Languages', 'Safety'],
      courses: [['Blank', null], ['Fire drill', 'Safety'], ['Ladders', 'Safety'], ['None', null], ['Spanish', 'Languages']],
    });
    expect(await rowsOf('globex')).toEqual({ categories: ['SAFETY'], courses: [['Globex fire', 'SAFETY']] });
    const [column] = await queryRows<{ n: number }>(
      db.owner,
      sql`select count(*)::int as n from information_schema.columns where table_name = 'courses' and column_name = 'category'`,
    );
    expect(column?.n).toBe(0);
  });
});
