import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Every child process and temporary directory a benchmark creates is registered here, so
 * that they are gone when the benchmark ends: normally, by an exception, by Ctrl-C or by
 * its watchdog. (Only a SIGKILL of the benchmark itself can leave servers behind.)
 */
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export function makeTempDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `lectern-bench-${label}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Kills whatever is still running and removes the temporary directories; safe to call twice. */
export function cleanUpNow(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

process.on('exit', cleanUpNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers and removing temporary directories`);
    cleanUpNow();
    process.exit(130);
  });
}

/**
 * Ends the whole benchmark (with its children) if it runs longer than `ms`; returns a
 * function that disarms it. A bound on time in addition to the bounded loops.
 */
export function startWatchdog(ms: number, what: string): () => void {
  const timer = setTimeout(() => {
    console.error(`${what}: still running after ${Math.round(ms / 1000)} s; giving up`);
    cleanUpNow();
    process.exit(3);
  }, ms);
  timer.unref();
  return () => clearTimeout(timer);
}
