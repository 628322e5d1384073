import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { exitOf, freePort, isolatedDatabaseEnv, requestOverSocket, spawnLectern, waitForOutput } from '../../../test/process.js';
import { sentTo, smtpEnv, startTestSmtpServer, tokenFromMail, type TestSmtpServer } from '../../../test/smtp-server.js';
import { DEMO_ADMIN_EMAIL } from '../tenancy/seed-demo-tenant.js';

/** The server process runs the job worker (unless told not to) and says when mail is off. */
describe(`mail from the server process (${engine})`, { timeout: 180_000 }, () => {
  let smtp: TestSmtpServer;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await smtp.close();
  });

  /** Starts a node; resolves once its banner (and `alsoWaitFor`, in whatever order the log's buffer lets them out) has been printed. */
  async function serve(env: Record<string, string>, alsoWaitFor?: string) {
    const db = await isolatedDatabaseEnv();
    cleanups.push(db.cleanup);
    const port = await freePort();
    const child = spawnLectern(['serve'], { ...db.env, ...env, PORT: String(port), LECTERN_CONTENT_PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const banner = '(?=[\\s\\S]*=+\\n\\n)';
    const output = await waitForOutput(child, new RegExp(alsoWaitFor ? `^${banner}(?=[\\s\\S]*${alsoWaitFor})` : `^${banner}`));
    const requestReset = () =>
      requestOverSocket(`http://127.0.0.1:${port}/api/auth/password-reset/request`, {
        method: 'POST',
        headers: { host: `localhost:${port}` },
        body: JSON.stringify({ email: DEMO_ADMIN_EMAIL }),
      });
    const stop = async () => {
      child.kill('SIGTERM');
      return exitOf(child);
    };
    return { port, output, requestReset, stop };
  }

  it('sends a reset mail through the configured SMTP server, with a link to the host the request came in on', async () => {
    const server = await serve(smtpEnv(smtp));
    expect(server.output).not.toContain('LECTERN_SMTP_URL is not set');
    const res = await server.requestReset();
    expect(res.status).toBe(202);
    const mail = await smtp.waitForMail(sentTo(DEMO_ADMIN_EMAIL), 30_000);
    expect(mail.subject).toBe('Reset your password for Demo');
    expect(mail.text).toContain(`http://localhost:${server.port}/reset-password#token=${tokenFromMail(mail, '/reset-password')}`);
    expect(await server.stop()).toBe(0);
  });

  it('warns at start-up when no SMTP server is configured', async () => {
    const server = await serve({}, 'LECTERN_SMTP_URL is not set: no e-mail is sent');
    expect(server.output).toContain('LECTERN_SMTP_URL is not set: no e-mail is sent');
    expect((await server.requestReset()).status).toBe(202);
    expect(await server.stop()).toBe(0);
  });

  it('with LECTERN_JOBS=false the node sends nothing itself', async () => {
    const before = smtp.messages.length;
    const server = await serve({ ...smtpEnv(smtp), LECTERN_JOBS: 'false' }, 'LECTERN_JOBS=false: this node runs no background jobs');
    expect(server.output).toContain('LECTERN_JOBS=false: this node runs no background jobs');
    expect((await server.requestReset()).status).toBe(202);
    await new Promise((r) => setTimeout(r, 2000));
    expect(smtp.messages.length).toBe(before);
    expect(await server.stop()).toBe(0);
  });
});
