import type { Db, Orm } from '../db/client.js';
import { accept, guardedCredentialCheck, refuse, type CredentialVerdict } from '../guard/credential-check.js';
import { AppError, type ErrorCode, type LocalisedText } from '../http/errors.js';
import { settingsOf } from '../tenancy/tenant-settings.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { authenticateToken, type TokenCheck } from './api-tokens/api-tokens.service.js';
import type { MfaStep } from './mfa/mfa.contract.js';
import { claimTotpStep, findMfaState } from './mfa/mfa.repository.js';
import { checkSecondFactor, mfaStepFor, proofOf, type SecondFactorProof } from './mfa/second-factor.js';
import { matchingStep } from './mfa/totp.js';
import type { SignInFactors } from './sessions.service.js';
import { hashIsOutdated, hashPassword, verifyAgainstDummy, verifyPassword } from './password-hash.js';
import { findTokenHolder, type TokenHolder } from './user-tokens.repository.js';
import { hashUserToken, type UserTokenPurpose } from './user-tokens.js';
import { findUserByEmail, updatePasswordHash, type User } from './users.repository.js';

/*
 * Every check of a credential in the product is one of the functions below, and each of them
 * is one guardedCredentialCheck(): the intrusion guard first (a banned attempt is refused before
 * any hashing), then the verification, then the outcome recorded (a failure counted and audited,
 * bans following; a success ending the failure streak). The raw verifiers they use
 * (verifyPassword, checkSecondFactor, matchingStep, authenticateToken, findTokenHolder and the
 * guard's own calls) may not be imported anywhere else: lint refuses it (eslint.config.js), so a
 * new route that takes a credential has to come through here.
 */

/** Who presents a credential: the site, and the client (counted by the guard, written to the audit log). */
export interface CredentialClient {
  tenant: Tenant;
  ip: string;
  userAgent: string | null;
  /** The request's id, for the audit log. */
  requestId?: string | undefined;
}

const WRONG_PASSWORD: LocalisedText = { en: 'wrong password', de: 'falsches Passwort' };
const WRONG_CODE: LocalisedText = { en: 'wrong, expired or used already', de: 'falsch, abgelaufen oder bereits verwendet' };

function attemptOf(client: CredentialClient, account: string | null, endpoint: string) {
  return { ip: client.ip, account, endpoint, userAgent: client.userAgent, requestId: client.requestId };
}

/** Checks a password against a hash, or spends the same time when there is none (no account, an open invitation). */
function passwordMatches(hash: string | null | undefined, password: string): Promise<boolean> {
  return hash ? verifyPassword(hash, password) : verifyAgainstDummy(password);
}

// --- Sign-in: password, then the second factor ------------------------------------------

