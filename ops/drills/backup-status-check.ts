// The restore drill's look at postgresBackupStatus(): prints it and checks what the drill expects
// at that step. Usage: DATABASE_URL=... PGBACKREST_CONFIG=... tsx backup-status-check.ts <healthy|standby-behind|repo2-unreachable>
import { openDatabase } from '../../src/platform/db/client.js';
import { postgresBackupStatus, type PostgresBackupStatus } from '../../src/platform/backup/postgres-backup-status.js';

const expectations: Record<string, (s: PostgresBackupStatus) => string[]> = {
  healthy: (s) => [
    ...s.repositories.filter((r) => !r.ok).map((r) => `${r.repo} is not ok: ${r.error}`),
    ...(s.latestBackup ? [] : ['no backup listed']),
    ...(s.archive.failed ? ['archiving failed'] : []),
    ...(s.standbys.some((b) => b.state === 'streaming' && b.ssl) ? [] : ['no standby streaming over TLS']),
  ],
  'standby-behind': (s) => (s.standbys.some((b) => b.lagBytes > 0) ? [] : ['no standby shows a lag']),
  'repo2-unreachable': (s) => [
    ...(s.repositories.find((r) => r.repo === 'repo2')?.ok === false ? [] : ['repo2 is not reported unreachable']),
    ...(s.repositories.find((r) => r.repo === 'repo1')?.ok === true ? [] : ['repo1 is not reported ok']),
    ...(s.archive.failed ? [] : ['archiving is not reported failing']),
  ],
};

const expectation = process.argv[2] ?? '';
const check = expectations[expectation];
if (!check) {
  console.error(`usage: backup-status-check.ts <${Object.keys(expectations).join('|')}>`);
  process.exit(2);
}
const db = await openDatabase({ kind: 'postgres', url: process.env.DATABASE_URL ?? '', poolSize: 2 });
try {
  const status = await postgresBackupStatus(db, {
    stanza: process.env.STANZA,
    pgbackrestConfig: process.env.PGBACKREST_CONFIG,
    ioTimeoutSeconds: Number(process.env.PGBACKREST_IO_TIMEOUT) || undefined,
  });
  console.log(JSON.stringify(status, null, 2).replace(/^/gm, '    '));
  const problems = check(status);
  if (problems.length > 0) {
    console.error(`backup status (${expectation}): ${problems.join('; ')}`);
    process.exitCode = 1;
  } else console.log(`  backup status shows: ${expectation}`);
} finally {
  await db.close();
}
