import { Command } from 'commander';
import { withDb } from './with-db.js';
import { AppError } from '../platform/http/errors.js';
import { addStaffMember, deactivateStaffMember, reactivateStaffMember, requireStaffByEmail, resetStaffMfa, resetStaffPassword } from '../platform/access/staff/staff-accounts.js';
import { listGrantsOfStaff } from '../platform/access/staff/staff-grants.repository.js';
import { listStaffMembers } from '../platform/access/staff/staff-members.repository.js';
import { requestGrant, revokeOwnGrant } from '../platform/access/staff/staff-grants.service.js';

/** Runs a staff command; a refusal (unknown e-mail, bad input) is one line on stderr and exit code 1. */
async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const fields = (error.fields ?? []).map((f) => ('message' in f ? f.message.en : f.field)).join('; ');
    console.error(`${error.code}: ${error.message}${fields ? ` (${fields})` : ''}`);
    process.exitCode = 1;
  }
}

/** `lectern staff`: the deployment's operators (docs/staff-access.md). Staff have no standing access to any site. */
export function staffCommand(): Command {
  const staff = new Command('staff').description('platform staff: accounts and just-in-time access grants (docs/staff-access.md)');
  staff
    .command('add')
    .description('add a staff member; prints an initial password once (the second factor is set up at the first console sign-in)')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .action((opts: { email: string; name: string }) =>
      run(async () => {
        const { member, password } = await withDb((db) => addStaffMember(db, opts));
        console.log(`Added ${member.email} (${member.id}). Initial password, shown once: ${password}`);
      }),
    );
  staff
    .command('list')
    .description('list staff members')
    .action(() =>
      run(async () => {
        for (const m of await withDb((db) => listStaffMembers(db.owner))) {
          console.log(`${m.email}\t${m.name}\t${m.status}\tsecond factor: ${m.mfaEnabledAt ? 'yes' : 'not set up'}\tlast sign-in: ${m.lastSignInAt?.toISOString() ?? 'never'}`);
        }
      }),
    );
  staff
    .command('deactivate <email>')
    .description('deactivate at once: console sessions end, every grant in every site is revoked with its sessions')
    .action((email: string) =>
      run(async () => {
        const ended = await withDb((db) => deactivateStaffMember(db, email));
        console.log(`Deactivated ${email}; ${ended} open ${ended === 1 ? 'grant' : 'grants'} revoked.`);
      }),
    );
  staff
    .command('reactivate <email>')
    .description('allow a deactivated staff member to sign in again (no grant comes back)')
    .action((email: string) => run(() => withDb((db) => reactivateStaffMember(db, email))));
  staff
    .command('reset-password <email>')
    .description('set a new initial password (printed once); console sessions end')
    .action((email: string) =>
      run(async () => {
        const password = await withDb((db) => resetStaffPassword(db, email));
        console.log(`New initial password for ${email}, shown once: ${password}`);
      }),
    );
  staff
    .command('reset-mfa <email>')
    .description('a lost authenticator: the second factor is set up again at the next sign-in; console sessions end')
    .action((email: string) => run(() => withDb((db) => resetStaffMfa(db, email))));
  staff
    .command('grants <email>')
    .description("a staff member's grants of every site, newest first")
    .action((email: string) =>
      run(async () => {
        const grants = await withDb(async (db) => listGrantsOfStaff(db.owner, (await requireStaffByEmail(db, email)).id));
        for (const g of grants) {
          console.log(`${g.id}\t${g.tenantSlug}\t${g.scope}\t${g.status}\tuntil ${g.expiresAt?.toISOString() ?? '-'}\t${g.ticket}\t${g.reason}`);
        }
      }),
    );
  staff
    .command('grant')
    .description('grant a staff member access to one site (starts at once, or waits for the site when it requires approval)')
    .requiredOption('--email <email>', 'the staff member')
    .requiredOption('--tenant <slug>', 'the site')
    .requiredOption('--scope <scope>', 'support_read or admin')
    .requiredOption('--reason <text>', 'why (at least 10 characters)')
    .requiredOption('--ticket <ref>', 'the ticket reference')
    .option('--hours <n>', 'how long (1-72)', '4')
    .action((opts: { email: string; tenant: string; scope: string; reason: string; ticket: string; hours: string }) =>
      run(async () => {
        const grant = await withDb(async (db) =>
          requestGrant(
            db,
            await requireStaffByEmail(db, opts.email),
            { tenantSlug: opts.tenant, scope: opts.scope as 'admin', reason: opts.reason, ticket: opts.ticket, hours: Number(opts.hours) },
            { ip: 'cli' },
          ),
        );
        console.log(`Grant ${grant.id}: ${grant.status}${grant.expiresAt ? ` until ${grant.expiresAt.toISOString()}` : ' (waiting for the site’s approval)'}`);
      }),
    );
  staff
    .command('revoke <email> <grantId>')
    .description("revoke a staff member's grant: their sessions on the site end at once")
    .action((email: string, grantId: string) =>
      run(() => withDb(async (db) => revokeOwnGrant(db, await requireStaffByEmail(db, email), grantId, { ip: 'cli' }))),
    );
  return staff;
}
