import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/app.js';
import { siteUrlOf } from './site-url.js';
import type { Tenant } from './tenants.repository.js';

const tenant = (hosts: Partial<Pick<Tenant, 'hostnames' | 'primaryHostname'>> = {}): Tenant => ({
  id: '00000000-0000-4000-8000-000000000001',
  slug: 'acme',
  name: 'Acme',
  status: 'active',
  settings: {},
  hostnames: [],
  primaryHostname: null,
  ...hosts,
});

describe('siteUrlOf', () => {
  it('names the primary host, not the alphabetically first one', () => {
    const acme = tenant({ hostnames: ['a.acme.example', 'learn.acme.example'], primaryHostname: 'learn.acme.example' });
    expect(siteUrlOf(acme, testConfig({ PORT: '80' }))).toBe('http://learn.acme.example');
  });

  it('without a host of its own: <slug>.<base domain>, else localhost', () => {
    expect(siteUrlOf(tenant(), testConfig({ PORT: '80', LECTERN_BASE_DOMAIN: 'lectern.example' }))).toBe('http://acme.lectern.example');
    expect(siteUrlOf(tenant(), testConfig({ PORT: '3000' }))).toBe('http://localhost:3000');
  });

  it('HTTPS at the public HTTPS port wherever HTTPS is offered (a trusted proxy, or a certificate)', () => {
    const acme = tenant({ hostnames: ['learn.acme.example'], primaryHostname: 'learn.acme.example' });
    expect(siteUrlOf(acme, testConfig({ LECTERN_TRUST_PROXY: '10.0.0.1' }))).toBe('https://learn.acme.example');
    expect(siteUrlOf(acme, testConfig({ LECTERN_TRUST_PROXY: '10.0.0.1', LECTERN_PUBLIC_HTTPS_PORT: '8443' }))).toBe('https://learn.acme.example:8443');
    const withCertificate = { ...testConfig(), tls: { certFile: 'c', keyFile: 'k', cert: '', key: '', validTo: new Date() }, publicHttpsPort: 3443 };
    expect(siteUrlOf(acme, withCertificate)).toBe('https://learn.acme.example:3443');
  });
});
