import type { Db } from '../../db/client.js';
import type { FastifyInstance } from 'fastify';
import { consentPagesRoutes } from './consent-pages.routes.js';
import { consentRoutes } from './consent.routes.js';
import { UnsubscribeLinks } from './unsubscribe-link.js';

export { updateMailsPolicy } from './update-mails.policy.js';

/** Registers the consent API and the pages of its links, with the unsubscribe signer of this installation's key file. */
export async function registerConsentRoutes(app: FastifyInstance, db: Db, secretKeyFile: string): Promise<void> {
  const links = UnsubscribeLinks.ofKeyFile(secretKeyFile);
  await app.register(consentRoutes(db));
  await app.register(consentPagesRoutes(db, links));
}
