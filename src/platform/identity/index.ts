// The public entry of platform/identity for the areas; the tables are public in identity.schema.ts.
// Routes are guarded by policies (platform/access: allow()), not by roles named here.
export { signedInUserIfAny, userOf } from './session-guard.js';
export { clientOf } from './session-cookie.js';
export { sessionLimits, type ClientInfo } from './sessions.service.js';
// The commit path's session check (learn/tracking) reads and fills the session cache directly.
export { cachedSession, rememberSession, type CachedSession } from './session-cache.js';
export { findUserById, type User } from './users.repository.js';
export type { Role } from './identity.schema.js';
// The commit path verifies and touches its batch's sessions inside its own statements (learn/tracking/group-commit.ts).
export { rememberVerifiedSessions, sessionsDueForTouch, SESSION_TOUCH_INTERVAL_MS } from './sessions.service.js';
export { verifyAndTouchSessions, type VerifiedSession } from './sessions.repository.js';
export { sessionCacheTicket } from './session-cache.js';
// A password that guards an area's shared link, checked by the intrusion guard (credentials.ts).
export { checkSharedPassword, hashSharedPassword, type CredentialClient } from './credentials.js';
// A store's buyer: the account of their e-mail address, made or linked when they pay.
export { accountForBuyer, type BuyerAccount } from './buyer-accounts.js';
export { hashUserToken as hashLinkToken, newUserToken as newLinkToken } from './user-tokens.js';
