import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import { adminQuery, databaseUrlFor } from '../../../test/postgres-admin.js';
import { openDatabase, queryRows, type Db } from '../db/client.js';
import { DEMO_ADMIN_EMAIL, seedDemoTenant } from './seed-demo-tenant.js';

/**
 * Two fresh nodes starting at once on one database: on PostgreSQL two connection pools (two
 * nodes), on PGlite two start-ups sharing the one embedded database.
 */
describe(`seeding the demo site on first start (${engine})`, () => {
  const nodes: Db[] = [];
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const url = process.env.DATABASE_URL;
    if (!url) {
      const db = await createTestDb();
      nodes.push(db, db);
      cleanup = () => db.close();
      return;
    }
    const name = `${inject('postgresTemplate')}_seed_${randomBytes(4).toString('hex')}`;
    await adminQuery(url, `create database "${name}" template "${inject('postgresTemplate')}"`);
    for (let i = 0; i < 2; i++) nodes.push(await openDatabase({ kind: 'postgres', url: databaseUrlFor(url, name), poolSize: 4 }));
    cleanup = async () => {
      for (const node of nodes) await node.close();
      await adminQuery(url, `drop database if exists "${name}" with (force)`);
    };
  });
  afterAll(() => cleanup());

  it('two nodes seeding at once both start: one demo site, one administrator, one password handed over', async () => {
    const results = await Promise.all(nodes.map((node) => seedDemoTenant(node)));

    const handedOver = results.filter((result) => result !== undefined);
    expect(handedOver).toHaveLength(1);
    expect(handedOver[0]!.email).toBe(DEMO_ADMIN_EMAIL);
    const [tenants] = await queryRows<{ n: number }>(nodes[0]!.owner, sql`select count(*)::int as n from tenants`);
    expect(tenants!.n).toBe(1);
    const admins = await queryRows<{ email: string; roles: string[] }>(nodes[0]!.owner, sql`select email, roles from users`);
    expect(admins).toEqual([{ email: DEMO_ADMIN_EMAIL, roles: ['admin'] }]);

    // A later start finds the site and seeds nothing.
    expect(await seedDemoTenant(nodes[1]!)).toBeUndefined();
  });
});
