import type pg from 'pg';

/**
 * DATABASE_URL with several hosts, as libpq and pg_auto_failover write it:
 * `postgres://user@host1:5432,host2:5433/db?target_session_attrs=read-write&sslmode=require`.
 * node-postgres reads one host only, so the pool is given a Client (multiHostClient) that tries
 * the hosts in turn and keeps the first that fits `target_session_attrs`: after a failover, new
 * connections go to the new primary by themselves.
 */
export interface MultiHostTarget {
  readonly hosts: readonly { host: string; port: number }[];
  /** `read-write`: only a server that is not in recovery will do; `any`: the first that answers. */
  readonly sessionAttrs: 'any' | 'read-write';
  /** Milliseconds to wait for one host before trying the next. */
  readonly connectTimeoutMs: number;
  /** A single-host URL for host `index`, with the user, database and every other parameter kept. */
  urlFor(index: number): string;
}

/** What libpq calls `read-write`, and its synonym since PostgreSQL 14. */
const WRITABLE = new Set(['read-write', 'primary']);
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export class MultiHostUrlError extends Error {}

/** No host of a multi-host URL could be used: the database is unavailable (see unavailable.ts). */
export class NoDatabaseHostError extends Error {}

/** Splits `host:port`, `[ipv6]:port`, `host` (port 5432). */
function hostAndPort(text: string, url: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec(text);
  if (!match) throw new MultiHostUrlError(`DATABASE_URL: cannot read the host "${text}" in ${redacted(url)}`);
  const port = match[2] === undefined ? 5432 : Number(match[2]);
  if (port < 1 || port > 65535) throw new MultiHostUrlError(`DATABASE_URL: port ${match[2]} of "${text}" is out of range`);
  return { host: decodeURIComponent(match[1]!.replace(/^\[|\]$/g, '')), port };
}

/** The URL without its password, for messages. */
function redacted(url: string): string {
  // Up to the last @ before the path, as libpq reads it: a password may hold an @.
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/]*):[^/?#]*@/, '$1:***@');
}

/**
 * The hosts of a multi-host DATABASE_URL, or undefined for a URL with one host (which goes to
 * node-postgres unchanged, exactly as before).
 */
