import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readSecretFiles, SECRET_FILE_VARIABLES, SECRET_VARIABLES } from './config-secret-files.js';
import { databaseOnAnotherMachine, databaseServerVerified, exposedSecretWarnings } from './platform/deployment-checks.js';
import { readTlsFiles, type TlsFiles } from './platform/http/tls-files.js';
import { invalidProxyEntries, parseProxyList } from './platform/http/trusted-proxies.js';
import { invalidNetworkEntries, parseRateLimitNetworks } from './platform/guard/rate-limit-networks.js';
import type { RateLimits } from './platform/guard/traffic-budgets.js';
import { parseStorageConfig, type StorageConfig } from './platform/storage/storage-config.js';
import { readMonitorFile, type MonitorConfig } from './platform/monitor/monitor-config.js';

/**
 * The whole configuration, parsed once at start-up. Every setting comes from an
 * environment variable or, with lower precedence, from the JSON file named by
 * LECTERN_CONFIG (keys are the variable names). Anything unknown or invalid stops
 * start-up with a message naming the variable and what is allowed.
 */
const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const bytes = z.coerce.number().int().min(1024).max(1024 * 1024 * 1024);
const perMinute = z.coerce.number().int().min(0).max(1_000_000);
/** scheme://host[:port], where the host may start with the label `*` (one host per site). */
const CONTENT_ORIGIN_PATTERN = /^https?:\/\/(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?\/?$/;

const variables = {
  PORT: { schema: port, default: '3000', help: 'TCP port of the HTTP listener (1-65535)' },
  HOST: { schema: z.string().min(1), default: '0.0.0.0', help: 'address to listen on' },
  LECTERN_TLS_CERT: {
    schema: z.string().optional(),
    default: undefined,
    help: 'PEM file of the TLS certificate (and chain); with LECTERN_TLS_KEY serves HTTPS on LECTERN_HTTPS_PORT beside HTTP',
  },
  LECTERN_TLS_KEY: { schema: z.string().optional(), default: undefined, help: 'PEM file of the private key of LECTERN_TLS_CERT' },
  LECTERN_HTTPS_PORT: { schema: port, default: '3443', help: 'TCP port of the HTTPS listener (1-65535)' },
  LECTERN_PUBLIC_HTTPS_PORT: {
    schema: port.optional(),
    default: undefined,
    help: 'port users reach HTTPS on, for redirects to HTTPS; 443 leaves it out of the address (default: LECTERN_HTTPS_PORT with a certificate, else 443)',
  },
  LECTERN_CONTENT_PORT: {
    schema: port,
    default: '3001',
    help: 'TCP port of the course-content listener: course packages run on an origin of their own, never the app\'s (1-65535)',
  },
  LECTERN_CONTENT_ORIGIN: {
    schema: z
      .string()
      .regex(CONTENT_ORIGIN_PATTERN, 'must look like https://content.example.net or https://*.content.example.net (no path)')
      .optional(),
    default: undefined,
    help: 'public address of course content, https://content.example.net (shared) or https://*.content.example.net (* = the site\'s slug); unset: the site\'s own host name on LECTERN_CONTENT_PORT',
  },
  LECTERN_CONTENT_TLS_CERT: {
    schema: z.string().optional(),
    default: undefined,
    help: 'PEM certificate for the content host names (with LECTERN_CONTENT_TLS_KEY); default: LECTERN_TLS_CERT',
  },
  LECTERN_CONTENT_TLS_KEY: { schema: z.string().optional(), default: undefined, help: 'PEM private key of LECTERN_CONTENT_TLS_CERT' },
  NODE_ENV: {
    schema: z.enum(['production', 'development', 'test']),
    default: 'development',
    help: 'one of production, development, test',
  },
  DATA_DIR: {
    schema: z.string().min(1),
    default: './data',
    help: "directory of the embedded database (and, in production, of the first administrator's password file)",
  },
  LECTERN_SECRET_KEY_FILE: {
    schema: z.string().min(1).optional(),
    default: undefined,
    help: 'file of the key that seals two-factor secrets in the database (made on first start; the same file on every node; default: <DATA_DIR>/secret.key)',
  },
  LECTERN_FILES_DIR: {
    schema: z.string().min(1).optional(),
    default: undefined,
    help: 'directory of this node\'s transient staging (packages being received and unpacked), and of files of before the blob store until `lectern storage migrate` moved them (default: <DATA_DIR>/files)',
  },
  LECTERN_PACKAGE_MAX_BYTES: {
    schema: z.coerce.number().int().min(1024 * 1024).max(64 * 1024 * 1024 * 1024),
    default: String(2 * 1024 * 1024 * 1024),
    help: 'largest course package (zip) accepted for import, in bytes (1048576 .. 68719476736; default 2 GiB)',
  },
  DATABASE_URL: {
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    default: undefined,
    help: 'PostgreSQL connection URL; when set, PostgreSQL is used instead of the embedded database',
  },
  DATABASE_APP_PASSWORD: {
    schema: z.string().min(16, 'at least 16 characters').max(200).optional(),
    default: undefined,
    help: 'PostgreSQL only: the password of the login role lectern_app (docs/postgres-operations.md); when set, requests open their transactions logged in as lectern_app instead of switching to it from the owner, so a statement cannot switch back to the owner',
  },
  DATABASE_SYSTEM_PASSWORD: {
    schema: z.string().min(16, 'at least 16 characters').max(200).optional(),
    default: undefined,
    help: 'PostgreSQL only: the password of the login role lectern_system (docs/operations.md); when set, the server uses the owner of DATABASE_URL only to migrate, then does its work across sites logged in as lectern_system, which cannot change the schema or delete audit entries',
  },
  LECTERN_DATABASE_TLS_OPTIONAL: {
    schema: bool,
    default: 'false',
    help: 'true or false: let a production node use a PostgreSQL server on another machine without sslmode=verify-full in DATABASE_URL (only where the network path is protected otherwise; start-up logs a warning)',
  },
  LECTERN_STORAGE: {
    schema: z.string().optional(),
    default: undefined,
    help: 'where files are kept: comma-separated locations, local:/absolute/dir or s3://bucket/prefix?endpoint=https://host:port&region=…&pathStyle=true (default: local:<DATA_DIR>/blobs, not replicated)',
  },
  LECTERN_STORAGE_WRITE_QUORUM: {
    schema: z.coerce.number().int().optional(),
    default: undefined,
    help: 'how many locations must hold a file durably before a write succeeds (1 .. number of locations; default: 2, or 1 with one location)',
  },
  LECTERN_BACKUP_EVERY_HOURS: {
    schema: z.coerce.number().int().min(1).max(24 * 7),
    default: '24',
    help: 'embedded database only: hours between the snapshots written to the storage locations (1 .. 168; default 24); see docs/backup.md',
  },
  LECTERN_BACKUP_KEEP_DAILY: {
    schema: z.coerce.number().int().min(1).max(366),
    default: '7',
    help: 'embedded database only: how many days keep their newest snapshot (1 .. 366; default 7)',
  },
  LECTERN_BACKUP_KEEP_WEEKLY: {
    schema: z.coerce.number().int().min(0).max(520),
    default: '4',
    help: 'embedded database only: how many weeks (ISO, Monday to Sunday) beyond those keep their newest snapshot (0 .. 520; default 4)',
  },
  LECTERN_S3_ACCESS_KEY_ID: {
    schema: z.string().min(1).optional(),
    default: undefined,
    help: 'access key id of the s3:// locations (also LECTERN_S3_ACCESS_KEY_ID_FILE; unset: the AWS default chain)',
  },
  LECTERN_S3_SECRET_ACCESS_KEY: {
    schema: z.string().min(1).optional(),
    default: undefined,
    help: 'secret access key of the s3:// locations (also LECTERN_S3_SECRET_ACCESS_KEY_FILE)',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    help: 'one of fatal, error, warn, info, debug, trace, silent',
  },
  LECTERN_BASE_DOMAIN: {
    schema: z
      .string()
      .regex(/^[a-z0-9.-]+$/, 'must be a lower-case host name such as lectern.example.com')
      .optional(),
    default: undefined,
    help: 'parent domain for tenant subdomains (acme.<base domain> serves tenant "acme")',
  },
  LECTERN_BODY_LIMIT: {
    schema: bytes,
    default: String(1024 * 1024),
    help: 'largest accepted request body in bytes (1024 .. 1073741824)',
  },
  LECTERN_TRUST_PROXY: {
    schema: z
      .string()
      .refine((v) => invalidProxyEntries(parseProxyList(v)).length === 0, 'each entry must be an address or a CIDR range')
      .optional(),
    default: undefined,
    help: 'comma-separated addresses or CIDR ranges (or loopback, linklocal, uniquelocal) of reverse proxies whose X-Forwarded-* headers are trusted',
  },
  LECTERN_SEED_DEMO: {
    schema: bool.optional(),
    default: undefined,
    help: 'true or false: create the demo tenant and its first administrator when no tenant exists (default true, false with NODE_ENV=production)',
  },
  LECTERN_XAPI_UNNAMED_VERSION: {
    schema: z.enum(['2.0.0', '1.0.3']),
    default: '2.0.0',
    help: 'the xAPI version the LRS names in answers to requests that name none it speaks (2.0.0 or 1.0.3; requests that name one are answered in theirs)',
  },
  LECTERN_STRIPE_API_URL: {
    schema: z.url({ protocol: /^https?$/ }).optional(),
    default: undefined,
    help: "where the store reaches Stripe's API (default https://api.stripe.com; an egress proxy or a test stand-in)",
  },
  LECTERN_VIES_URL: {
    schema: z.union([z.literal('off'), z.url({ protocol: /^https?$/ })]).optional(),
    default: undefined,
    help: 'where the store checks VAT IDs with VIES (default the EU Commission\'s REST API; off: VAT IDs are checked by format only and recorded as unverified)',
  },
  LECTERN_HEADERS_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(1000).max(60_000),
    default: '10000',
    help: 'milliseconds a client gets to send its request headers before the connection is closed (1000 .. 60000)',
  },
  LECTERN_IDLE_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(1000).max(3_600_000),
    default: '60000',
    help: 'milliseconds a connection may stay silent in the middle of a request (a stalled upload) before it is closed (1000 .. 3600000)',
  },
  LECTERN_KEEP_ALIVE_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(1000).max(600_000),
    default: '5000',
    help: 'milliseconds an idle connection between two requests is kept open (1000 .. 600000); behind a load balancer that reuses its connections to the nodes, set it above the balancer\'s own idle timeout',
  },
  LECTERN_REQUEST_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(10_000).max(24 * 3_600_000),
    default: String(15 * 60_000),
    help: 'milliseconds a whole request (a one-request package upload included) may take to arrive (10000 .. 86400000; default 15 minutes)',
  },
  LECTERN_SHUTDOWN_GRACE_MS: {
    schema: z.coerce.number().int().min(0).max(600_000),
    default: '10000',
    help: 'milliseconds in-flight requests get to finish on SIGTERM (0 .. 600000)',
  },
  LECTERN_JOBS: {
    schema: bool,
    default: 'true',
    help: 'true or false: run background jobs (e-mail) on this node',
  },
  LECTERN_SMTP_URL: {
    schema: z
      .string()
      .regex(/^smtps?:\/\/[^/?#\s]+\/?$/, 'must look like smtp://user:password@host:587 or smtps://host:465')
      .optional(),
    default: undefined,
    help: 'SMTP server for outgoing mail, smtp://user:password@host:587 (STARTTLS required) or smtps://…:465; unset: no mail is sent',
  },
  LECTERN_MAIL_FROM: {
    schema: z.string().regex(/^[^<>@\s]+@[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/, 'must be an address or Name <address>').optional(),
    default: undefined,
    help: 'sender of outgoing mail, e.g. "Lectern <no-reply@example.com>" (required with LECTERN_SMTP_URL)',
  },
  LECTERN_SMTP_TLS_REJECT_UNAUTHORIZED: {
    schema: bool,
    default: 'true',
    help: "true or false: refuse an SMTP server whose TLS certificate cannot be verified (false only for tests)",
  },
  // Rate limits per kind of traffic (docs/security.md, "Rate limits"; docs/operations.md).
  LECTERN_RATE_LIMIT_IP_PER_MINUTE: {
    schema: perMinute,
    default: '3000',
    help: 'API requests per minute one client address (IPv6: its /64) may make without a session or token; 0 turns the limit off (0 .. 1000000)',
  },
  LECTERN_RATE_LIMIT_USER_PER_MINUTE: {
    schema: perMinute,
    default: '3000',
    help: 'API requests per minute one signed-in user (and, apart, each API token) may make; 0 turns the limit off (0 .. 1000000)',
  },
  LECTERN_RATE_LIMIT_FLOOD_PER_MINUTE: {
    schema: perMinute,
    default: '30000',
    help: 'API requests per minute with a session or token from one client address (a flood guard; see LECTERN_RATE_LIMIT_NETWORKS); 0 turns it off (0 .. 1000000)',
  },
  LECTERN_RATE_LIMIT_NETWORKS: {
    schema: z
      .string()
      .superRefine((v, ctx) => {
        const invalid = invalidNetworkEntries(v);
        if (invalid.length > 0) ctx.addIssue({ code: 'custom', message: `not a CIDR range (address[/prefix]) or CIDR=N: ${invalid.join(', ')}` });
      })
      .optional(),
    default: undefined,
    help: 'comma-separated CIDR ranges exempt from LECTERN_RATE_LIMIT_FLOOD_PER_MINUTE, or CIDR=N for a ceiling of N per address instead, e.g. 198.51.100.0/24,203.0.113.7=200000',
  },
  LECTERN_RATE_LIMIT_ATTEMPT_COMMITS_PER_MINUTE: {
    schema: perMinute,
    default: '3000',
    help: 'commits per minute under one attempt\'s launch credential (content origin); 0 turns the limit off (0 .. 1000000)',
  },
  LECTERN_RATE_LIMIT_LAUNCH_FILES_PER_MINUTE: {
    schema: perMinute,
    default: '6000',
    help: 'course-file requests per minute under one launch credential (content origin); 0 turns the limit off (0 .. 1000000)',
  },
  LECTERN_RATE_LIMIT_CONTENT_IP_PER_MINUTE: {
    schema: perMinute,
    default: '600',
    help: 'content-origin requests per minute from one client address whose launch credential is unknown, ended or forged; 0 turns the limit off (0 .. 1000000)',
  },
  LECTERN_RATE_LIMIT_MAIL_PER_MINUTE: {
    schema: perMinute,
    default: '30',
    help: 'password-reset requests (each may mail a link) per minute from one client address; 0 turns the limit off (0 .. 1000000)',
  },
  LECTERN_RATE_LIMIT_CODE_CHECKS_PER_MINUTE: {
    schema: perMinute,
    default: '30',
    help: 'certificate verifications (lookups of a guessable code) per minute from one client address, signed in or not; 0 turns the limit off (0 .. 1000000)',
  },
  LECTERN_RATE_LIMIT_WEBHOOKS_PER_MINUTE: {
    schema: perMinute,
    default: '60000',
    help: "a payment provider's signed webhook deliveries per minute from one client address (each is verified before it has any effect); 0 turns the limit off (0 .. 1000000)",
  },
  LECTERN_OPERATOR_HOST: {
    schema: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::[0-9]{1,5})?$/i, 'must be a host name (with an optional port), e.g. ops.example.com')
      .optional(),
    default: undefined,
    help: 'host name of the operator console (staff sign-in, just-in-time grants); a host of its own that no tenant uses. Unset: no console (the CLI manages staff)',
  },
  LECTERN_METRICS_ALLOW: {
    schema: z
      .string()
      .refine((v) => parseProxyList(v).length > 0 && invalidProxyEntries(parseProxyList(v)).length === 0, 'each entry must be an address or a CIDR range'),
    default: 'loopback',
    help: 'comma-separated addresses or CIDR ranges (or loopback, linklocal, uniquelocal) that may read /metrics; others get 404',
  },
  LECTERN_METRICS_TOKEN: {
    schema: z.string().regex(/^[\x21-\x7e]{32,}$/, 'must be at least 32 printable characters without spaces').optional(),
    default: undefined,
    help: 'bearer token that also admits a scraper to /metrics from any address (Authorization: Bearer <token>; at least 32 characters; also LECTERN_METRICS_TOKEN_FILE)',
  },
  LECTERN_METRICS: {
    schema: bool,
    default: 'true',
    help: 'true or false: time every request and database statement for /metrics (false leaves out the request and query histograms)',
  },
  LECTERN_MONITOR_FILE: {
    schema: z.string().min(1).optional(),
    default: undefined,
    help: "JSON file of the built-in monitor: check interval, alert rules (changes to the shipped ones, and new ones) and who is notified how; see docs/monitoring/alerts.md (default: the shipped rules, every 30 s)",
  },
  LECTERN_CONFIG: { schema: z.string().optional(), default: undefined, help: 'path to a JSON config file' },
} as const;

