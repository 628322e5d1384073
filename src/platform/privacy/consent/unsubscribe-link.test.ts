import { describe, expect, it } from 'vitest';
import { multipartFields } from './form-fields.js';
import { UnsubscribeLinks } from './unsubscribe-link.js';
import { legacyUnsubscribeToken } from './unsubscribe-link-v1.test-support.js';

const TENANT = '0b7e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b';
const USER = 'f1e2d3c4-b5a6-4978-8a6b-5c4d3e2f1a0b';
/** A confirmation moment with microseconds a JavaScript Date would lose. */
const CONFIRMED_AT = 1_714_651_234_567_891n;

describe('unsubscribe links', () => {
  const secretKey = Buffer.alloc(32, 1);
  const links = new UnsubscribeLinks(secretKey);
  const token = links.token({ tenantId: TENANT, userId: USER, topic: 'updates', consentConfirmedAtMicros: CONFIRMED_AT });

  it('name the site, the person, the topic and the consent, and check out only on that site', () => {
    expect(token).toMatch(/^u2\.[A-Za-z0-9_-]{54}\.updates\.[A-Za-z0-9_-]{43}$/);
    expect(links.check(token, TENANT)).toEqual({ valid: true, subject: { tenantId: TENANT, userId: USER, topic: 'updates', consentConfirmedAtMicros: CONFIRMED_AT } });
    expect(links.check(token, USER)).toEqual({ valid: false, reason: 'other_tenant' });
  });

  it('of two confirmations of one person differ, down to the microsecond', () => {
    const later = links.token({ tenantId: TENANT, userId: USER, topic: 'updates', consentConfirmedAtMicros: CONFIRMED_AT + 1n });
    expect(later).not.toBe(token);
    expect(links.check(later, TENANT)).toMatchObject({ valid: true, subject: { consentConfirmedAtMicros: CONFIRMED_AT + 1n } });
  });

  it('refuse any change, another key, and other spellings of the same bytes', () => {
    const [v, ids, topic, mac] = token.split('.') as [string, string, string, string];
    const flip = (s: string) => `${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`;
    expect(links.check([v, flip(ids), topic, mac].join('.'), TENANT).valid).toBe(false);
    // Another confirmation moment under the same signature: the moment is signed too.
    const otherMoment = Buffer.from(ids, 'base64url');
    otherMoment.writeBigUInt64BE(CONFIRMED_AT + 1n, 32);
    expect(links.check([v, otherMoment.toString('base64url'), topic, mac].join('.'), TENANT)).toEqual({ valid: false, reason: 'bad_signature' });
    expect(links.check([v, ids, topic, flip(mac)].join('.'), TENANT)).toEqual({ valid: false, reason: 'bad_signature' });
    expect(links.check([v, ids, 'news', mac].join('.'), TENANT)).toEqual({ valid: false, reason: 'malformed' });
    expect(links.check(`${token}=`, TENANT)).toEqual({ valid: false, reason: 'malformed' });
    expect(links.check(token.replace(/^u2/, 'u3'), TENANT)).toEqual({ valid: false, reason: 'malformed' });
    // A u2 link relabelled u1 (and so read without its moment) is no u1 link.
    expect(links.check(token.replace(/^u2/, 'u1'), TENANT)).toEqual({ valid: false, reason: 'malformed' });
    expect(new UnsubscribeLinks(Buffer.alloc(32, 2)).check(token, TENANT)).toEqual({ valid: false, reason: 'bad_signature' });
  });

  describe('of mails sent before links named their consent (u1)', () => {
    // Made by the signer as it was before u2, with the key above: such links are in mailboxes.
    const fromAnOldMail = 'u1.C35MGi89Tl-KmwwdLj9KW_Hi08S1pkl4imtcTT4vGgs.updates.Jpexrn_wqONiF5qRf80KyVLOGCPohRVfYjTB8JXq_-o';

    it('still check out, naming no consent', () => {
      expect(legacyUnsubscribeToken(secretKey, { tenantId: TENANT, userId: USER, topic: 'updates' })).toBe(fromAnOldMail);
      expect(links.check(fromAnOldMail, TENANT)).toEqual({ valid: true, subject: { tenantId: TENANT, userId: USER, topic: 'updates', consentConfirmedAtMicros: null } });
      expect(links.check(fromAnOldMail, USER)).toEqual({ valid: false, reason: 'other_tenant' });
    });

    it('are refused when changed, and never pass for a u2 link', () => {
      const [v, ids, topic, mac] = fromAnOldMail.split('.') as [string, string, string, string];
      const flip = (s: string) => `${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`;
      expect(links.check([v, ids, topic, flip(mac)].join('.'), TENANT)).toEqual({ valid: false, reason: 'bad_signature' });
      expect(links.check(fromAnOldMail.replace(/^u1/, 'u2'), TENANT)).toEqual({ valid: false, reason: 'malformed' });
      expect(new UnsubscribeLinks(Buffer.alloc(32, 2)).check(fromAnOldMail, TENANT)).toEqual({ valid: false, reason: 'bad_signature' });
    });
  });
});

describe('multipart one-click bodies (RFC 8058 example)', () => {
  it('reads the named text fields and skips files', () => {
    const b = '---FormBoundaryjWmhtjORrn';
    const body = `--${b}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${b}\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\n\r\nfile\r\n--${b}--\r\n`;
    expect({ ...(multipartFields(body, `multipart/form-data; boundary=${b}`) as object) }).toEqual({ 'List-Unsubscribe': 'One-Click' });
    expect(multipartFields(body, 'multipart/form-data')).toBeInstanceOf(Error);
  });
});
