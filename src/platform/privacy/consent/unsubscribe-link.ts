import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { loadOrCreateSecretKey } from '../../secrets/secret-box.js';

/** The mail topics a person can consent to; one for now. */
export const MAIL_TOPICS = ['updates'] as const;
export type MailTopic = (typeof MAIL_TOPICS)[number];

const VERSION = 'u1';
const UUID_BYTES = 16;

/** Who an unsubscribe link is for: it names the site, the person and the topic, and nothing else. */
export interface UnsubscribeSubject {
  tenantId: string;
  userId: string;
  topic: MailTopic;
}

export type UnsubscribeCheck = { valid: true; subject: UnsubscribeSubject } | { valid: false; reason: 'malformed' | 'bad_signature' | 'other_tenant' };

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Signs and checks the unsubscribe links of update e-mails: `u1.<site and person>.<topic>.<HMAC>`.
 * The link must work without signing in and without expiring (a mail read months later still
 * stops the next one), so it carries its own proof: an HMAC-SHA256 under a key derived from the
 * installation's secret key (LECTERN_SECRET_KEY_FILE) for this one purpose. Nothing is stored per
 * link; a copy of the database cannot make one.
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

  private mac(subject: UnsubscribeSubject): Buffer {
    return createHmac('sha256', this.key).update(`${VERSION}\n${subject.tenantId}\n${subject.userId}\n${subject.topic}`).digest();
  }

  token(subject: UnsubscribeSubject): string {
    const ids = Buffer.concat([uuidBytes(subject.tenantId), uuidBytes(subject.userId)]).toString('base64url');
    return `${VERSION}.${ids}.${subject.topic}.${this.mac(subject).toString('base64url')}`;
  }

  /** Checks a token presented on `tenantId`'s site: well-formed, signed by this installation, and for this site. */
  check(token: string, tenantId: string): UnsubscribeCheck {
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) return { valid: false, reason: 'malformed' };
    const [, ids = '', topic = '', signature = ''] = parts;
    const idBytes = Buffer.from(ids, 'base64url');
    const mac = Buffer.from(signature, 'base64url');
    // Only the canonical spelling: Node's decoder skips stray characters, which would make many spellings of one link.
    if (idBytes.toString('base64url') !== ids || mac.toString('base64url') !== signature) return { valid: false, reason: 'malformed' };
    if (idBytes.length !== 2 * UUID_BYTES || !MAIL_TOPICS.includes(topic as MailTopic) || mac.length !== 32) return { valid: false, reason: 'malformed' };
    const subject: UnsubscribeSubject = { tenantId: uuidOf(idBytes.subarray(0, UUID_BYTES)), userId: uuidOf(idBytes.subarray(UUID_BYTES)), topic: topic as MailTopic };
    if (!timingSafeEqual(mac, this.mac(subject))) return { valid: false, reason: 'bad_signature' };
    // A genuine link of another site of this installation: it says nothing about anybody here.
    if (subject.tenantId !== tenantId) return { valid: false, reason: 'other_tenant' };
    return { valid: true, subject };
  }
}