type Variables = typeof variables;
type VariableName = keyof Variables;
type Parsed = { [K in VariableName]: z.output<Variables[K]['schema']> };

export interface Config {
  port: number;
  host: string;
  env: 'production' | 'development' | 'test';
  /** `appPassword`, `systemPassword`: the logins of lectern_app and lectern_system (platform/db/system-role.ts). */
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; appPassword?: string; systemPassword?: string };
  /** DATA_DIR, resolved: the embedded database, and files of this node (the first administrator's password in production). */
  dataDir: string;
  /** The key that seals secrets the database keeps (TOTP seeds); see platform/secrets. */
  secretKeyFile: string;
  logLevel: Parsed['LOG_LEVEL'];
  baseDomain: string | undefined;
  bodyLimit: number;
  trustProxy: string[];
  /** Certificate and key of the HTTPS listener; undefined: HTTP only. */
  tls: TlsFiles | undefined;
  httpsPort: number;
  /** The HTTPS port in addresses users are redirected to. */
  publicHttpsPort: number;
  /** Where course content is served: an origin of its own, never the app's (see platform/http/content-origin.ts). */
  content: ContentConfig;
  seedDemo: boolean;
  /** The xAPI version the LRS names when a request names none it speaks. */
  xapiUnnamedVersion: '2.0.0' | '1.0.3';
  shutdownGraceMs: number;
  headersTimeoutMs: number;
  /** A connection silent this long mid-request is closed. */
  idleTimeoutMs: number;
  /** A whole request must have arrived within this. */
  requestTimeoutMs: number;
  /** An idle connection between two requests is closed after this. */
  keepAliveTimeoutMs: number;
  /** Requests per minute per kind of traffic; 0: no limit (platform/guard/traffic-budgets.ts). */
  rateLimit: RateLimits;
  /** Who may read /metrics: addresses, CIDR ranges or named ranges. */
  /** Host name of the operator console; undefined: no console. */
  operatorHost: string | undefined;
  metricsAllow: string[];
  /** A bearer token that admits a scraper to /metrics from any address; undefined: addresses only. */
  metricsToken: string | undefined;
  /** Whether requests and database statements are timed for /metrics (LECTERN_METRICS). */
  metricsEnabled: boolean;
  /** Uploaded files and unpacked course packages. */
  filesDir: string;
  /** Largest course package (zip) accepted for import. */
  packageMaxBytes: number;
  /** Whether this node runs the job worker. */
  jobsEnabled: boolean;
  /** Outgoing mail; undefined when no SMTP server is configured (mail jobs then wait in the queue). */
  mail: MailConfig | undefined;
  /** Where files are kept: the locations, the write quorum (platform/storage). */
  storage: StorageConfig;
  /** The built-in monitor: interval, alert rules, and the notification section of LECTERN_MONITOR_FILE (platform/monitor). */
  monitor: MonitorConfig;
  /** Snapshots of the embedded database (platform/backup): how often, and how many are kept. */
  backup: { everyMs: number; keepDaily: number; keepWeekly: number };
  /** The store's payment provider and VAT ID service addresses. */
  market: MarketConfig;
  /** What an operator should fix but that does not stop start-up (production); the server logs each. */
  warnings: string[];
}

