import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { trackChild } from './cleanup.js';

const OUTPUT_TAIL_CHARS = 64 * 1024;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** Shown in messages. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /**
   * 'capture' keeps the last 64 KB of stdout (to find a line in it, or to show on failure);
   * 'ignore' sends stdout to /dev/null, so that a chatty server does not make this process,
   * the load generator, spend CPU on reading its log.
   */
  stdout: 'capture' | 'ignore';
}

/** A child process: its output tail, its exit, and a graceful stop. */
export class Child {
  readonly process: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<ChildExit>;
  private stdoutTail = '';
  private stderrTail = '';
  private exit: ChildExit | undefined;

  constructor(readonly options: SpawnOptions) {
    this.process = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', options.stdout === 'capture' ? 'pipe' : 'ignore', 'pipe'],
    });
    trackChild(this.process);
    if (this.process.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
    this.pid = this.process.pid;
    this.process.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdoutTail = (this.stdoutTail + chunk).slice(-OUTPUT_TAIL_CHARS);
    });
    this.process.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-OUTPUT_TAIL_CHARS);
    });
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get hasExited(): ChildExit | undefined {
    return this.exit;
  }

  get stdout(): string {
    return this.stdoutTail;
  }

  /** The end of stdout and stderr, for an error message. */
  describeOutput(): string {
    const parts = [];
    if (this.stdoutTail.trim()) parts.push(`--- stdout of ${this.options.name} (end) ---\n${this.stdoutTail.slice(-4000)}`);
    if (this.stderrTail.trim()) parts.push(`--- stderr of ${this.options.name} (end) ---\n${this.stderrTail.slice(-4000)}`);
    return parts.join('\n') || `(${this.options.name} printed nothing)`;
  }

  /** Waits until stdout matches `pattern` and returns the match; fails on exit or after `timeoutMs`. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdoutTail.match(pattern);
      if (match) return match;
      if (this.exit) throw new Error(`${this.options.name} exited (${describeExit(this.exit)}) before printing ${pattern}\n${this.describeOutput()}`);
      if (Date.now() > deadline) throw new Error(`${this.options.name} did not print ${pattern} within ${timeoutMs} ms\n${this.describeOutput()}`);
      await sleep(20);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 15_000): Promise<ChildExit> {
    if (this.exit) return this.exit;
    this.process.kill('SIGTERM');
    const killer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(killer);
    }
  }
}

export function describeExit(exit: ChildExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Fields of /proc/<pid>/status in kB, e.g. VmRSS, VmHWM, RssAnon, RssFile. */
export function procStatusKb(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const match = /^(\w+):\s+(\d+) kB$/.exec(line);
    if (match?.[1] && match[2]) out[match[1]] = Number(match[2]);
  }
  return out;
}

let clockTicks: number | undefined;

/** CPU time (user + system, all threads) the process has used so far, in milliseconds. */
export function cpuTimeMs(pid: number): number {
  clockTicks ??= readClockTicks();
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name in parentheses may contain spaces; the fields after it are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicks;
}

function readClockTicks(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}