export function parseMultiHostUrl(url: string): MultiHostTarget | undefined {
  // The user information ends at the last @ before the path (libpq's reading): an @ in a password stays out of the hosts.
  const match = /^(postgres(?:ql)?:\/\/)([^/?#]*@)?([^@/?#]*)(.*)$/.exec(url);
  if (!match || !match[3]!.includes(',')) return undefined;
  const [, scheme, userInfo = '', hostList, rest] = match as unknown as [string, string, string | undefined, string, string];
  const hosts = hostList.split(',').map((part) => hostAndPort(part, url));
  const queryStart = rest.indexOf('?');
  const path = queryStart === -1 ? rest : rest.slice(0, queryStart);
  const params = new URLSearchParams(queryStart === -1 ? '' : rest.slice(queryStart + 1));
  const attrs = params.get('target_session_attrs') ?? 'any';
  if (attrs !== 'any' && !WRITABLE.has(attrs)) {
    throw new MultiHostUrlError(`DATABASE_URL: target_session_attrs=${attrs} is not supported; use read-write (the primary) or any`);
  }
  params.delete('target_session_attrs');
  const timeoutSeconds = params.get('connect_timeout');
  if (timeoutSeconds !== null && !/^\d+$/.test(timeoutSeconds)) throw new MultiHostUrlError(`DATABASE_URL: connect_timeout=${timeoutSeconds} is not a number of seconds`);
  params.delete('connect_timeout');
  const query = params.toString();
  return {
    hosts,
    sessionAttrs: attrs === 'any' ? 'any' : 'read-write',
    connectTimeoutMs: timeoutSeconds === null || timeoutSeconds === '0' ? DEFAULT_CONNECT_TIMEOUT_MS : Number(timeoutSeconds) * 1000,
    urlFor(index) {
      const { host, port } = hosts[index]!;
      const hostText = host.includes(':') ? `[${host}]` : encodeURIComponent(host);
      return `${scheme}${userInfo}${hostText}:${port}${path}${query ? `?${query}` : ''}`;
    },
  };
}

/** SQLSTATE read_only_sql_transaction: a write reached a server that is (now) a standby. */
export const READ_ONLY_SQL_TRANSACTION = '25006';

export interface MultiHostClientOptions {
  /** Hears which host new connections go to when it changes (a failover); for the log. */
  onHostChange?: (host: { host: string; port: number }) => void;
}

/**
 * A pg.Client class for pg.Pool's `Client` option. Each new connection first asks the hosts,
 * starting with the one that fitted last, with a short-lived probe connection (`select
 * pg_is_in_recovery()`), then connects itself to the first that fits and checks it once more
 * (a failover may fall in between). A pooled connection that is refused a write because its
 * server was demoted (SQLSTATE 25006) stops taking queries, so the pool discards it on release
 * instead of handing it out again.
 */
export function multiHostClient(Client: typeof pg.Client, target: MultiHostTarget, options: MultiHostClientOptions = {}): typeof pg.Client {
  let preferred = 0;

  async function fits(client: pg.Client): Promise<boolean> {
    if (target.sessionAttrs === 'any') return true;
    const result = await client.query<{ recovery: boolean }>('select pg_is_in_recovery() as recovery');
    return result.rows[0]?.recovery === false;
  }

  /** The index of the first host that fits, the last one that did first; or the reasons each failed. */
  async function findHost(): Promise<number> {
    const order = [preferred, ...target.hosts.keys()].filter((index, position, all) => all.indexOf(index) === position);
    const failures: string[] = [];
    for (const index of order) {
      const probe = new Client({ connectionString: target.urlFor(index), connectionTimeoutMillis: target.connectTimeoutMs });
      probe.on('error', () => {});
      try {
        await probe.connect();
        if (await fits(probe)) return index;
        failures.push(`${describe(index)}: in recovery (a standby)`);
      } catch (error) {
        failures.push(`${describe(index)}: ${(error as Error).message}`);
      } finally {
        await probe.end().catch(() => {});
      }
    }
    throw new NoDatabaseHostError(`no database host accepts ${target.sessionAttrs === 'any' ? 'connections' : 'writes'}: ${failures.join('; ')}`);
  }

  function describe(index: number): string {
    const { host, port } = target.hosts[index]!;
    return `${host}:${port}`;
  }

  return class MultiHostClient extends Client {
    constructor(config?: string | pg.ClientConfig) {
      const base = typeof config === 'object' ? config : {};
      super({ ...base, connectionString: target.urlFor(preferred), connectionTimeoutMillis: target.connectTimeoutMs });
      // node-postgres's pool discards a released client that is not queryable (pg-pool's _release);
      // this is the flag the driver itself sets when its connection fails.
      this.connection.on('errorMessage', (message: { code?: string }) => {
        if (message.code === READ_ONLY_SQL_TRANSACTION) (this as unknown as { _queryable: boolean })._queryable = false;
      });
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: (error: Error | null, client?: pg.Client) => void): void;
    override connect(callback?: (error: Error | null, client?: pg.Client) => void): Promise<pg.Client> | void {
      const connected = this.connectToFittingHost().then(() => this as unknown as pg.Client);
      if (!callback) return connected;
      connected.then((client) => callback(null, client), (error: Error) => callback(error));
    }

    private async connectToFittingHost(): Promise<void> {
      // Until the pool takes the connection, a server that goes away fails the check below;
      // the driver's 'error' event has no other listener yet and would crash the process.
      const ignore = () => {};
      this.on('error', ignore);
      try {
        await this.connectToHost(await findHost());
      } finally {
        this.off('error', ignore);
      }
    }

    private async connectToHost(index: number): Promise<void> {
      const { host, port } = target.hosts[index]!;
      // The driver connects to `host`/`port` (and names `host` for TLS) when connect() runs.
      Object.assign(this, { host, port });
      await super.connect();
      if (!(await fits(this as unknown as pg.Client))) {
        await this.end().catch(() => {});
        throw new NoDatabaseHostError(`database host ${describe(index)} became a standby while connecting`);
      }
      if (index !== preferred) {
        preferred = index;
        options.onHostChange?.({ host, port });
      }
    }
  } as unknown as typeof pg.Client;
}
