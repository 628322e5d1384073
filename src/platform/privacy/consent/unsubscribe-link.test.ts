import { describe, expect, it } from 'vitest';
import { multipartFields } from './form-fields.js';
import { UnsubscribeLinks } from './unsubscribe-link.js';

const TENANT = '0b7e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b';
const USER = 'f1e2d3c4-b5a6-4978-8a6b-5c4d3e2f1a0b';

describe('unsubscribe links', () => {
  const links = new UnsubscribeLinks(Buffer.alloc(32, 1));
  const token = links.token({ tenantId: TENANT, userId: USER, topic: 'updates' });

  it('name the site, the person and the topic, and check out only on that site', () => {
    expect(token).toMatch(/^u1\.[A-Za-z0-9_-]{43}\.updates\.[A-Za-z0-9_-]{43}$/);
    expect(links.check(token, TENANT)).toEqual({ valid: true, subject: { tenantId: TENANT, userId: USER, topic: 'updates' } });
    expect(links.check(token, USER)).toEqual({ valid: false, reason: 'other_tenant' });
  });

  it('refuse any change, another key, and other spellings of the same bytes', () => {
    const [v, ids, topic, mac] = token.split('.') as [string, string, string, string];
    const flip = (s: string) => `${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`;
    expect(links.check([v, flip(ids), topic, mac].join('.'), TENANT).valid).toBe(false);
    expect(links.check([v, ids, topic, flip(mac)].join('.'), TENANT)).toEqual({ valid: false, reason: 'bad_signature' });
    expect(links.check([v, ids, 'news', mac].join('.'), TENANT)).toEqual({ valid: false, reason: 'malformed' });
    expect(links.check(`${token}=`, TENANT)).toEqual({ valid: false, reason: 'malformed' });
    expect(links.check(token.replace(/^u1/, 'u2'), TENANT)).toEqual({ valid: false, reason: 'malformed' });
    expect(new UnsubscribeLinks(Buffer.alloc(32, 2)).check(token, TENANT)).toEqual({ valid: false, reason: 'bad_signature' });
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
