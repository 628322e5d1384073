import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createTestApp, fakeWebDir, testConfig, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { openDatabase } from '../db/client.js';
import { migrationCount } from '../db/migrate.js';

describe(`health and readiness (${engine})`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('/healthz answers without touching the database', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is ok when the database answers and every migration is applied', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', checks: { database: 'ok', migrations: { applied: migrationCount(), expected: migrationCount() } } });
  });

  it('/readyz is 503 while shutting down, so a balancer drains the node', async () => {
    ctx.app.health.shuttingDown = true;
    const res = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    ctx.app.health.shuttingDown = false;
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.shuttingDown).toBe(true);
  });

  it('/readyz is 503 on a database without migrations', async () => {
    const bare = await openDatabase({ kind: 'pglite' });
    const app = await buildApp({ config: testConfig(), db: bare, logger: false, webDir: fakeWebDir() });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks).toMatchObject({ database: 'ok', migrations: { applied: 0, expected: migrationCount() } });
    await app.close();
    await bare.close();
  });

  it('/readyz is 503 when the database is gone', async () => {
    const gone = await openDatabase({ kind: 'pglite' });
    const app = await buildApp({ config: testConfig(), db: gone, logger: false, webDir: fakeWebDir() });
    await gone.close();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.database).toBe('unreachable');
    await app.close();
  });
});
