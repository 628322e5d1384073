import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

  it('creates the demo site by default only outside production; LECTERN_SEED_DEMO decides where it is set', () => {
    const production = { NODE_ENV: 'production', LECTERN_CONTENT_ORIGIN: 'https://*.content.test' };
    expect(loadConfig({ NODE_ENV: 'development' }).seedDemo).toBe(true);
    expect(loadConfig(production).seedDemo).toBe(false);
    expect(loadConfig({ ...production, LECTERN_SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ LECTERN_SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('PORT, DATA_DIR and DATABASE_URL change the listener and the database', () => {
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
    expect(loadConfig({ DATA_DIR: '/srv/lectern' }).database).toEqual({ kind: 'pglite', dataDir: '/srv/lectern' });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/lectern' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db/lectern',
    });
  });

  it.each([
    ['DATABASE_APP_PASSWORD', 'appPassword'],
    ['DATABASE_SYSTEM_PASSWORD', 'systemPassword'],
  ] as const)('%s: a role’s login, only with DATABASE_URL, never repeated in a message', (name, field) => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/lectern', [name]: 'a-long-enough-password' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db/lectern',
      [field]: 'a-long-enough-password',
    });
    expect(configProblems({ [name]: 'a-long-enough-password' })).toEqual([expect.stringContaining(`${name}: only with DATABASE_URL`)]);
    const short = configProblems({ DATABASE_URL: 'postgres://u@db/lectern', [name]: 'short' });
    expect(short.join('\n')).toMatch(new RegExp(`${name}: at least 16 characters`));
    expect(short.join('\n')).not.toContain('"short"');
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

  describe('production start-up checks', () => {
    const production = { NODE_ENV: 'production', LECTERN_CONTENT_ORIGIN: 'https://*.content.test' };

    it('refuses a PostgreSQL server on another machine unless the connection verifies its certificate', () => {
      const remote = configProblems({ ...production, DATABASE_URL: 'postgres://lectern:pw@db.internal:5432/lectern' }).join('\n');
      expect(remote).toContain('DATABASE_URL: the PostgreSQL server is on another machine, but the connection does not verify its certificate');
      expect(remote).toContain('sslmode=verify-full');
      for (const remoteToo of ['postgres://u@10.0.0.5/lectern?sslmode=require', 'postgres://u@[2001:db8::5]:5432/lectern', 'postgres://u@localhost,db2.internal/lectern', 'postgres://u@/lectern?host=db.internal']) {
        expect(configProblems({ ...production, DATABASE_URL: remoteToo }), remoteToo).toHaveLength(1);
      }
      for (const fine of [
        'postgres://u@db.internal/lectern?sslmode=verify-full',
        'postgresql://u@db.internal/lectern?sslmode=verify-ca&sslrootcert=/etc/lectern/db-ca.pem',
        'postgres://u@127.0.0.1:5432/lectern',
        'postgres://u@localhost/lectern',
        'postgres://u@[::1]/lectern',
        'postgres://u@/lectern?host=/var/run/postgresql',
        'postgres://u@%2Fvar%2Frun%2Fpostgresql/lectern',
        'postgres:///lectern',
      ]) {
        expect(configProblems({ ...production, DATABASE_URL: fine }), fine).toEqual([]);
      }
      expect(configProblems({ ...production, DATABASE_URL: 'postgres://u@db.internal/lectern', PGSSLMODE: 'verify-full' })).toEqual([]);
      // Outside production nothing is required (development databases on other machines).
      expect(configProblems({ DATABASE_URL: 'postgres://u@db.internal/lectern' })).toEqual([]);
    });

    it('warns when requests would switch to the application role on the owner’s connections (no DATABASE_APP_PASSWORD)', () => {
      const url = 'postgres://u@127.0.0.1/lectern';
      const warning = expect.stringMatching(/^DATABASE_APP_PASSWORD is not set: .*could switch back/);
      expect(loadConfig({ ...production, DATABASE_URL: url }).warnings).toContainEqual(warning);
      expect(loadConfig({ ...production, DATABASE_URL: url, DATABASE_APP_PASSWORD: 'a-long-enough-password' }).warnings).not.toContainEqual(warning);
      // The embedded database has no login roles.
      expect(loadConfig({ ...production }).warnings).not.toContainEqual(warning);
    });

    it('warns when the server would do its work across sites as the owner of the schema (no DATABASE_SYSTEM_PASSWORD)', () => {
      const url = 'postgres://u@127.0.0.1/lectern';
      const warning = expect.stringMatching(/^DATABASE_SYSTEM_PASSWORD is not set: .*delete audit entries/);
      expect(loadConfig({ ...production, DATABASE_URL: url }).warnings).toContainEqual(warning);
      expect(loadConfig({ ...production, DATABASE_URL: url, DATABASE_SYSTEM_PASSWORD: 'another-long-password' }).warnings).not.toContainEqual(warning);
      expect(loadConfig({ ...production }).warnings).not.toContainEqual(warning);
    });

    it('with LECTERN_DATABASE_TLS_OPTIONAL=true it starts, with a warning', () => {
      const config = loadConfig({ ...production, DATABASE_URL: 'postgres://u@db.internal/lectern', LECTERN_DATABASE_TLS_OPTIONAL: 'true' });
      expect(config.warnings).toContainEqual(expect.stringContaining('does not verify its certificate (LECTERN_DATABASE_TLS_OPTIONAL=true)'));
    });

    it('warns, naming each, about a TLS key, settings file or data directory that group or others may read or write', async () => {
      const { createDevCertificate } = await import('./cli/cert.js');
      const pair = await createDevCertificate(['acme.test']);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-modes-'));
      const dataDir = path.join(dir, 'data');
      mkdirSync(dataDir, { mode: 0o755 });
      chmodSync(dataDir, 0o755);
      const files = { cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem'), settings: path.join(dir, 'lectern.json'), secretKey: path.join(dir, 'secret.key'), databaseUrl: path.join(dir, 'database-url') };
      writeFileSync(files.cert, pair.cert, { mode: 0o644 });
      writeFileSync(files.key, pair.key, { mode: 0o640 });
      writeFileSync(files.settings, JSON.stringify({ LOG_LEVEL: 'warn' }), { mode: 0o644 });
      writeFileSync(files.secretKey, 'x');
      writeFileSync(files.databaseUrl, 'postgres://lectern:pw@127.0.0.1/lectern');
      for (const file of Object.values(files)) chmodSync(file, file === files.key ? 0o640 : 0o644);
      const env = {
        ...production,
        DATA_DIR: dataDir,
        LECTERN_TLS_CERT: files.cert,
        LECTERN_TLS_KEY: files.key,
        LECTERN_CONFIG: files.settings,
        LECTERN_SECRET_KEY_FILE: files.secretKey,
        DATABASE_URL_FILE: files.databaseUrl,
        DATABASE_APP_PASSWORD: 'a-long-enough-password',
        DATABASE_SYSTEM_PASSWORD: 'another-long-password',
        // Replicated storage, so that no storage warning mixes in.
        LECTERN_STORAGE: `local:${dir}/blobs-a,local:${dir}/blobs-b`,
      };

      const exposed = loadConfig(env).warnings;
      expect(exposed).toEqual([
        expect.stringMatching(new RegExp(`^LECTERN_TLS_KEY: ${files.key} has mode 640; .*chmod 600`)),
        expect.stringMatching(new RegExp(`^LECTERN_CONFIG: ${files.settings} has mode 644; `)),
        expect.stringMatching(new RegExp(`^DATA_DIR: ${dataDir} has mode 755; .*chmod 700`)),
        expect.stringMatching(new RegExp(`^LECTERN_SECRET_KEY_FILE: ${files.secretKey} has mode 644; `)),
        expect.stringMatching(new RegExp(`^DATABASE_URL_FILE: ${files.databaseUrl} has mode 644; `)),
      ]);
      // A certificate is public: no warning for it.
      expect(exposed.join('\n')).not.toContain(files.cert);

      chmodSync(files.key, 0o600);
      chmodSync(files.settings, 0o600);
      chmodSync(files.secretKey, 0o600);
      chmodSync(files.databaseUrl, 0o600);
      chmodSync(dataDir, 0o700);
      expect(loadConfig(env).warnings).toEqual([]);
      // Outside production nothing is checked.
      chmodSync(dataDir, 0o755);
      expect(loadConfig({ ...env, NODE_ENV: 'development' }).warnings).toEqual([]);
    });
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
