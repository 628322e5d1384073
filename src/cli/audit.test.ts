import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/app.js';
import { engine } from '../../test/db.js';
import { isolatedDatabaseEnv, runLectern } from '../../test/process.js';
import { openMigratedDatabase } from '../platform/db/open.js';
import { createTenant } from '../platform/tenancy/tenants.service.js';
import { insertAuditEvent } from '../platform/audit/audit.repository.js';

describe(`lectern audit verify (${engine})`, { timeout: 400_000 }, () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ env, cleanup } = await isolatedDatabaseEnv());
    // The database is set up here, then closed: the command opens it on its own (PGlite: one process at a time).
    const db = await openMigratedDatabase(testConfig(env));
    try {
      for (const slug of ['north', 'south']) {
        const tenant = await createTenant(db, { slug, name: slug, hostnames: [`${slug}.test`] });
        for (let i = 1; i <= 4; i++) await db.withTenant(tenant.id, (tx) => insertAuditEvent(tx, { action: 'user.updated', details: { n: i } }));
      }
    } finally {
      await db.close();
    }
  });
  afterAll(() => cleanup());

  it('exit code 0 and a line per tenant while the trail is intact; 1 and the tampered entries named once a row was changed', async () => {
    const intact = await runLectern(['audit', 'verify'], env);
    expect(intact.stderr).toBe('');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('north: 4 entries, head at 4, 0 anchors');
    expect(intact.stdout).toContain('Audit trail intact (2 tenants).');

    const db = await openMigratedDatabase(testConfig(env));
    try {
      await db.owner.execute(sql`alter table audit_events disable trigger audit_refuse_update`);
      await db.owner.execute(sql`update audit_events e set details = '{"n": 0}' from tenants t where t.id = e.tenant_id and t.slug = 'south' and e.chain_seq = 2`);
      await db.owner.execute(sql`alter table audit_events enable trigger audit_refuse_update`);
      await db.owner.execute(sql`delete from audit_events e using tenants t where t.id = e.tenant_id and t.slug = 'south' and e.chain_seq = 4`);
    } finally {
      await db.close();
    }

    const tampered = await runLectern(['audit', 'verify'], env);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('AUDIT TRAIL TAMPERED: 2 problems');
    expect(tampered.stdout).toMatch(/ {2}south seq 2 \(entry id \d+\): changed: /);
    expect(tampered.stdout).toContain('  south seq 4: missing: the entry at position 4 was removed (the newest)');
    expect(tampered.stdout).not.toMatch(/north seq/);

    const json = await runLectern(['audit', 'verify', '--tenant', 'south', '--json'], env);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { problems: { kind: string; seq: number }[] }).problems.map((p) => [p.kind, p.seq])).toEqual([
      ['changed', 2],
      ['missing', 4],
    ]);
    const unknown = await runLectern(['audit', 'verify', '--tenant', 'west'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--tenant west: no such tenant');
  });
});
