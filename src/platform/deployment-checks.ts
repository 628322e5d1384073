import { statSync } from 'node:fs';
import { isIP } from 'node:net';

/** sslmode values with which the PostgreSQL client checks the server's certificate. */
const VERIFYING_SSL_MODES = new Set(['verify-full', 'verify-ca']);

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}

/** The query parameters of a connection URL. */
function queryOf(url: string): URLSearchParams {
  const at = url.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : url.slice(at + 1));
}

/**
 * The host names of a connection URL, without ports: `host=` in the query wins, as in libpq.
 * Read by hand: `postgres://user@/db` (no host: the Unix socket) is no URL that URL() accepts.
 */
function hostsOf(url: string): string[] {
  const fromQuery = queryOf(url).get('host');
  const authority = /^[a-z]+:\/\/(?:[^@/?]*@)?([^/?]*)/i.exec(url)?.[1] ?? '';
  const list = fromQuery ?? decodeURIComponent(authority);
  return list.split(',').map((entry) => {
    if (entry.startsWith('[')) return entry.slice(0, entry.indexOf(']') + 1); // [::1]:5432
    return fromQuery === null ? entry.split(':')[0]! : entry; // host:port in the address; host= names hosts only
  });
}

/**
 * Whether a PostgreSQL connection URL reaches a server over the network: not a Unix socket (a
 * host starting with `/`, or none at all) and not a loopback address.
 */
export function databaseOnAnotherMachine(url: string): boolean {
  return hostsOf(url).some((host) => host !== '' && !host.startsWith('/') && !isLoopback(host));
}

/** Whether the connection checks the server's certificate: `sslmode=verify-full` (or verify-ca) in the URL, else in PGSSLMODE. */
export function databaseServerVerified(url: string, pgSslMode: string | undefined): boolean {
  return VERIFYING_SSL_MODES.has(queryOf(url).get('sslmode') ?? pgSslMode ?? '');
}

/** A file or directory with secrets, and which setting names it. */
export interface SecretPath {
  path: string;
  setting: string;
}

/**
 * The warnings for those of `paths` that the group or others may read, write or enter (mode bits
 * 0o077): TLS private keys, the settings file (database and SMTP passwords), the data directory.
 * Paths that do not exist are skipped (their own checks report them).
 */
export function exposedSecretWarnings(paths: readonly SecretPath[]): string[] {
  const warnings: string[] = [];
  for (const { path, setting } of paths) {
    let mode: number;
    try {
      mode = statSync(path).mode & 0o777;
    } catch {
      continue;
    }
    if ((mode & 0o077) === 0) continue;
    warnings.push(
      `${setting}: ${path} has mode ${mode.toString(8).padStart(3, '0')}; it holds secrets and should be readable and writable only by the user Lectern runs as (chmod ${mode & 0o100 ? '700' : '600'} ${path})`,
    );
  }
  return warnings;
}
