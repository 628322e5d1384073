import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/*
 * `lectern backup --from-running`: while the server has the embedded database, no other process
 * may open it, so the command asks the server. It writes a request file into DATA_DIR; the server
 * looks for one every few seconds, takes the snapshot, and writes the outcome beside it. Only
 * processes that may write DATA_DIR can ask, and a server that does not know requests leaves the
 * file unanswered (the command gives up after its timeout) instead of being disturbed.
 */

export const SNAPSHOT_REQUEST_FILE = 'backup-request.json';
export const SNAPSHOT_RESULT_FILE = 'backup-result.json';
export const SNAPSHOT_REQUEST_POLL_MS = 3_000;

const requestSchema = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) });
const resultSchema = z.object({
  request: z.string(),
  ok: z.boolean(),
  snapshot: z.string().optional(),
  sizeBytes: z.number().optional(),
  locations: z.array(z.string()).optional(),
  error: z.string().optional(),
});
export type SnapshotRequestResult = z.infer<typeof resultSchema>;

/** Writes the file whole or not at all (a rename), so the other side never reads half of it. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const draft = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(draft, content, { mode: 0o600 });
  await rename(draft, file);
}

/** A request is a few dozen bytes; anything larger is not one. */
const REQUEST_MAX_BYTES = 1024;

/**
 * The request file's text, read without following a link and without waiting: a link, a FIFO, a
 * device or a large file in its place (whoever could write DATA_DIR) is refused instead of
 * hanging the server's checks or filling its memory.
 */
async function readRequestFile(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`${file} is not a regular file`);
    if (stats.size > REQUEST_MAX_BYTES) throw new Error(`${file} is larger than a request (${stats.size} bytes)`);
    const buffer = Buffer.alloc(REQUEST_MAX_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, REQUEST_MAX_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The server's side: checks for a request every `pollMs` and answers it; returns the stop. */
export function answerSnapshotRequests(
  dataDir: string,
  take: () => Promise<{ id: string; sizeBytes: number; locations: string[] }>,
  log: { info(data: object, message: string): void; error(data: object, message: string): void },
  pollMs = SNAPSHOT_REQUEST_POLL_MS,
): () => Promise<void> {
  const requestFile = path.join(dataDir, SNAPSHOT_REQUEST_FILE);
  let running: Promise<void> | undefined;
  const check = async () => {
    let request: z.infer<typeof requestSchema>;
    try {
      request = requestSchema.parse(JSON.parse(await readRequestFile(requestFile)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      await rm(requestFile, { force: true });
      log.error({ err: error as Error, file: requestFile }, `backup: ${requestFile} was not a snapshot request of lectern backup --from-running and was removed`);
      return;
    }
    await rm(requestFile, { force: true });
    let result: SnapshotRequestResult;
    try {
      const taken = await take();
      result = { request: request.id, ok: true, snapshot: taken.id, sizeBytes: taken.sizeBytes, locations: taken.locations };
      log.info({ snapshot: taken.id }, 'backup: snapshot taken on request (lectern backup --from-running)');
    } catch (error) {
      result = { request: request.id, ok: false, error: (error as Error).message };
      log.error({ err: error as Error }, 'backup: the requested snapshot failed');
    }
    await writeAtomically(path.join(dataDir, SNAPSHOT_RESULT_FILE), `${JSON.stringify(result)}\n`);
  };
  const timer = setInterval(() => {
    if (running) return;
    running = check()
      .catch((error: unknown) => log.error({ err: error as Error }, 'backup: snapshot requests could not be checked'))
      .finally(() => (running = undefined));
  }, pollMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** The command's side: asks the running server for a snapshot and waits for its answer. */
export async function requestSnapshot(dataDir: string, timeoutMs: number): Promise<SnapshotRequestResult> {
  const id = randomBytes(8).toString('hex');
  const resultFile = path.join(dataDir, SNAPSHOT_RESULT_FILE);
  await writeAtomically(path.join(dataDir, SNAPSHOT_REQUEST_FILE), `${JSON.stringify({ id })}\n`);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    let result: SnapshotRequestResult;
    try {
      result = resultSchema.parse(JSON.parse(await readFile(resultFile, 'utf8')));
    } catch {
      continue; // not answered yet
    }
    if (result.request !== id) continue; // the answer to an earlier request
    await rm(resultFile, { force: true });
    return result;
  }
  await rm(path.join(dataDir, SNAPSHOT_REQUEST_FILE), { force: true });
  throw new Error(`the server did not answer within ${Math.round(timeoutMs / 1000)} s (is it this version of Lectern? see its log); the request was withdrawn`);
}
