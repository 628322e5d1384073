import type { Db } from '../../db/client.js';
import type { Tenant } from '../../tenancy/tenants.repository.js';
import { confirmReauthentication, reauthenticationOf } from '../credentials.js';
import type { ClientInfo } from '../sessions.service.js';
import type { User } from '../users.repository.js';
import type { CreateOwnApiTokenInput } from './api-tokens.contract.js';
import { createApiTokenIn } from './api-tokens.service.js';

/**
 * A token for the signed-in user. It outlives the session and works without it, so a session
 * left open is not enough: the current password and, with two-factor sign-in, a code or a
 * recovery code (ASVS V7.5.1). The token is made in the transaction that accepts the second
 * factor, so a refused token does not use up a recovery code.
 */
export async function createOwnApiToken(db: Db, tenant: Tenant, user: User, input: CreateOwnApiTokenInput, client: ClientInfo) {
  const { currentPassword, code, recoveryCode, ...token } = input;
  return confirmReauthentication(db, { tenant, ...client }, user, reauthenticationOf({ currentPassword, code, recoveryCode }), 'api_token_create', (tx) =>
    createApiTokenIn(tx, tenant, user, token, client),
  );
}
