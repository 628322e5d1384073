import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { describe, expect, it } from 'vitest';
import { tenantHosts, tenants } from '../tenancy/tenancy.schema.js';
import { qualified } from './qualified.js';

// Rendering only (no database): what SQL a one-table select with a correlated subquery becomes.
const orm = drizzle.mock();

describe('qualified columns', () => {
  it('an outer column in a correlated subquery of a select list stays bound to the outer table', () => {
    const bare = orm.select({ n: sql`(select count(*) from ${tenantHosts} h where h.tenant_id = ${tenants.id})` }).from(tenants).toSQL().sql;
    // What drizzle writes on its own: an unqualified "id", which a subquery table with an id column would capture.
    expect(bare).toContain('h.tenant_id = "id"');
    const fixed = orm.select({ n: sql`(select count(*) from ${tenantHosts} h where h.tenant_id = ${qualified(tenants.id)})` }).from(tenants).toSQL().sql;
    expect(fixed).toContain('h.tenant_id = "tenants"."id"');
  });
});

describe('correlated subqueries in the code', () => {
  it('write every outer column with qualified(): no `(select … ${table.column}` is left bare', () => {
    const srcDir = path.resolve(import.meta.dirname, '..', '..');
    const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('qualified.ts'));
    const bare: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(srcDir, file), 'utf8');
      // A subquery inside an sql template that interpolates a table's column directly.
      for (const match of text.matchAll(/\(select\b[^`]*?\$\{(?!qualified\()[a-zA-Z]+\.[a-zA-Z]+\}/gi)) bare.push(`${file}: ${match[0].slice(-80)}`);
    }
    expect(bare).toEqual([]);
  });
});