export interface ContentConfig {
  /** Port of the content listener. */
  port: number;
  /** The configured public content origin; undefined: each site's own host name on `port`. */
  origin: { scheme: 'http' | 'https'; host: string; perSite: boolean; port: number | undefined } | undefined;
  /** Certificate of the content listener and of content host names on the main listener; undefined: the main one. */
  tls: TlsFiles | undefined;
}

export interface MarketConfig {
  /** Stripe's API base; undefined: the SDK's own (https://api.stripe.com). */
  stripeApiUrl: URL | undefined;
  /** The VIES REST API base; undefined: VAT IDs are checked by format only (recorded as unverified). */
  viesUrl: string | undefined;
}

export const VIES_DEFAULT_URL = 'https://ec.europa.eu/taxation_customs/vies/rest-api';

export interface MailConfig {
  smtpUrl: string;
  from: string;
  tlsRejectUnauthorized: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function readConfigFile(file: string, problems: string[]): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`LECTERN_CONFIG: cannot read ${file} as JSON (${(error as Error).message})`);
    return {};
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`LECTERN_CONFIG: ${file} must hold one JSON object of VARIABLE: value pairs`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in variables) || key === 'LECTERN_CONFIG') {
      problems.push(`${key} (in ${file}): unknown setting; allowed: ${allowedNames()}`);
      continue;
    }
    out[key] = String(value);
  }
  return out;
}

