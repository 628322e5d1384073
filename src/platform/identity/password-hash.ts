import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import argon2 from 'argon2';

/**
 * At most this many hashes run at once, leaving one core to the event loop: a burst of
 * sign-ins then waits its turn instead of starving every other request of CPU.
 */
const MAX_CONCURRENT_HASHES = Math.max(1, availableParallelism() - 1);
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  // A finishing hash hands its slot straight to the next waiter, so the limit holds exactly.
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). Hashing runs on
 * libuv's thread pool, off the event loop.
 */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return limited(() => argon2.hash(password.normalize('NFKC'), HASH_OPTIONS));
}

/**
 * The same hash, made in a short-lived child process: for one-off hashing while the server
 * starts (the demo administrator), so the server does not keep argon2's 19 MiB of working
 * memory from it for its whole life (glibc holds freed memory in the hashing thread's arena).
 * The password travels on stdin, never on the command line.
 */
export function hashPasswordInChildProcess(password: string): Promise<string> {
  const script = `const argon2 = (await import(${JSON.stringify(import.meta.resolve('argon2'))})).default;
let input = '';
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(await argon2.hash(input, ${JSON.stringify(HASH_OPTIONS)}));`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', script], (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    });
    child.stdin?.end(password.normalize('NFKC'));
  });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await limited(() => argon2.verify(hash, password.normalize('NFKC')));
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with other parameters than today's (it is replaced at the next sign-in). */
export function hashIsOutdated(hash: string): boolean {
  try {
    return !hash.startsWith('$argon2id$') || argon2.needsRehash(hash, HASH_OPTIONS);
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check, so a sign-in for an unknown account cannot be told
 * apart from a wrong password by its answer time.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy-password-never-matches');
  await verifyPassword(await dummyHash, password);
  return false;
}
