import { readFileSync } from 'node:fs';

/**
 * Settings whose value holds a password may instead name a file with it (`<NAME>_FILE`), the way
 * systemd credentials (`LoadCredential=`, `%d/…`), Docker and Kubernetes secrets hand them over: the
 * password then stays out of the process environment, which every process of the same user and
 * many crash reports can read.
 */
export const SECRET_VARIABLES = ['DATABASE_URL', 'DATABASE_APP_PASSWORD', 'DATABASE_SYSTEM_PASSWORD', 'LECTERN_SMTP_URL', 'LECTERN_S3_ACCESS_KEY_ID', 'LECTERN_S3_SECRET_ACCESS_KEY', 'LECTERN_METRICS_TOKEN'] as const;

export const SECRET_FILE_VARIABLES: readonly string[] = SECRET_VARIABLES.map((name) => `${name}_FILE`);

/** Reads the secret files named in `env`; every problem (unreadable, also set directly) goes to `problems`. */
export function readSecretFiles(env: NodeJS.ProcessEnv, problems: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of SECRET_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) {
      problems.push(`${name}_FILE: ${name} is set too; set only one of them`);
      continue;
    }
    try {
      // One trailing line break is what editors and `echo` add; it is not part of the secret.
      values[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  return values;
}
