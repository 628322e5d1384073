import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { eventually } from '../../../test/eventually.js';
import { exitOf, freePort, isolatedDatabaseEnv, requestOverSocket, spawnLectern, waitForOutput } from '../../../test/process.js';
import { sentTo, startTestSmtpServer } from '../../../test/smtp-server.js';
import type { MonitorStatus } from './monitor-status.js';

describe(`the monitor of a running server (${engine})`, { timeout: 180_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('checks the components on the job queue, shows them at /api/operator/monitor, and mails the on-call person when a rule fires', async () => {
    const db = await isolatedDatabaseEnv();
    cleanups.push(db.cleanup);
    const file = path.join(db.env.DATA_DIR!, 'monitor.json');
    const smtp = await startTestSmtpServer();
    cleanups.push(() => smtp.close());
    // Every disk is "too full" for this rule, so it fires at the first round.
    writeFileSync(
      file,
      JSON.stringify({
        intervalSeconds: 5,
        rules: [{ name: 'disk_free', warning: 101, for: '0s' }],
        notify: {
          channels: { mail: { type: 'email', smtpUrl: smtp.url, from: 'monitor@lectern.test', tlsRejectUnauthorized: false } },
          people: { ada: { email: 'ada@ops.test' } },
          rota: [{ people: ['ada'], channels: ['mail'] }],
        },
      }),
    );
    const port = await freePort();
    const child = spawnLectern(['serve'], { ...db.env, PORT: String(port), LECTERN_CONTENT_PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'info', LECTERN_MONITOR_FILE: file });
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await exitOf(child);
    });
    await waitForOutput(child, /Server listening at/);

    const status = await eventually(async () => {
      const res = await requestOverSocket(`http://127.0.0.1:${port}/api/operator/monitor`);
      expect(res.status).toBe(200);
      const body = JSON.parse(res.body) as MonitorStatus;
      return body.components.length > 0 ? body : undefined;
    }, 60_000);
    const names = status.components.map((c) => c.component);
    expect(names).toEqual(expect.arrayContaining(['database', 'jobs', `disk:${db.env.DATA_DIR}`, `storage:local:${db.env.DATA_DIR}/blobs`, 'backup']));
    expect(status.components.find((c) => c.component === 'database')).toMatchObject({ status: 'ok', values: { up: 1 } });
    expect(status.components.find((c) => c.component === 'jobs')).toMatchObject({ status: 'ok' });

    const mail = await smtp.waitForMail(sentTo('ada@ops.test'), 60_000);
    expect(mail.secure).toBe(true);
    expect(`${mail.subject}\n${mail.text}`).toContain(`Free disk space`);
    expect(`${mail.subject}\n${mail.text}`).toContain(`disk:${db.env.DATA_DIR}`);
  });
});
