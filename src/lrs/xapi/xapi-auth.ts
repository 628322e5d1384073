import { accept, guardedCredentialCheck, refuse } from '../../platform/guard/index.js';
import type { Db } from '../../platform/db/index.js';
import type { Tenant } from '../../platform/tenancy/index.js';
import { findLiveLrsKey, noteLrsKeyUse, type LrsKeyRecord } from '../keys/lrs-keys.repository.js';
import { hashLrsSecret, looksLikeLrsKey } from '../keys/lrs-key-secret.js';
import { XapiError } from './xapi-error.js';

/**
 * The challenge of a 401. Not `Basic`: a browser would prompt for it and then send the credentials
 * with every request to the site, another site's form posts included. xAPI clients send their
 * Basic credentials without being asked.
 */
const CHALLENGE = { 'www-authenticate': 'xAPI-Basic realm="Lectern LRS"' };

export const unauthorised = () =>
  new XapiError(401, 'LRS_UNAUTHORISED', { en: 'An LRS key (HTTP Basic: key and secret) is required.', de: 'Ein LRS-Schlüssel (HTTP Basic: Schlüssel und Geheimnis) ist nötig.' }, 'Authorization', CHALLENGE);

const refused = () =>
  new XapiError(401, 'LRS_KEY_INVALID', { en: 'The LRS key or its secret is wrong, or the key was revoked.', de: 'Der LRS-Schlüssel oder sein Geheimnis ist falsch, oder der Schlüssel wurde widerrufen.' }, 'Authorization', CHALLENGE);

/** `Basic base64(key:secret)` taken apart; undefined for anything else. */
export function basicCredentials(header: string | undefined): { key: string; secret: string } | undefined {
  const match = /^basic\s+([A-Za-z0-9+/=]{1,512})\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

// Last use is written at most once a minute per key: ingest makes hundreds of requests a second.
const lastNoted = new Map<string, number>();
const NOTE_INTERVAL_MS = 60_000;

/**
 * The live LRS key of the site that the Basic credentials name. Wrong keys and secrets are counted
 * by the intrusion prevention like every other credential (bans follow; a banned address is
 * answered 429 with Retry-After), and audited. A key of another site is unknown here.
 */
export async function authenticateLrsKey(db: Db, tenant: Tenant, authorization: string | undefined, client: { ip: string; userAgent: string | null; requestId: string }): Promise<LrsKeyRecord> {
  const credentials = basicCredentials(authorization);
  if (!credentials) throw unauthorised();
  const account = looksLikeLrsKey(credentials.key) ? credentials.key : 'lrs-key:malformed';
  const key = await guardedCredentialCheck(db, tenant, { ip: client.ip, account, endpoint: 'lrs-key', userAgent: client.userAgent, requestId: client.requestId }, async () => {
    const found = looksLikeLrsKey(credentials.key) ? await db.withTenant(tenant.id, (tx) => findLiveLrsKey(tx, credentials.key, hashLrsSecret(credentials.secret))) : undefined;
    if (found) return accept(found, { endsStreak: false });
    return refuse({ error: refused(), audit: { action: 'auth.lrs_key.failed', targetType: 'lrs_key', targetId: account, details: {} } });
  });
  const now = Date.now();
  if ((lastNoted.get(key.id) ?? 0) + NOTE_INTERVAL_MS < now) {
    lastNoted.set(key.id, now);
    await db.withTenant(tenant.id, (tx) => noteLrsKeyUse(tx, key.id, client.ip));
  }
  return key;
}
