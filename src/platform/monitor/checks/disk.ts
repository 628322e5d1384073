import { statfs as fsStatfs } from 'node:fs/promises';
import { errorMessage, type CheckResult } from '../check.js';

/** The part of fs.statfs the check reads (injectable, so a test can show a full disk). */
export type Statfs = (path: string) => Promise<{ bsize: number; blocks: number; bavail: number }>;

/** Free space (for unprivileged writers: `bavail`) of each directory, one component per distinct path. */
export async function checkDisks(paths: readonly string[], statfs: Statfs = fsStatfs): Promise<CheckResult[]> {
  return Promise.all(
    [...new Set(paths)].map(async (path): Promise<CheckResult> => {
      const component = `disk:${path}`;
      try {
        const stats = await statfs(path);
        const total = stats.blocks * stats.bsize;
        const free = stats.bavail * stats.bsize;
        const percent = total > 0 ? Math.round((free / total) * 1000) / 10 : 0;
        const gib = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);
        return { component, status: 'ok', values: { free_percent: percent, free_bytes: free, total_bytes: total }, message: `${gib(free)} GiB of ${gib(total)} GiB free` };
      } catch (error) {
        return { component, status: 'unknown', values: {}, message: `cannot read: ${errorMessage(error)}` };
      }
    }),
  );
}