export interface SignInCredentials {
  email: string;
  password: string;
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

/** E-mail and password: the same answer and the same time for an unknown account and a wrong password. */
async function userWithPassword(db: Db, tenant: Tenant, credentials: SignInCredentials): Promise<User | undefined> {
  const candidate = await db.withTenant(tenant.id, (tx) => findUserByEmail(tx, credentials.email));
  const usable = candidate?.status === 'active' ? candidate.passwordHash : null;
  if (!(await passwordMatches(usable, credentials.password)) || !candidate) return undefined;
  const { passwordHash, ...user } = candidate;
  if (passwordHash && hashIsOutdated(passwordHash)) {
    // The password is at hand only now: re-hash it with today's parameters.
    const upgraded = await hashPassword(credentials.password);
    await db.withTenant(tenant.id, (tx) => updatePasswordHash(tx, user.id, upgraded, { keepChangedAt: true }));
  }
  return user;
}

function secondFactorRefusal(userId: string, proof: SecondFactorProof, endpoint: string): CredentialVerdict<never> {
  const method = 'recoveryCode' in proof ? 'recovery_code' : 'totp';
  return refuse({
    error: new AppError('MFA_CODE_INVALID', [{ field: method === 'totp' ? 'code' : 'recoveryCode', message: WRONG_CODE }]),
    endpoint,
    audit: { action: 'auth.mfa.failed', actorUserId: userId, targetType: 'user', targetId: userId, details: { method, check: endpoint } },
  });
}

/** The user a sign-in proved, what sign-in asks of them next, and the factors they proved it with. */
export interface SignInCheck {
  user: User;
  mfaStep: MfaStep;
  factors: SignInFactors;
}

/**
 * Sign-in as one credential check: the password and, when the account has two-factor sign-in,
 * the second factor sent with it. A wrong password or a wrong code is a failure of the same
 * account from the same address (AUTH_INVALID_CREDENTIALS, MFA_CODE_INVALID); only both right
 * is a success that ends the failure streak. A right password without a code answers
 * AUTH_MFA_REQUIRED and counts as neither, so a known password cannot wipe out the count of
 * wrong codes. Resolves to the user and what sign-in asks of them next.
 */
export async function checkSignIn(db: Db, client: CredentialClient, credentials: SignInCredentials): Promise<SignInCheck> {
  const { tenant } = client;
  const account = credentials.email;
  return guardedCredentialCheck(db, tenant, attemptOf(client, account, 'sign-in'), async (): Promise<CredentialVerdict<SignInCheck>> => {
    const user = await userWithPassword(db, tenant, credentials);
    if (!user) {
      return refuse({
        error: new AppError('AUTH_INVALID_CREDENTIALS'),
        audit: { action: 'auth.sign_in.failed', targetType: 'account', targetId: account.trim().toLowerCase().slice(0, 254), details: { reason: 'invalid_credentials' } },
      });
    }
    const state = await db.withTenant(tenant.id, (tx) => findMfaState(tx, user.id));
    const mfaStep = state ? mfaStepFor(state, settingsOf(tenant)) : 'none';
    if (mfaStep !== 'code') return accept({ user, mfaStep, factors: 'password' });
    if (credentials.code === undefined && credentials.recoveryCode === undefined) throw new AppError('AUTH_MFA_REQUIRED');
    const proof = proofOf(credentials);
    const valid = await db.withTenant(tenant.id, (tx) => checkSecondFactor(tx, user.id, proof, client));
    const factors = 'recoveryCode' in proof ? 'password+recovery_code' : 'password+totp';
    return valid ? accept({ user, mfaStep, factors }) : secondFactorRefusal(user.id, proof, 'mfa');
  });
}

// --- Confirmations of a signed-in user: the current password, and a second factor ---------

/** What a signed-in user confirms with their password (named in the audit event of a failure). */
export type ConfirmationPurpose =
  | 'password_change'
  | 'email_change'
  | 'mfa_setup'
  | 'mfa_disable'
  | 'mfa_recovery_codes'
  | 'api_token_create'
  | 'session_end';

/** The error and field of a wrong password, as each form names it. */
const CONFIRMATION_REFUSAL: Record<ConfirmationPurpose, { code: ErrorCode; field: string }> = {
  password_change: { code: 'AUTH_CURRENT_PASSWORD_WRONG', field: 'currentPassword' },
  email_change: { code: 'AUTH_CURRENT_PASSWORD_WRONG', field: 'currentPassword' },
  mfa_setup: { code: 'MFA_PASSWORD_INCORRECT', field: 'password' },
  mfa_disable: { code: 'MFA_PASSWORD_INCORRECT', field: 'password' },
  mfa_recovery_codes: { code: 'MFA_PASSWORD_INCORRECT', field: 'password' },
  api_token_create: { code: 'AUTH_CURRENT_PASSWORD_WRONG', field: 'currentPassword' },
  session_end: { code: 'AUTH_CURRENT_PASSWORD_WRONG', field: 'currentPassword' },
};

const CONFIRMATION_ENDPOINT = 'password-confirmation';

/**
 * The password check of a confirmation, outside any transaction (a connection is not held for
 * the length of a hash). For an account with a second factor the password alone is not the
 * whole credential, so its success leaves the failure streak alone.
 */
async function passwordConfirmation(db: Db, client: CredentialClient, user: User, password: string, purpose: ConfirmationPurpose): Promise<CredentialVerdict<void>> {
  const state = await db.withTenant(client.tenant.id, (tx) => findMfaState(tx, user.id));
  if (await passwordMatches(state?.passwordHash, password)) return accept(undefined, { endsStreak: !state?.mfaEnabledAt });
  const { code, field } = CONFIRMATION_REFUSAL[purpose];
  return refuse({
    error: new AppError(code, [{ field, message: WRONG_PASSWORD }]),
    audit: { action: 'auth.password_confirmation.failed', actorUserId: user.id, targetType: 'user', targetId: user.id, details: { purpose } },
  });
}

/**
 * A change of one's own account that needs the current password (a session left open is not
 * enough). A wrong password counts against the account from this address like a wrong
 * sign-in, and is audited.
 */
export async function confirmPassword(db: Db, client: CredentialClient, user: User, password: string, purpose: ConfirmationPurpose): Promise<void> {
  await guardedCredentialCheck(db, client.tenant, attemptOf(client, user.email, CONFIRMATION_ENDPOINT), () =>
    passwordConfirmation(db, client, user, password, purpose),
  );
}

export interface SecondFactorConfirmation {
  password: string;
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

/** The re-authentication a form sends (`currentPassword`, and `code` or `recoveryCode`), as the checks take it. */
export function reauthenticationOf(input: { currentPassword: string; code?: string | undefined; recoveryCode?: string | undefined }): SecondFactorConfirmation {
  return { password: input.currentPassword, code: input.code, recoveryCode: input.recoveryCode };
}

const CODE_MISSING: LocalisedText = { en: 'enter a code from your app or a recovery code', de: 'Code aus Ihrer App oder Wiederherstellungscode eingeben' };

/**
 * The password, then a second factor, as one guarded check; `change` runs in the transaction
 * that accepts the second factor (a recovery code is used up only if the change commits). Without
 * two-factor sign-in the account is refused MFA_NOT_ENABLED when `secondFactor` is 'required',
 * and its password is all there is to ask when it is 'if-enabled'. A right password without a
 * code (MFA_CODE_REQUIRED) counts as neither failure nor success, as at sign-in.
 */
async function confirmPasswordThenSecondFactor<T>(
  db: Db,
  client: CredentialClient,
  user: User,
  confirmation: SecondFactorConfirmation,
  purpose: ConfirmationPurpose,
  secondFactor: 'required' | 'if-enabled',
  change: (tx: Orm) => Promise<T>,
): Promise<T> {
  const { tenant } = client;
  return guardedCredentialCheck(db, tenant, attemptOf(client, user.email, CONFIRMATION_ENDPOINT), async () => {
    const password = await passwordConfirmation(db, client, user, confirmation.password, purpose);
    if (!password.accepted) return password;
    return db.withTenant(tenant.id, async (tx): Promise<CredentialVerdict<T>> => {
      const state = await findMfaState(tx, user.id);
      if (!state?.mfaEnabledAt) {
        if (secondFactor === 'required') throw new AppError('MFA_NOT_ENABLED');
        return accept(await change(tx));
      }
      if (confirmation.code === undefined && confirmation.recoveryCode === undefined) {
        throw new AppError('MFA_CODE_REQUIRED', [{ field: 'code', message: CODE_MISSING }]);
      }
      const proof = proofOf(confirmation);
      if (!(await checkSecondFactor(tx, user.id, proof, client))) return secondFactorRefusal(user.id, proof, 'mfa-confirmation');
      return accept(await change(tx));
    });
  });
}

/**
 * The current password and a second factor, as one check; `change` runs in the transaction that
 * accepts the second factor (a recovery code is used up only if the change commits). Throws
 * MFA_NOT_ENABLED (counted as neither) when the user has no second factor.
 */
export async function confirmPasswordAndSecondFactor<T>(
  db: Db,
  client: CredentialClient,
  user: User,
  confirmation: SecondFactorConfirmation,
  purpose: ConfirmationPurpose,
  change: (tx: Orm) => Promise<T>,
): Promise<T> {
  return confirmPasswordThenSecondFactor(db, client, user, confirmation, purpose, 'required', change);
}

/**
 * Full re-authentication before a change that affects how one signs in, or that makes a
 * credential outliving the session (ASVS V7.5.1): the current password and, for an account
 * with two-factor sign-in, a code from the app or a recovery code. A wrong password or code
 * counts like one at sign-in. `change`, if given, runs in the transaction that accepts the
 * second factor.
 */
export async function confirmReauthentication<T = void>(
  db: Db,
  client: CredentialClient,
  user: User,
  confirmation: SecondFactorConfirmation,
  purpose: ConfirmationPurpose,
  change: (tx: Orm) => Promise<T> = async () => undefined as T,
): Promise<T> {
  return confirmPasswordThenSecondFactor(db, client, user, confirmation, purpose, 'if-enabled', change);
}

/**
 * The first code of a newly set-up authenticator app. Its time step is claimed and `enable`
 * runs in the same transaction. A wrong code counts against the account like a wrong sign-in
 * code; MFA_ALREADY_ENABLED and MFA_SETUP_NOT_STARTED count as neither.
 */
export async function confirmEnrolmentCode(db: Db, client: CredentialClient, user: User, code: string, enable: (tx: Orm) => Promise<void>): Promise<void> {
  const { tenant } = client;
  await guardedCredentialCheck(db, tenant, attemptOf(client, user.email, 'mfa-enrolment'), () =>
    db.withTenant(tenant.id, async (tx): Promise<CredentialVerdict<void>> => {
      const state = await findMfaState(tx, user.id);
      if (!state) throw new AppError('USER_NOT_FOUND', [{ field: 'id', value: user.id }]);
      if (state.mfaEnabledAt) throw new AppError('MFA_ALREADY_ENABLED');
      if (!state.mfaSecret) throw new AppError('MFA_SETUP_NOT_STARTED');
      const step = matchingStep(state.mfaSecret, code);
      if (step === null || !(await claimTotpStep(tx, user.id, step))) return secondFactorRefusal(user.id, { code }, 'mfa-enrolment');
      await enable(tx);
      // The code proves the app was set up, not who is signing in: the streak stays.
      return accept(undefined, { endsStreak: false });
    }),
  );
}

// --- Bearer tokens and e-mailed links -------------------------------------------------------

/** The part of a presented API token that names it (`lct_1a2b3c4d`): the guard counts failures per token name. */
export function apiTokenAccount(presented: string): string | null {
  return presented.slice(0, 12) || null;
}

/**
 * The user behind a bearer token. Guessing tokens is guessing credentials: a wrong token counts
 * against its name (prefix) from this address and is audited; a banned address is refused even
 * with a valid token. A success does not write (the failure streak is left to expire), so an
 * authenticated API request costs the guard one read.
 */
export async function checkApiToken(db: Db, client: CredentialClient, presented: string): Promise<Extract<TokenCheck, { ok: true }>> {
  const account = apiTokenAccount(presented);
  return guardedCredentialCheck(
    db,
    client.tenant,
    attemptOf(client, account, 'api-token'),
    async () => {
      const check = await authenticateToken(db, client.tenant, presented, client.ip);
      if (check.ok) return accept(check, { endsStreak: false });
      return refuse({
        error: new AppError('AUTH_TOKEN_INVALID'),
        audit: { action: 'auth.api_token.failed', targetType: 'api_token', targetId: account, details: {} },
      });
    },
  );
}

/** The name under which the guard counts wrong links of one purpose: links name no account. */
export const linkAccount = (purpose: UserTokenPurpose) => `link:${purpose}`;

/**
 * The active user behind a usable e-mailed link (invitation, password reset, e-mail change);
 * one error for unknown, forged, expired and used links alike. Wrong links count against the
 * link's purpose from this address and are audited.
 */
export async function checkLinkToken(db: Db, client: CredentialClient, token: string, purpose: UserTokenPurpose): Promise<TokenHolder> {
  return guardedCredentialCheck(db, client.tenant, attemptOf(client, linkAccount(purpose), `link-${purpose}`), async () => {
    const holder = await db.withTenant(client.tenant.id, (tx) => findTokenHolder(tx, hashUserToken(token), purpose));
    if (holder) return accept(holder);
    return refuse({
      error: new AppError('AUTH_TOKEN_EXPIRED_OR_USED'),
      audit: { action: 'auth.link_token.failed', targetType: 'link', targetId: purpose, details: { purpose } },
    });
  });
}

/**
 * A password that guards something other than an account (an area's shared link): checked against
 * its hash (or, when there is none, against a dummy in the same time), counted by the guard under
 * `account` from this address, so guessing it is banned like guessing a sign-in, and audited.
 */
export async function checkSharedPassword(
  db: Db,
  client: CredentialClient,
  input: { account: string; endpoint: string; hash: string | null; password: string; refusal: AppError; target: { type: string; id: string } },
): Promise<void> {
  await guardedCredentialCheck(db, client.tenant, attemptOf(client, input.account, input.endpoint), async () => {
    if (await passwordMatches(input.hash, input.password)) return accept(undefined);
    return refuse({ error: input.refusal, audit: { action: 'auth.shared_password.failed', targetType: input.target.type, targetId: input.target.id, details: { endpoint: input.endpoint } } });
  });
}

/** The hash a shared password is kept as (the same scheme as account passwords). */
export const hashSharedPassword = (password: string): Promise<string> => hashPassword(password);
