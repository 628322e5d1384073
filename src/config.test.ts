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
    // Values that hold passwords are not repeated in the message (it goes to the log).
    expect(problems.join('\n')).toMatch(/DATABASE_URL: must start with postgres:\/\//);
    expect(problems.join('\n')).not.toContain('mysql');
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

  it('passwords can come from files (DATABASE_URL_FILE, LECTERN_SMTP_URL_FILE) instead of the environment', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-config-'));
    const databaseFile = path.join(dir, 'database-url');
    const smtpFile = path.join(dir, 'smtp-url');
    writeFileSync(databaseFile, 'postgres://lectern:s3cret@db/lectern\n');
    writeFileSync(smtpFile, 'smtp://mailer:pa55@mail.example:587');
    const config = loadConfig({ DATABASE_URL_FILE: databaseFile, LECTERN_SMTP_URL_FILE: smtpFile, LECTERN_MAIL_FROM: 'no-reply@example.com' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://lectern:s3cret@db/lectern' });
    expect(config.mail?.smtpUrl).toBe('smtp://mailer:pa55@mail.example:587');

    expect(configProblems({ DATABASE_URL_FILE: path.join(dir, 'missing') })).toEqual([expect.stringMatching(/^DATABASE_URL_FILE: cannot read .*missing \(ENOENT\)$/)]);
    expect(configProblems({ DATABASE_URL_FILE: databaseFile, DATABASE_URL: 'postgres://x@y/z' })).toEqual(['DATABASE_URL_FILE: DATABASE_URL is set too; set only one of them']);
    // The file's content is checked like the variable's, without being echoed.
    writeFileSync(databaseFile, 'mysql://root:hunter2@x');
    const [problem] = configProblems({ DATABASE_URL_FILE: databaseFile });
    expect(problem).toMatch(/^DATABASE_URL: must start with postgres/);
    expect(problem).not.toContain('hunter2');
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
});
