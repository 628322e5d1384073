import { readFileSync } from 'node:fs';
import { PRIVACY_DOC, withPersonalColumns } from './personal-data-doc.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../test/db.js';
import { queryRows, type Db } from '../db/client.js';
import { PERSONAL_DATA, personalColumns, unclassifiedColumns } from './personal-data.js';

let db: Db;
let columns: Array<{ table_name: string; column_name: string }>;

beforeAll(async () => {
  db = await createTestDb();
  columns = await queryRows(
    db.owner,
    sql`select c.table_name, c.column_name from information_schema.columns c
          join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
         where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
         order by c.table_name, c.ordinal_position`,
  );
});
afterAll(() => db.close());

describe('the list of personal data', () => {
  it('classifies every column of every table of the migrated database', () => {
    expect(columns.length).toBeGreaterThan(100);
    const unclassified = unclassifiedColumns(columns);
    expect(
      unclassified,
      `classify these columns in src/platform/privacy/personal-data.ts (personal with purpose, retention and erasure, or not personal), then run npm run docs:privacy: ${unclassified.join(', ')}`,
    ).toEqual([]);
  });

  it('names a column a migration adds to a table, and a new table, until they are classified', () => {
    const added = [...columns, { table_name: 'users', column_name: 'nickname' }, { table_name: 'learner_notes', column_name: 'id' }];
    expect(unclassifiedColumns(added)).toEqual(['users.nickname', 'learner_notes.id']);
  });

  it('names no column the database does not have', () => {
    const present = new Set(columns.map(({ table_name, column_name }) => `${table_name}.${column_name}`));
    const stale = Object.entries(PERSONAL_DATA).flatMap(([table, cols]) => Object.keys(cols).map((column) => `${table}.${column}`)).filter((name) => !present.has(name));
    expect(stale, `remove these columns from src/platform/privacy/personal-data.ts: ${stale.join(', ')}`).toEqual([]);
  });

  it('gives every personal column a purpose, a retention period and who sees it', () => {
    const incomplete = personalColumns().filter((column) => !column.purpose.trim() || !column.retention.trim() || !column.seenBy.trim()).map((column) => column.name);
    expect(incomplete).toEqual([]);
  });

  it('is in docs/privacy.md as it is here: the tables are written from this list (npm run docs:privacy)', () => {
    const doc = readFileSync(PRIVACY_DOC, 'utf8');
    expect(doc === withPersonalColumns(doc), 'docs/privacy.md differs from src/platform/privacy/personal-data.ts: run npm run docs:privacy').toBe(true);
  });

});
