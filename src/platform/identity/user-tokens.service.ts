import type { Db, Orm } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { checkLinkToken } from './credentials.js';
import type { FlowContext } from './flow-context.js';
import { consumeUserToken, deleteUnusedUserTokens, insertUserToken, type TokenHolder } from './user-tokens.repository.js';
import { hashUserToken, newUserToken, USER_TOKEN_VALID_MS, type UserTokenPurpose } from './user-tokens.js';

/**
 * Issues a new link token in the caller's transaction; the user's older unused ones of this purpose
 * stop working, unless `keepOthers` (a link sent for another reason must not void one an
 * administrator sent: the first used ends the others, consumeLinkToken).
 */
export async function issueUserToken(
  tx: Orm,
  userId: string,
  purpose: UserTokenPurpose,
  newEmail?: string,
  options: { keepOthers?: boolean } = {},
): Promise<string> {
  if (!options.keepOthers) await deleteUnusedUserTokens(tx, userId, purpose);
  const { token, tokenHash } = newUserToken();
  await insertUserToken(tx, {
    tokenHash,
    userId,
    purpose,
    validMs: USER_TOKEN_VALID_MS[purpose],
    ...(newEmail ? { newEmail } : {}),
  });
  return token;
}

/**
 * The active user behind a usable link token; one error for unknown, forged, expired and used
 * tokens alike. Guessing links is guessing credentials: the check is guarded (credentials.ts).
 */
export function tokenHolder(db: Db, context: FlowContext, token: string, purpose: UserTokenPurpose): Promise<TokenHolder> {
  return checkLinkToken(db, context, token, purpose);
}

/**
 * Uses up a link token in the caller's transaction. Throws (rolling the transaction back) when
 * it is no longer usable, e.g. a second request with the same link won the race.
 */
export async function consumeLinkToken(
  tx: Orm,
  token: string,
  purpose: UserTokenPurpose,
  userId: string,
): Promise<{ newEmail: string | null }> {
  const consumed = await consumeUserToken(tx, hashUserToken(token), purpose);
  if (!consumed || consumed.userId !== userId) throw new AppError('AUTH_TOKEN_EXPIRED_OR_USED');
  // Any other link of the same purpose dies with it.
  await deleteUnusedUserTokens(tx, userId, purpose);
  return { newEmail: consumed.newEmail };
}
