import type pg from 'pg';
import { multiHostClient, parseMultiHostUrl } from './multi-host.js';

/**
 * Where a pool's connections go: a single-host DATABASE_URL goes to `Client` as it is; a
 * multi-host one (a pg_auto_failover formation, docs/failover.md) gets a Client that finds the
 * host that fits `target_session_attrs` for every new connection.
 */
export function poolTarget(Client: typeof pg.Client, url: string): pg.PoolConfig {
  const target = parseMultiHostUrl(url);
  if (!target) return { connectionString: url, Client };
  return {
    Client: multiHostClient(Client, target, {
      // A failover shows in the log as the host new connections now go to (pino's info level).
      onHostChange: ({ host, port }) =>
        console.error(JSON.stringify({ level: 30, time: Date.now(), msg: 'database connections now go to another host', host, port })),
    }),
  };
}

/**
 * The connection URL with another user and password (single- or multi-host: the user information
 * is what stands between the scheme and the first `@` before the hosts).
 */
export function withLogin(url: string, user: string, password: string): string {
  const match = /^(postgres(?:ql)?:\/\/)(?:[^/?#]*@)?/i.exec(url);
  if (!match) throw new Error('withLogin: not a postgres:// URL');
  return `${match[1]}${encodeURIComponent(user)}:${encodeURIComponent(password)}@${url.slice(match[0].length)}`;
}
