import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanUpNow } from './cleanup.js';

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function fmtInt(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

export function fmtMs(value: number, digits = 0): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';
}

export function fmtMb(kb: number | undefined): string {
  return kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(1)} MB`;
}

/**
 * One line on how busy the machine is. Other processes take CPU from the server and the load
 * generator alike; with a load average above the number of cores, figures are low and noisy.
 */
export function machineLoad(): string {
  const cores = os.availableParallelism();
  const [one, five] = os.loadavg();
  const busy = (one ?? 0) > cores ? '  -- busy: other processes compete for the CPU, expect low and noisy figures' : '';
  return `machine: ${cores} cores, load average ${one?.toFixed(2)} (1 min) ${five?.toFixed(2)} (5 min)${busy}`;
}

export function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'FAIL';
}

/** Right-aligned columns after a left-aligned first one. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows
    .map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   '))
    .join('\n');
}

/**
 * A whole-number option from `--name=value` on the command line or BENCH_NAME in the
 * environment, refused outside [min, max] so that no setting makes a run unbounded.
 */
export function intOption(name: string, fallback: number, min: number, max: number): number {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const raw = flag ? flag.slice(name.length + 3) : process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name}=${raw}: expected a whole number from ${min} to ${max}`);
  }
  return value;
}

export interface BenchOutcome {
  name: string;
  /** Whether the figure met its target. */
  pass: boolean;
  /** One line for the summary of run-all. */
  summary: string;
}

/** True when `moduleUrl` is the script node was started with (not imported by run-all). */
export function isEntryPoint(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}

/** Runs one benchmark as a script: exit code 0 on PASS, 1 on FAIL, 2 when it could not measure. */
export function runAsScript(bench: () => Promise<BenchOutcome>): void {
  bench()
    .then((outcome) => {
      cleanUpNow();
      process.exit(outcome.pass ? 0 : 1);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      cleanUpNow();
      process.exit(2);
    });
}
