import { insertAuditEvent } from '../../audit/audit.repository.js';
import type { Db, Orm } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { settingsOf } from '../../tenancy/tenant-settings.js';
import type { Tenant } from '../../tenancy/tenants.repository.js';
import { findMfaState } from '../mfa/mfa.repository.js';
import { awaitsMfaEnrolment } from '../mfa/second-factor.js';
import type { ClientInfo } from '../sessions.service.js';
import type { User } from '../users.repository.js';
import {
  createApiTokenInput,
  TOKEN_MAX_ACTIVE_PER_USER,
  type AdminApiTokenQuery,
  type CreateApiTokenInput,
  type TokenScope,
} from './api-tokens.contract.js';
import {
  countActiveTokensOfUser,
  findToken,
  findUsableTokenByHash,
  insertApiToken,
  listTokensOfTenant,
  listTokensOfUser,
  recordTokenUse,
  revokeToken,
  type ApiTokenRecord,
} from './api-tokens.repository.js';
import { hashApiToken, looksLikeApiToken, newApiToken } from './token-secret.js';
import { userActor } from '../../access/actor.js';
import { usersPolicy } from '../users.policy.js';

const DAY_MS = 24 * 60 * 60_000;
/** last_used_at is written at most this often per token, so authenticated reads stay cheap. */
const USE_RECORD_INTERVAL_MS = 60_000;

function audit(user: User, client: ClientInfo, token: ApiTokenRecord) {
  return { actorUserId: user.id, actorIp: client.ip, userAgent: client.userAgent, requestId: client.requestId, targetType: 'api_token', targetId: token.id };
}

/**
 * Creates a token for a user; the token itself is returned this once and never stored. Refused
 * (AUTH_MFA_ENROLMENT_REQUIRED) to a user who has yet to set up the two-factor sign-in the site
 * requires of one of their roles. A user's own request comes through createOwnApiToken (the
 * password and second factor first).
 */
export async function createApiToken(
  db: Db,
  tenant: Tenant,
  user: User,
  input: CreateApiTokenInput,
  client: ClientInfo,
): Promise<{ token: string; record: ApiTokenRecord }> {
  return db.withTenant(tenant.id, (tx) => createApiTokenIn(tx, tenant, user, input, client));
}

/** createApiToken inside the caller's transaction. */
export async function createApiTokenIn(
  tx: Orm,
  tenant: Tenant,
  user: User,
  input: CreateApiTokenInput,
  client: ClientInfo,
): Promise<{ token: string; record: ApiTokenRecord }> {
  const parsed = createApiTokenInput.parse(input);
  const { token, prefix } = newApiToken();
  // A token would let a user without the second factor the site requires use their roles anyway.
  const mfa = await findMfaState(tx, user.id);
  if (awaitsMfaEnrolment(user, Boolean(mfa?.mfaEnabledAt), settingsOf(tenant))) throw new AppError('AUTH_MFA_ENROLMENT_REQUIRED');
  if ((await countActiveTokensOfUser(tx, user.id)) >= TOKEN_MAX_ACTIVE_PER_USER) throw new AppError('API_TOKEN_LIMIT');
  const record = await insertApiToken(tx, {
    userId: user.id,
    name: parsed.name,
    prefix,
    tokenHash: hashApiToken(token),
    scopes: parsed.scopes,
    expiresAt: new Date(Date.now() + parsed.expiresInDays * DAY_MS),
  });
  await insertAuditEvent(tx, {
    action: 'api_token.created',
    ...audit(user, client, record),
    details: { name: record.name, prefix, scopes: record.scopes, expiresAt: record.expiresAt.toISOString() },
  });
  return { token, record };
}

export async function listOwnTokens(db: Db, tenant: Tenant, user: User): Promise<ApiTokenRecord[]> {
  return db.withTenant(tenant.id, (tx) => listTokensOfUser(tx, user.id));
}


export async function listTenantTokens(db: Db, tenant: Tenant, admin: User, query: AdminApiTokenQuery) {
  usersPolicy.assert(userActor(admin), 'manageTokens');
  return db.withTenant(tenant.id, (tx) => listTokensOfTenant(tx, query));
}

/**
 * Revokes a token of the signed-in user, or, for an administrator acting `asAdmin`, of any user of
 * the site. Revoking a revoked token changes nothing and is not audited again.
 */
export async function revokeApiToken(
  db: Db,
  tenant: Tenant,
  actor: User,
  tokenId: string,
  client: ClientInfo,
  options: { asAdmin: boolean } = { asAdmin: false },
): Promise<void> {
  if (options.asAdmin) usersPolicy.assert(userActor(actor), 'manageTokens');
  await db.withTenant(tenant.id, async (tx) => {
    const token = await findToken(tx, tokenId);
    if (!token || (!options.asAdmin && token.userId !== actor.id)) {
      throw new AppError('API_TOKEN_NOT_FOUND', [{ field: 'id', value: tokenId }]);
    }
    await revokeTokenIn(tx, actor, client, token, { byAdmin: options.asAdmin });
  });
}

/**
 * Revokes a token in the caller's transaction and audits it (`details` adds to the entry);
 * false when it was revoked already, which is not audited again.
 */
export async function revokeTokenIn(tx: Orm, actor: User, client: ClientInfo, token: ApiTokenRecord, details: Record<string, unknown>): Promise<boolean> {
  if (!(await revokeToken(tx, token.id))) return false;
  await insertAuditEvent(tx, {
    action: 'api_token.revoked',
    ...audit(actor, client, token),
    details: { name: token.name, prefix: token.prefix, ownerUserId: token.userId, ...details },
  });
  return true;
}

export interface TokenIdentity {
  id: string;
  scopes: TokenScope[];
  expiresAt: Date;
}

export type TokenCheck = { ok: true; user: User; token: TokenIdentity; mfaEnabled: boolean } | { ok: false };

/**
 * The user behind a bearer token on this site. Unknown, forged, expired, revoked, another
 * site's, or of a deactivated user: all the same refusal. Records the last use (at most once a
 * minute). Only credentials.ts calls this (lint): there the check is guarded.
 */
export async function authenticateToken(db: Db, tenant: Tenant, presented: string, ip: string): Promise<TokenCheck> {
  if (!looksLikeApiToken(presented)) return { ok: false };
  const tokenHash = hashApiToken(presented);
  return db.withTenant(tenant.id, async (tx) => {
    const found = await findUsableTokenByHash(tx, tokenHash);
    if (!found) return { ok: false };
    const { token, user, mfaEnabled } = found;
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > USE_RECORD_INTERVAL_MS) {
      await recordTokenUse(tx, token.id, ip);
    }
    return { ok: true, user, mfaEnabled, token: { id: token.id, scopes: token.scopes as TokenScope[], expiresAt: token.expiresAt } };
  });
}
