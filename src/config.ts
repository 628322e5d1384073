import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The whole configuration, parsed once at start-up. Every setting comes from an
 * environment variable or, with lower precedence, from the JSON file named by
 * LECTERN_CONFIG (keys are the variable names). Anything unknown or invalid stops
 * start-up with a message naming the variable and what is allowed.
 */
const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const bytes = z.coerce.number().int().min(1024).max(1024 * 1024 * 1024);

const variables = {
  PORT: { schema: port, default: '3000', help: 'TCP port of the HTTP listener (1-65535)' },
  HOST: { schema: z.string().min(1), default: '0.0.0.0', help: 'address to listen on' },
  NODE_ENV: {
    schema: z.enum(['production', 'development', 'test']),
    default: 'development',
    help: 'one of production, development, test',
  },
  DATA_DIR: { schema: z.string().min(1), default: './data', help: 'directory of the embedded database' },
  DATABASE_URL: {
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    default: undefined,
    help: 'PostgreSQL connection URL; when set, PostgreSQL is used instead of the embedded database',
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
    schema: z.string().optional(),
    default: undefined,
    help: 'comma-separated addresses/CIDRs of reverse proxies whose X-Forwarded-* headers are trusted',
  },
  LECTERN_SEED_DEMO: {
    schema: bool,
    default: 'true',
    help: 'true or false: create the demo tenant and its first administrator when no tenant exists',
  },
  LECTERN_SHUTDOWN_GRACE_MS: {
    schema: z.coerce.number().int().min(0).max(600_000),
    default: '10000',
    help: 'milliseconds in-flight requests get to finish on SIGTERM (0 .. 600000)',
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
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  logLevel: Parsed['LOG_LEVEL'];
  baseDomain: string | undefined;
  bodyLimit: number;
  trustProxy: string[];
  seedDemo: boolean;
  shutdownGraceMs: number;
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
    if (key.startsWith('LECTERN_') && !(key in variables)) {
      problems.push(`${key}: unknown setting; allowed: ${allowedNames()}`);
    }
  }
  const fromFile = env.LECTERN_CONFIG ? readConfigFile(env.LECTERN_CONFIG, problems) : {};

  const parsed: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(variables) as [VariableName, Variables[VariableName]][]) {
    const given = env[name] !== undefined && env[name] !== '' ? env[name] : fromFile[name];
    const raw = given ?? spec.default;
    const result = spec.schema.safeParse(raw);
    if (result.success) parsed[name] = result.data;
    else problems.push(`${name}=${JSON.stringify(raw)}: ${result.error.issues[0]?.message ?? 'invalid'}; expected ${spec.help}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const p = parsed as Parsed;

  return {
    port: p.PORT,
    host: p.HOST,
    env: p.NODE_ENV,
    database: p.DATABASE_URL
      ? { kind: 'postgres', url: p.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.resolve(p.DATA_DIR) },
    logLevel: p.LOG_LEVEL,
    baseDomain: p.LECTERN_BASE_DOMAIN,
    bodyLimit: p.LECTERN_BODY_LIMIT,
    trustProxy: p.LECTERN_TRUST_PROXY ? p.LECTERN_TRUST_PROXY.split(',').map((s) => s.trim()).filter(Boolean) : [],
    seedDemo: p.LECTERN_SEED_DEMO,
    shutdownGraceMs: p.LECTERN_SHUTDOWN_GRACE_MS,
  };
}

/** A one-screen description of every setting, for `lectern --help` and the docs. */
export function describeSettings(): string {
  return Object.entries(variables)
    .map(([name, spec]) => `  ${name.padEnd(26)} ${spec.help}${spec.default !== undefined ? ` (default ${spec.default})` : ''}`)
    .join('\n');
}
