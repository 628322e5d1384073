import { describe, expect, it } from 'vitest';
import { tokenOfXapiAuthorization, xapiAuthorizationOf, xapiLaunchHref, xapiLaunchParameters, xapiLaunchUrl } from './xapi-launch.js';

const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

const parameters = xapiLaunchParameters({
  contentOrigin: 'https://content.example.net',
  token: TOKEN,
  siteUrl: 'https://learn.acme.test',
  userId: '6f1c2a52-0000-4000-8000-000000000001',
  displayName: 'Lea Rner',
  registration: '0d6e4b1e-0000-4000-8000-000000000002',
  activityId: 'http://example.com/courses/safety',
});

describe('xAPI launch', () => {
  it('opens the launch file with the parameters the tincan launch convention reads', () => {
    const url = new URL(xapiLaunchUrl('https://content.example.net', TOKEN, xapiLaunchHref('story.html', parameters)));
    expect(url.origin).toBe('https://content.example.net');
    expect(url.pathname).toBe(`/c/${TOKEN}/story.html`);
    expect(url.searchParams.get('endpoint')).toBe(`https://content.example.net/launch/${TOKEN}/xapi/`);
    expect(url.searchParams.get('auth')).toBe(`Basic ${Buffer.from(`launch:${TOKEN}`).toString('base64')}`);
    expect(JSON.parse(url.searchParams.get('actor')!)).toEqual({
      objectType: 'Agent',
      name: 'Lea Rner',
      account: { homePage: 'https://learn.acme.test', name: '6f1c2a52-0000-4000-8000-000000000001' },
    });
    expect(url.searchParams.get('registration')).toBe('0d6e4b1e-0000-4000-8000-000000000002');
    expect(url.searchParams.get('activity_id')).toBe('http://example.com/courses/safety');
    // No e-mail address of the learner goes into the content.
    expect(url.href).not.toMatch(/mbox|mailto|%40/);
  });

  it('keeps a query and a fragment the launch file has of its own', () => {
    expect(xapiLaunchHref('index.html?lang=de#start', parameters)).toMatch(/^index\.html\?lang=de&endpoint=[^#]+&activity_id=[^#]+#start$/);
    expect(xapiLaunchHref('index.html?', parameters)).toMatch(/^index\.html\?endpoint=/);
  });

  it('reads the launch token back from the Authorization the course sends, and nothing else', () => {
    expect(tokenOfXapiAuthorization(xapiAuthorizationOf(TOKEN))).toBe(TOKEN);
    expect(tokenOfXapiAuthorization(`Basic ${Buffer.from(`lrs_key:${TOKEN}`).toString('base64')}`)).toBeUndefined();
    expect(tokenOfXapiAuthorization(`Bearer ${TOKEN}`)).toBeUndefined();
    expect(tokenOfXapiAuthorization('Basic !!!')).toBeUndefined();
  });
});
