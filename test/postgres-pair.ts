import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './process.js';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export type PairMember = 'primary' | 'standby';

/** Extra postgresql.conf lines, or a function of the pair's directory that writes them. */
type Settings = string | ((dir: string) => string);

export interface PostgresPairOptions {
  /** Start of the temporary directory's name (default lectern-pg-pair-). */
  name?: string;
  /** Added to the primary's postgresql.conf (the standby starts from a copy of it, these lines included). */
  primarySettings?: Settings;
  /** Added to the standby's postgresql.conf. */
  standbySettings?: Settings;
  /** A physical replication slot the standby streams from, created on the primary by pg_basebackup. */
  slot?: string;
  /** Folders to create in the pair's directory, writable by the servers (e.g. a WAL archive). */
  folders?: string[];
}

export interface PostgresPair {
  ports: Record<PairMember, number>;
  /** root: the temporary directory (socket, logs, the `folders`); primary and standby: the data directories. */
  dirs: Record<PairMember | 'root', string>;
  /** postgres://<user>@127.0.0.1:<port>/postgres (user postgres unless named). */
  url(which: PairMember, user?: string): string;
  /** Stops one server at once (pg_ctl -m immediate), as a crash or a pulled cable would. */
  stop(which: PairMember): void;
  /** Promotes the standby to a primary and waits until it accepts writes. */
  promote(): void;
  /** Stops what still runs and removes the directory. */
  close(): void;
}

/** The `postgres` OS user when the tests run as root: initdb refuses root. */
const serverUser = process.getuid?.() === 0 ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : undefined;

function pgRun(program: string, args: string[]): void {
  const [command, commandArgs] = serverUser ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, program), ...args]] : [path.join(PG_BIN, program), args];
  execFileSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function serverFolder(folder: string): void {
  mkdirSync(folder, { recursive: true });
  if (serverUser) chownSync(folder, serverUser.uid, serverUser.gid);
}

/**
 * Two throw-away PostgreSQL servers on loopback on free ports: a primary and a streaming standby of
 * it (pg_basebackup -R), in a temporary directory. Trust authentication, no fsync; the standby
 * reports its position every second so lag readings are fresh.
 */
export async function startPostgresPair(options: PostgresPairOptions = {}): Promise<PostgresPair> {
  const ports = { primary: await freePort(), standby: await freePort() };
  const root = mkdtempSync(path.join(os.tmpdir(), options.name ?? 'lectern-pg-pair-'));
  serverFolder(root);
  for (const folder of options.folders ?? []) serverFolder(path.join(root, folder));
  const dirs = { root, primary: path.join(root, 'primary'), standby: path.join(root, 'standby') };
  const logOf = (which: PairMember) => path.join(root, `${which}.log`);

  const configure = (which: PairMember, extra: Settings | undefined) => {
    const lines = typeof extra === 'function' ? extra(root) : (extra ?? '');
    const base = `\nport = ${ports[which]}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${root}'\nfsync = off\nshared_buffers = 16MB\nwal_receiver_status_interval = 1s\n`;
    appendFileSync(path.join(dirs[which], 'postgresql.conf'), `${base}${lines}\n`);
  };
  const start = (which: PairMember) => {
    try {
      pgRun('pg_ctl', ['-D', dirs[which], '-w', '-l', logOf(which), 'start']);
    } catch (error) {
      const log = existsSync(logOf(which)) ? readFileSync(logOf(which), 'utf8') : '';
      throw new Error(`the test ${which} did not start: ${(error as Error).message}\n${log}`, { cause: error });
    }
  };

  const pair: PostgresPair = {
    ports,
    dirs,
    url: (which, user = 'postgres') => `postgres://${user}@127.0.0.1:${ports[which]}/postgres`,
    stop(which) {
      pgRun('pg_ctl', ['-D', dirs[which], '-m', 'immediate', 'stop']);
    },
    promote() {
      pgRun('pg_ctl', ['-D', dirs.standby, '-w', 'promote']);
    },
    close() {
      for (const which of ['standby', 'primary'] as const) {
        try {
          pair.stop(which);
        } catch {
          // not started, or stopped by the test already
        }
      }
      rmSync(root, { recursive: true, force: true });
    },
  };

  try {
    pgRun('initdb', ['-D', dirs.primary, '-U', 'postgres', '--auth=trust', '--no-sync']);
    configure('primary', options.primarySettings);
    start('primary');
    const slot = options.slot ? ['-C', '-S', options.slot] : [];
    pgRun('pg_basebackup', ['-h', '127.0.0.1', '-p', String(ports.primary), '-U', 'postgres', '-D', dirs.standby, '-R', ...slot, '--no-sync']);
    configure('standby', options.standbySettings);
    start('standby');
  } catch (error) {
    pair.close();
    throw error;
  }
  return pair;
}
