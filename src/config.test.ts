import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { configProblems } from '../test/config-problems.js';

describe('configuration', () => {
  it('has working defaults: port 3000, embedded database in ./data', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('data') });
    expect(config.seedDemo).toBe(true);
  });

  it('PORT, DATA_DIR and DATABASE_URL change the listener and the database', () => {
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
    expect(loadConfig({ DATA_DIR: '/srv/lectern' }).database).toEqual({ kind: 'pglite', dataDir: '/srv/lectern' });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/lectern' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db/lectern',
    });
  });

  it('names every invalid variable and what it allows', () => {
    const problems = configProblems({ PORT: '70000', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT="70000".*1-65535/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL="loud".*one of fatal, error/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL="mysql:\/\/x".*postgres:\/\//);
  });

  it('refuses unknown LECTERN_ variables, listing the known ones', () => {
    const [problem] = configProblems({ LECTERN_PROT: '1' });
    expect(problem).toMatch(/^LECTERN_PROT: unknown setting; allowed: PORT, HOST/);
  });

  it('reads a JSON config file, with the environment taking precedence', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-config-'));
    const file = path.join(dir, 'lectern.json');
    writeFileSync(file, JSON.stringify({ PORT: 4000, LOG_LEVEL: 'warn', LECTERN_TRUST_PROXY: '10.0.0.1, 10.0.0.2' }));
    const config = loadConfig({ LECTERN_CONFIG: file, LOG_LEVEL: 'error' });
    expect(config.port).toBe(4000);
    expect(config.logLevel).toBe('error');
    expect(config.trustProxy).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('refuses unknown keys and unreadable files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-config-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ PROT: 1 }));
    expect(configProblems({ LECTERN_CONFIG: file })[0]).toMatch(/^PROT \(in .*bad\.json\): unknown setting/);
    expect(configProblems({ LECTERN_CONFIG: path.join(dir, 'missing.json') })[0]).toMatch(/cannot read/);
  });

  it('course content: its own port by default; a content host name, over HTTPS, required in production', () => {
    expect(loadConfig({}).content).toMatchObject({ port: 3001, origin: undefined });
    expect(loadConfig({ LECTERN_CONTENT_ORIGIN: 'https://*.example-content.net' }).content.origin).toEqual({
      scheme: 'https',
      host: 'example-content.net',
      perSite: true,
      port: undefined,
    });
    expect(loadConfig({ LECTERN_CONTENT_ORIGIN: 'http://content.test:8080' }).content.origin).toEqual({ scheme: 'http', host: 'content.test', perSite: false, port: 8080 });
    expect(configProblems({ NODE_ENV: 'production' }).join('\n')).toContain('LECTERN_CONTENT_ORIGIN: required in production');
    expect(configProblems({ NODE_ENV: 'production', LECTERN_CONTENT_ORIGIN: 'http://*.content.test' }).join('\n')).toContain('must be an https:// address in production');
    expect(loadConfig({ NODE_ENV: 'production', LECTERN_CONTENT_ORIGIN: 'https://*.content.test' }).content.origin?.host).toBe('content.test');
    for (const bad of ['https://content.test/path', 'ftp://content.test', 'https://*.*.content.test', 'https://user@content.test', '*.content.test']) {
      expect(configProblems({ LECTERN_CONTENT_ORIGIN: bad }).join('\n'), bad).toContain('LECTERN_CONTENT_ORIGIN=');
    }
    expect(configProblems({ LECTERN_CONTENT_PORT: '3000' }).join('\n')).toContain("must differ from the app's ports");
  });

  it('rate limits: named networks are CIDR ranges, optionally with a ceiling; anything else stops start-up naming the entry', () => {
    expect(loadConfig({ LECTERN_RATE_LIMIT_NETWORKS: '10.20.0.0/16, 2001:db8::/48=100000, 203.0.113.7' }).rateLimit.networks).toEqual([
      { cidr: '10.20.0.0/16', perMinute: 0 },
      { cidr: '2001:db8::/48', perMinute: 100000 },
      { cidr: '203.0.113.7', perMinute: 0 },
    ]);
    const [problem] = configProblems({ LECTERN_RATE_LIMIT_NETWORKS: '10.20.0.0/16, 10.300.0.0/16, school=5, 10.0.0.0/33' });
    expect(problem).toMatch(/^LECTERN_RATE_LIMIT_NETWORKS=.*: not a CIDR range \(address\[\/prefix\]\) or CIDR=N: 10\.300\.0\.0\/16, school=5, 10\.0\.0\.0\/33; expected/);
  });
});
