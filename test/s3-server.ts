import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/platform/paths.js';

/** s3rver accepts any signature; these are the keys it documents. */
export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3Server {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  port: number;
  /** Kills the server, as a host that goes down (its data stays until close()). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

// s3rver signs its ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its
// legacy provider: the server runs in a process of its own with that provider enabled.
const SERVER_SCRIPT = `
const S3rver = require('s3rver');
const [directory, port, buckets] = process.argv.slice(1);
const server = new S3rver({ address: '127.0.0.1', port: Number(port), directory, silent: true,
  configureBuckets: JSON.parse(buckets).map((name) => ({ name })) });
server.run().then((address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\\n'),
  (error) => { console.error(error); process.exit(1); });
`;

function launch(directory: string, port: number, buckets: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', SERVER_SCRIPT, directory, String(port), JSON.stringify(buckets)], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ child, port: (JSON.parse(line) as { port: number }).port });
    });
    child.on('exit', (code) => reject(new Error(`s3rver exited with ${code}: ${err}`)));
  });
}

/** A real S3-compatible server (s3rver) on loopback, on a free port, with its own directory and buckets. */
export async function startS3Server(buckets: string[]): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), 'lectern-s3-'));
  let running: ChildProcess | undefined;
  const first = await launch(directory, 0, buckets);
  running = first.child;
  const port = first.port;
  const kill = async () => {
    const child = running;
    running = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: kill,
    async restart() {
      if (running) return;
      running = (await launch(directory, port, buckets)).child;
    },
    async close() {
      await kill();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
