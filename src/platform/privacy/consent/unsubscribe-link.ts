import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { loadOrCreateSecretKey } from '../../secrets/secret-box.js';

/** The mail topics a person can consent to; one for now. */
export const MAIL_TOPICS = ['updates'] as const;
export type MailTopic = (typeof MAIL_TOPICS)[number];

const VERSION = 'u2';
/** Links of mails sent before `u2`: still in mailboxes, so still honoured (see `UnsubscribeCheck`). */
const LEGACY_VERSION = 'u1';
const UUID_BYTES = 16;
const MICROS_BYTES = 8;

/**
 * Who an unsubscribe link is for: the site, the person, the topic, and the consent it was issued
 * under, named by the moment that consent was confirmed (microseconds since 1970, exactly as the
 * database stores `mail_consents.confirmed_at`). A consent confirmed again after a withdrawal is
 * another consent, with another moment: the earlier mails' links do not reach it.
 */
export interface UnsubscribeSubject {
  tenantId: string;
  userId: string;
  topic: MailTopic;
  consentConfirmedAtMicros: bigint;
}

/**
 * A link that checked out. A legacy `u1` link names no consent (`consentConfirmedAtMicros: null`):
 * it was made before links did.
 */
export interface CheckedUnsubscribeSubject extends Omit<UnsubscribeSubject, 'consentConfirmedAtMicros'> {
  consentConfirmedAtMicros: bigint | null;
}

export type UnsubscribeCheck = { valid: true; subject: CheckedUnsubscribeSubject } | { valid: false; reason: 'malformed' | 'bad_signature' | 'other_tenant' };

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Signs and checks the unsubscribe links of update e-mails:
 * `u2.<site, person and the consent's confirmation moment>.<topic>.<HMAC>`.
 * The link must work without signing in and without expiring (a mail read months later still
 * stops the next one), so it carries its own proof: an HMAC-SHA256 under a key derived from the
 * installation's secret key (LECTERN_SECRET_KEY_FILE) for this one purpose. Nothing is stored per
 * link; a copy of the database cannot make one. The version opens the signed text, so a `u1`
 * signature never passes for a `u2` link or the other way round.
 */
export class UnsubscribeLinks {
  private readonly key: Buffer;

  constructor(secretKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'lectern unsubscribe link v1', 32));
  }

  /** The signer of this installation, its key derived from the key file (made on first use, as at start). */
  static ofKeyFile(secretKeyFile: string): UnsubscribeLinks {
    return new UnsubscribeLinks(loadOrCreateSecretKey(secretKeyFile));
  }

  private mac(subject: CheckedUnsubscribeSubject): Buffer {
    const signed =
      subject.consentConfirmedAtMicros === null
        ? `${LEGACY_VERSION}\n${subject.tenantId}\n${subject.userId}\n${subject.topic}`
        : `${VERSION}\n${subject.tenantId}\n${subject.userId}\n${subject.topic}\n${subject.consentConfirmedAtMicros}`;
    return createHmac('sha256', this.key).update(signed).digest();
  }

  token(subject: UnsubscribeSubject): string {
    const micros = Buffer.alloc(MICROS_BYTES);
    micros.writeBigUInt64BE(subject.consentConfirmedAtMicros);
    const ids = Buffer.concat([uuidBytes(subject.tenantId), uuidBytes(subject.userId), micros]).toString('base64url');
    return `${VERSION}.${ids}.${subject.topic}.${this.mac(subject).toString('base64url')}`;
  }

  /**
   * Checks a token presented on `tenantId`'s site: well-formed, signed by this installation, and
   * for this site. Both versions are accepted; which consent a `u1` link may end is the caller's
   * rule (consent.service.ts).
   */
  check(token: string, tenantId: string): UnsubscribeCheck {
    const parts = token.split('.');
    const legacy = parts[0] === LEGACY_VERSION;
    if (parts.length !== 4 || (parts[0] !== VERSION && !legacy)) return { valid: false, reason: 'malformed' };
    const [, ids = '', topic = '', signature = ''] = parts;
    const idBytes = Buffer.from(ids, 'base64url');
    const mac = Buffer.from(signature, 'base64url');
    // Only the canonical spelling: Node's decoder skips stray characters, which would make many spellings of one link.
    if (idBytes.toString('base64url') !== ids || mac.toString('base64url') !== signature) return { valid: false, reason: 'malformed' };
    const idLength = 2 * UUID_BYTES + (legacy ? 0 : MICROS_BYTES);
    if (idBytes.length !== idLength || !MAIL_TOPICS.includes(topic as MailTopic) || mac.length !== 32) return { valid: false, reason: 'malformed' };
    const subject: CheckedUnsubscribeSubject = {
      tenantId: uuidOf(idBytes.subarray(0, UUID_BYTES)),
      userId: uuidOf(idBytes.subarray(UUID_BYTES, 2 * UUID_BYTES)),
      topic: topic as MailTopic,
      consentConfirmedAtMicros: legacy ? null : idBytes.readBigUInt64BE(2 * UUID_BYTES),
    };
    if (!timingSafeEqual(mac, this.mac(subject))) return { valid: false, reason: 'bad_signature' };
    // A genuine link of another site of this installation: it says nothing about anybody here.
    if (subject.tenantId !== tenantId) return { valid: false, reason: 'other_tenant' };
    return { valid: true, subject };
  }
}
