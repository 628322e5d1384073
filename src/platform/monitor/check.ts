/** What one check found about one component. */
export type ComponentStatus = 'ok' | 'warning' | 'critical' | 'unknown';

export interface CheckResult {
  /** Stable id of what was checked: `database`, `standby:<name>`, `storage:<location>`, `smtp`, `jobs`, `disk:<path>`, `certificate:<which>`, `backup`. */
  component: string;
  /** The check's own verdict, for the status page; alerts come from the rules, which read `values`. */
  status: ComponentStatus;
  /** Measured values by name (the rules' `metric`); a value the check could not measure is left out. */
  values: Record<string, number>;
  /** One line for a person. */
  message: string;
  /** What the check keeps for its next run (stored with the result). */
  memo?: Record<string, unknown>;
}

/** One check: the components it covers, each with its result. `previous` is each component's last stored memo. */
export type Check = (previous: ReadonlyMap<string, Record<string, unknown> | null>) => Promise<CheckResult[]>;

/** The worse of two statuses (unknown counts between ok and warning). */
export function worse(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  const rank: Record<ComponentStatus, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };
  return rank[a] >= rank[b] ? a : b;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** Rejects after `ms` with a message naming what took too long, so one hanging peer does not stall the run. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
