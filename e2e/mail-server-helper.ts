import { test } from '@playwright/test';
import { smtpEnv, startTestSmtpServer, type TestSmtpServer } from '../test/smtp-server.js';
import { startServer, type RunningServer } from './server.js';

/** The server of a spec file and the SMTP server its mail goes to (set once the file's tests start). */
export interface ServerWithMail {
  server: RunningServer;
  smtp: TestSmtpServer;
}

/** Starts a server whose mail goes to a test SMTP server before the file's tests, and stops both after them. */
export function serverWithMailForThisFile(): ServerWithMail {
  const running = {} as ServerWithMail;
  test.beforeAll(async () => {
    running.smtp = await startTestSmtpServer();
    running.server = await startServer({ env: smtpEnv(running.smtp) });
  });
  test.afterAll(async () => {
    await running.server.stop();
    await running.smtp.close();
  });
  return running;
}