function allowedNames(): string {
  return Object.keys(variables)
    .filter((k) => k !== 'LECTERN_CONFIG')
    .join(', ');
}

/** Parses the environment (and optional file) into a Config or throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  for (const key of Object.keys(env)) {
    if (key.startsWith('LECTERN_') && !(key in variables) && !SECRET_FILE_VARIABLES.includes(key)) {
      problems.push(`${key}: unknown setting; allowed: ${allowedNames()}`);
    }
  }
  const fromFile = env.LECTERN_CONFIG ? readConfigFile(env.LECTERN_CONFIG, problems) : {};
  const secretFiles = readSecretFiles(env, problems);

  const parsed: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(variables) as [VariableName, Variables[VariableName]][]) {
    const given = env[name] !== undefined && env[name] !== '' ? env[name] : (secretFiles[name] ?? fromFile[name]);
    const raw = given ?? spec.default;
    const result = spec.schema.safeParse(raw);
    if (result.success) parsed[name] = result.data;
    else {
      // A password inside a value must not reach the log through the start-up error.
      const shown = (SECRET_VARIABLES as readonly string[]).includes(name) ? '' : `=${JSON.stringify(raw)}`;
      problems.push(`${name}${shown}: ${result.error.issues[0]?.message ?? 'invalid'}; expected ${spec.help}`);
    }
  }
  if (parsed.LECTERN_SMTP_URL && !parsed.LECTERN_MAIL_FROM) {
    problems.push('LECTERN_MAIL_FROM: required when LECTERN_SMTP_URL is set; expected an address or Name <address>');
  }
  const tls = readTlsFiles(parsed.LECTERN_TLS_CERT as string | undefined, parsed.LECTERN_TLS_KEY as string | undefined, problems);
  const contentTls = readTlsFiles(parsed.LECTERN_CONTENT_TLS_CERT as string | undefined, parsed.LECTERN_CONTENT_TLS_KEY as string | undefined, problems, 'LECTERN_CONTENT_TLS');
  if (parsed.LECTERN_CONTENT_PORT !== undefined && [parsed.PORT, tls ? parsed.LECTERN_HTTPS_PORT : undefined].includes(parsed.LECTERN_CONTENT_PORT)) {
    problems.push(`LECTERN_CONTENT_PORT=${String(parsed.LECTERN_CONTENT_PORT)}: must differ from the app's ports (PORT${tls ? ', LECTERN_HTTPS_PORT' : ''}); course content needs an origin of its own`);
  }
  // In production course content needs a host name of its own, over HTTPS: on the app's host name
  // (another port is another origin, but cookies ignore ports) its script could plant cookies the app receives.
  if (parsed.NODE_ENV === 'production') {
    const origin = parsed.LECTERN_CONTENT_ORIGIN as string | undefined;
    if (!origin) {
      problems.push(
        'LECTERN_CONTENT_ORIGIN: required in production; expected the HTTPS address of a host name for course content, e.g. https://*.example-content.net (see docs/operations.md, "Course content origin")',
      );
    } else if (!origin.startsWith('https://')) {
      problems.push(`LECTERN_CONTENT_ORIGIN=${JSON.stringify(origin)}: must be an https:// address in production`);
    }
  }
  for (const name of ['DATABASE_APP_PASSWORD', 'DATABASE_SYSTEM_PASSWORD'] as const) {
    if (parsed[name] && !parsed.DATABASE_URL) problems.push(`${name}: only with DATABASE_URL (the embedded database has no login roles)`);
  }
  const warnings: string[] = [];
  if (parsed.NODE_ENV === 'production') {
    const databaseUrl = parsed.DATABASE_URL as string | undefined;
    // Database passwords and every record cross the network to a server elsewhere: encrypted, and
    // only to the server whose certificate says so.
    if (databaseUrl && databaseOnAnotherMachine(databaseUrl) && !databaseServerVerified(databaseUrl, env.PGSSLMODE)) {
      const unverified = 'DATABASE_URL: the PostgreSQL server is on another machine, but the connection does not verify its certificate';
      if (parsed.LECTERN_DATABASE_TLS_OPTIONAL === true) warnings.push(`${unverified} (LECTERN_DATABASE_TLS_OPTIONAL=true)`);
      else problems.push(`${unverified}; add sslmode=verify-full (see docs/operations.md, "PostgreSQL over TLS"), or set LECTERN_DATABASE_TLS_OPTIONAL=true where the network path is protected otherwise`);
    }
    if (databaseUrl && !parsed.DATABASE_APP_PASSWORD) {
      warnings.push('DATABASE_APP_PASSWORD is not set: requests switch to the role lectern_app on the owner\'s connections, from which a statement could switch back; give lectern_app a login and set it (see docs/operations.md, "PostgreSQL server")');
    }
    if (databaseUrl && !parsed.DATABASE_SYSTEM_PASSWORD) {
      warnings.push('DATABASE_SYSTEM_PASSWORD is not set: the server does its work across sites as the owner of the schema, who can alter tables and delete audit entries; give lectern_system a login and set it (see docs/operations.md, "PostgreSQL server")');
    }
    warnings.push(
      ...exposedSecretWarnings([
        ...(tls ? [{ path: tls.keyFile, setting: 'LECTERN_TLS_KEY' }] : []),
        ...(contentTls ? [{ path: contentTls.keyFile, setting: 'LECTERN_CONTENT_TLS_KEY' }] : []),
        ...(env.LECTERN_CONFIG ? [{ path: path.resolve(env.LECTERN_CONFIG), setting: 'LECTERN_CONFIG' }] : []),
        { path: path.resolve(parsed.DATA_DIR as string), setting: 'DATA_DIR' },
        ...(parsed.LECTERN_SECRET_KEY_FILE ? [{ path: path.resolve(parsed.LECTERN_SECRET_KEY_FILE as string), setting: 'LECTERN_SECRET_KEY_FILE' }] : []),
        ...SECRET_VARIABLES.filter((name) => env[`${name}_FILE`]).map((name) => ({ path: path.resolve(env[`${name}_FILE`] as string), setting: `${name}_FILE` })),
      ]),
    );
  }
  const accessKeyId = parsed.LECTERN_S3_ACCESS_KEY_ID as string | undefined;
  const secretAccessKey = parsed.LECTERN_S3_SECRET_ACCESS_KEY as string | undefined;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    problems.push('LECTERN_S3_ACCESS_KEY_ID, LECTERN_S3_SECRET_ACCESS_KEY: set both or neither (neither: the AWS default chain)');
  }
  const storage = parseStorageConfig(
    {
      storage: parsed.LECTERN_STORAGE as string | undefined,
      writeQuorum: parsed.LECTERN_STORAGE_WRITE_QUORUM as number | undefined,
      dataDir: path.resolve((parsed.DATA_DIR as string | undefined) ?? './data'),
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    },
    problems,
    warnings,
  );
  const monitor = readMonitorFile(parsed.LECTERN_MONITOR_FILE as string | undefined, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const p = parsed as Parsed;

  return {
    port: p.PORT,
    host: p.HOST,
    env: p.NODE_ENV,
    database: p.DATABASE_URL
      ? {
          kind: 'postgres',
          url: p.DATABASE_URL,
          ...(p.DATABASE_APP_PASSWORD ? { appPassword: p.DATABASE_APP_PASSWORD } : {}),
          ...(p.DATABASE_SYSTEM_PASSWORD ? { systemPassword: p.DATABASE_SYSTEM_PASSWORD } : {}),
        }
      : { kind: 'pglite', dataDir: path.resolve(p.DATA_DIR) },
    dataDir: path.resolve(p.DATA_DIR),
    secretKeyFile: path.resolve(p.LECTERN_SECRET_KEY_FILE ?? path.join(p.DATA_DIR, 'secret.key')),
    logLevel: p.LOG_LEVEL,
    baseDomain: p.LECTERN_BASE_DOMAIN,
    bodyLimit: p.LECTERN_BODY_LIMIT,
    trustProxy: parseProxyList(p.LECTERN_TRUST_PROXY),
    tls,
    httpsPort: p.LECTERN_HTTPS_PORT,
    publicHttpsPort: p.LECTERN_PUBLIC_HTTPS_PORT ?? (tls ? p.LECTERN_HTTPS_PORT : 443),
    content: { port: p.LECTERN_CONTENT_PORT, origin: parseContentOrigin(p.LECTERN_CONTENT_ORIGIN), tls: contentTls },
    // A production node gets its sites from the operator (`lectern tenant create`), not a demo
    // site that answers on localhost with a well-known administrator address.
    seedDemo: p.LECTERN_SEED_DEMO ?? p.NODE_ENV !== 'production',
    xapiUnnamedVersion: p.LECTERN_XAPI_UNNAMED_VERSION,
    shutdownGraceMs: p.LECTERN_SHUTDOWN_GRACE_MS,
    headersTimeoutMs: p.LECTERN_HEADERS_TIMEOUT_MS,
    idleTimeoutMs: p.LECTERN_IDLE_TIMEOUT_MS,
    requestTimeoutMs: p.LECTERN_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: p.LECTERN_KEEP_ALIVE_TIMEOUT_MS,
    rateLimit: {
      ipPerMinute: p.LECTERN_RATE_LIMIT_IP_PER_MINUTE,
      userPerMinute: p.LECTERN_RATE_LIMIT_USER_PER_MINUTE,
      floodPerMinute: p.LECTERN_RATE_LIMIT_FLOOD_PER_MINUTE,
      networks: parseRateLimitNetworks(p.LECTERN_RATE_LIMIT_NETWORKS),
      attemptCommitsPerMinute: p.LECTERN_RATE_LIMIT_ATTEMPT_COMMITS_PER_MINUTE,
      launchFilesPerMinute: p.LECTERN_RATE_LIMIT_LAUNCH_FILES_PER_MINUTE,
      contentIpPerMinute: p.LECTERN_RATE_LIMIT_CONTENT_IP_PER_MINUTE,
      mailPerMinute: p.LECTERN_RATE_LIMIT_MAIL_PER_MINUTE,
      codeChecksPerMinute: p.LECTERN_RATE_LIMIT_CODE_CHECKS_PER_MINUTE,
      webhooksPerMinute: p.LECTERN_RATE_LIMIT_WEBHOOKS_PER_MINUTE,
    },
    operatorHost: p.LECTERN_OPERATOR_HOST?.toLowerCase(),
    metricsAllow: parseProxyList(p.LECTERN_METRICS_ALLOW),
    metricsToken: p.LECTERN_METRICS_TOKEN,
    metricsEnabled: p.LECTERN_METRICS,
    filesDir: path.resolve(p.LECTERN_FILES_DIR ?? path.join(p.DATA_DIR, 'files')),
    packageMaxBytes: p.LECTERN_PACKAGE_MAX_BYTES,
    jobsEnabled: p.LECTERN_JOBS,
    mail:
      p.LECTERN_SMTP_URL && p.LECTERN_MAIL_FROM
        ? { smtpUrl: p.LECTERN_SMTP_URL, from: p.LECTERN_MAIL_FROM, tlsRejectUnauthorized: p.LECTERN_SMTP_TLS_REJECT_UNAUTHORIZED }
        : undefined,
    storage,
    monitor,
    backup: { everyMs: p.LECTERN_BACKUP_EVERY_HOURS * 60 * 60_000, keepDaily: p.LECTERN_BACKUP_KEEP_DAILY, keepWeekly: p.LECTERN_BACKUP_KEEP_WEEKLY },
    market: {
      stripeApiUrl: p.LECTERN_STRIPE_API_URL ? new URL(p.LECTERN_STRIPE_API_URL) : undefined,
      viesUrl: p.LECTERN_VIES_URL === 'off' ? undefined : (p.LECTERN_VIES_URL ?? VIES_DEFAULT_URL),
    },
    warnings,
  };
}

function parseContentOrigin(value: string | undefined): ContentConfig['origin'] {
  if (!value) return undefined;
  const url = new URL(value.replace('://*.', '://wildcard.'));
  const perSite = value.includes('://*.');
  return {
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    host: perSite ? url.hostname.slice('wildcard.'.length) : url.hostname,
    perSite,
    port: url.port === '' ? undefined : Number(url.port),
  };
}

/** A one-screen description of every setting, for `lectern --help` and the docs. */
export function describeSettings(): string {
  return Object.entries(variables)
    .map(([name, spec]) => `  ${name.padEnd(26)} ${spec.help}${spec.default !== undefined ? ` (default ${spec.default})` : ''}`)
    .join('\n');
}
