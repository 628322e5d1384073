import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Whether this app sends mail (LECTERN_SMTP_URL is set). Without it, mails wait in the queue
     * and flows that hand out links give them to the administrator to pass on instead.
     */
    mailConfigured: boolean;
  }
}

export function mailConfigured(config: Config): boolean {
  return config.mail !== undefined;
}

export function registerMailState(app: FastifyInstance, config: Config): void {
  app.decorate('mailConfigured', mailConfigured(config));
}
