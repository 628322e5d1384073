import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../../test/db.js';
import { eventually } from '../../../../test/eventually.js';
import { startPostgresPair, type PostgresPair } from '../../../../test/postgres-pair.js';
import { openDatabase, type Db } from '../../db/client.js';
import type { AlertNotice } from '../alert-notice.js';
import { defaultMonitorConfig } from '../monitor-config.js';
import { runMonitor } from '../monitor-run.js';
import { checkStandbys } from './standby.js';

const SLOT = 'standby_b';

// A throw-away primary on loopback with a streaming standby on a replication slot: the monitor's
// database (`db`, of either engine) keeps the alerts; the check asks the primary.
describe(`the standby check against a real streaming standby (${engine})`, { timeout: 120_000 }, () => {
  let pair: PostgresPair;
  let primary: Db;
  let standby: Db;
  let standbyClosed = false;
  let db: Db;

  beforeAll(async () => {
    pair = await startPostgresPair({ name: 'lectern-standby-', slot: SLOT });
    primary = await openDatabase({ kind: 'postgres', url: pair.url('primary') });
    standby = await openDatabase({ kind: 'postgres', url: pair.url('standby') });
    db = await createTestDb();
  });
  afterAll(async () => {
    await primary?.close();
    if (!standbyClosed) await standby?.close();
    await db?.close();
    pair?.close();
  });

  it('a standby that falls behind raises standby_lag_bytes; one that goes away raises standby_disconnected', async () => {
    const component = `standby:${SLOT}`;
    const streaming = await eventually(async () => (await checkStandbys(primary)).find((r) => r.component === component && r.values.connected === 1));
    expect(streaming.message).toMatch(/^streaming \(async\)/);
    expect(streaming.values.lag_bytes).toBeLessThan(1024 * 1024);
    // The standby itself is in recovery: there is nothing to check from it.
    expect(await checkStandbys(standby)).toEqual([]);

    let now = new Date('2026-03-01T10:00:00Z');
    const notices: AlertNotice[] = [];
    const notifier = async (notice: AlertNotice) => {
      notices.push(notice);
      return [];
    };
    const run = () => runMonitor({ db, config: defaultMonitorConfig(), checks: [{ name: 'standby', owns: (c) => c.startsWith('standby:'), run: () => checkStandbys(primary) }], notifier, now: () => now });
    await run();
    expect(notices).toEqual([]);

    // Replay stops on the standby while the primary writes 30 MB of WAL: it falls behind.
    await standby.owner.execute(sql`select pg_wal_replay_pause()`);
    await primary.owner.execute(sql`create table ballast as select repeat(md5(i::text), 30) as filler from generate_series(1, 30000) as i`);
    await eventually(async () => ((await checkStandbys(primary)).find((r) => r.component === component)?.values.lag_bytes ?? 0) > 16 * 1024 * 1024, 30_000);
    await run();
    now = new Date(now.getTime() + 2 * 60_000);
    await run();
    expect(notices).toMatchObject([{ rule: 'standby_lag_bytes', component, state: 'firing', severity: 'warning' }]);
    expect(notices[0]!.summary).toMatch(/^Replication lag \d+ bytes on standby:standby_b \(warning above 16777216 bytes, critical above 268435456 bytes for 2m\)/);

    // It catches up: the alert resolves.
    await standby.owner.execute(sql`select pg_wal_replay_resume()`);
    await eventually(async () => ((await checkStandbys(primary)).find((r) => r.component === component)?.values.lag_bytes ?? Infinity) < 1024 * 1024, 30_000);
    now = new Date(now.getTime() + 60_000);
    await run();
    expect(notices.map((n) => `${n.rule}:${n.state}`)).toEqual(['standby_lag_bytes:firing', 'standby_lag_bytes:resolved']);

    // The standby goes away; its slot stays.
    await standby.close();
    standbyClosed = true;
    pair.stop('standby');
    await eventually(async () => (await checkStandbys(primary)).find((r) => r.component === component && r.values.connected === 0), 30_000);
    await run();
    now = new Date(now.getTime() + 2 * 60_000);
    await run();
    expect(notices.slice(2)).toMatchObject([{ rule: 'standby_disconnected', component, state: 'firing', severity: 'critical' }]);
    expect(notices[2]!.summary).toMatch(/not connected; its slot holds/);
  });
});
