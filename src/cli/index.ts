import { Command, Option } from 'commander';
import { ZodError } from 'zod';
import { ConfigError, describeSettings, loadConfig } from '../config.js';
import { certCommand } from './cert.js';
import { storageCommand } from './storage.js';
import { auditCommand } from './audit.js';
import { staffCommand } from './staff.js';
import { withDb } from './with-db.js';
import { monitorCommand } from './monitor.js';
import { backupCommand, migrateToPostgresCommand, restoreCommand } from './backup.js';
import { DATA_DIR_IN_USE_EXIT_CODE, DataDirInUseError } from '../platform/db/data-dir-lock.js';
import { AppError, localiseFields } from '../platform/http/errors.js';
import { ROLES, type Role } from '../platform/identity/identity.schema.js';
import { generatePassword, policyOf } from '../platform/identity/password-policy.js';
import { settingsOf } from '../platform/tenancy/tenant-settings.js';
import { createUser, requireNewPassword, resetPassword } from '../platform/identity/users.service.js';
import type { Tenant } from '../platform/tenancy/tenants.repository.js';
import { createTenant, listTenants, requireTenant, setPrimaryHost, setTenantStatus } from '../platform/tenancy/tenants.service.js';
import { startServer } from '../server.js';
import { openSecretBox } from '../platform/secrets/secret-box.js';
import { openBlobStore } from '../platform/storage/open-blob-store.js';
import { TenantDataKeys } from '../platform/storage/tenant-data-keys.js';
import { eraseTenant } from '../platform/tenancy/erase-tenant.js';
import { modules } from '../modules.js';
import { installModules } from '../platform/modules/install-modules.js';
import { version } from '../version.js';
import { createLrsKeyFromCommandLine, LRS_SCOPES, lrsKeysFromCommandLine, revokeLrsKeyFromCommandLine, type LrsScope } from '../lrs/index.js';
import { siteUrlOf } from '../platform/tenancy/site-url.js';


const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A tenant's host names, the primary one first. */
function hostList(t: Tenant): string {
  return [...t.hostnames].sort((a, b) => Number(b === t.primaryHostname) - Number(a === t.primaryHostname)).join(',');
}

const program = new Command('lectern')
  .description('Lectern e-learning platform: server and administration commands.')
  .version(version)
  .addHelpText('after', `\nConfiguration (environment variables, or keys of the JSON file in LECTERN_CONFIG):\n${describeSettings()}\n`);

program
  .command('serve')
  .description('migrate the database and serve the web app and API')
  .action(async () => startServer(loadConfig()));

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    await withDb(async () => console.log('Database is up to date.'));
  });

program.addCommand(certCommand());
program.addCommand(storageCommand());
program.addCommand(monitorCommand());
program.addCommand(auditCommand());
program.addCommand(staffCommand());
program.addCommand(backupCommand());
program.addCommand(restoreCommand());
program.addCommand(migrateToPostgresCommand());

const tenant = program.command('tenant').description('manage tenants (sites)');
tenant
  .command('create')
  .description('create a tenant')
  .requiredOption('--slug <slug>', 'short name, also the subdomain under LECTERN_BASE_DOMAIN')
  .requiredOption('--name <name>', 'display name')
  .option('--host <hostname>', 'a host name (custom domain) that serves this tenant; repeatable; the first is the primary one (links in mails)', collect)
  .action(async (opts: { slug: string; name: string; host?: string[] }) => {
    const created = await withDb((db) => createTenant(db, { slug: opts.slug, name: opts.name, hostnames: opts.host ?? [] }));
    console.log(`Created tenant ${created.slug} (${created.id})${created.hostnames.length ? ` on ${created.hostnames.join(', ')}` : ''}.`);
  });
tenant
  .command('list')
  .description('list tenants')
  .action(async () => {
    const all = await withDb((db) => listTenants(db.owner));
    for (const t of all) console.log(`${t.slug}\t${t.status}\t${t.name}\t${hostList(t)}`);
  });
tenant
  .command('primary-host')
  .description("make one of the tenant's host names the primary one: links in mails point to it")
  .argument('<slug>')
  .argument('<hostname>')
  .action(async (slug: string, hostname: string) => {
    const changed = await withDb((db) => setPrimaryHost(db, slug, hostname));
    console.log(`Links in mails of ${changed.slug} now point to ${changed.primaryHostname ?? hostname}.`);
  });
tenant
  .command('disable')
  .description('disable a tenant: its site answers 403 until enabled again')
  .argument('<slug>')
  .action(async (slug: string) => {
    await withDb((db) => setTenantStatus(db, slug, 'disabled'));
    console.log(`Disabled tenant ${slug}.`);
  });
tenant
  .command('enable')
  .description('enable a disabled tenant')
  .argument('<slug>')
  .action(async (slug: string) => {
    await withDb((db) => setTenantStatus(db, slug, 'active'));
    console.log(`Enabled tenant ${slug}.`);
  });

tenant
  .command('delete')
  .description(
    "delete a tenant for good: its site stops answering, its data key is destroyed (no copy of its files, in any location or backup, opens again), then its files at every location and all its rows are removed; run again to finish an interrupted delete",
  )
  .argument('<slug>')
  .requiredOption('--confirm <slug>', 'the slug once more: nothing can bring the site back')
  .action(async (slug: string, opts: { confirm: string }) => {
    if (opts.confirm !== slug) throw new ConfigError([`--confirm must repeat the slug (${slug}); nothing was deleted`]);
    const config = loadConfig();
    const erased = await withDb(async (db) => {
      const keys = new TenantDataKeys(db, openSecretBox(config));
      const store = await openBlobStore({ db, config, dataKeys: keys });
      try {
        return await eraseTenant({ db, keys, store }, slug);
      } finally {
        await store.close();
      }
    });
    console.log(
      `Deleted tenant ${erased.slug} (${erased.tenantId}): data key ${erased.keyDestroyed ? 'destroyed' : 'none left (never made, or destroyed by an earlier run)'}; ${erased.blobRows} file(s), ${erased.storedObjects} stored copies and all its rows removed.`,
    );
  });

const user = program.command('user').description('manage users of a tenant');
user
  .command('create')
  .description('create a user; prints a generated password unless --password is given; the user chooses their own at the first sign-in')
  .requiredOption('--tenant <slug>', 'tenant slug')
  .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
  .requiredOption('--first-name <name>', 'first name')
  .requiredOption('--last-name <name>', 'last name')
  .addOption(new Option('--role <role>', 'role; repeatable').choices(ROLES).argParser(collect))
  .option('--password <password>', 'initial password (default: a generated one)')
  .action(async (opts: { tenant: string; email: string; firstName: string; lastName: string; role?: Role[]; password?: string }) => {
    const { created, password } = await withDb(async (db) => {
      const t = await requireTenant(db, opts.tenant);
      const person = { email: opts.email, firstName: opts.firstName, lastName: opts.lastName };
      const password = opts.password ?? generatePassword({ policy: policyOf(settingsOf(t)), person, site: t });
      const user = await createUser(db, t.id, { ...person, roles: opts.role ?? ['learner'], password });
      await requireNewPassword(db, t.id, user.id);
      return { created: user, password };
    });
    console.log(`Created user ${created.email} (${created.roles.join(', ')}).`);
    if (!opts.password) console.log(`Password (shown once): ${password}`);
  });
user
  .command('reset-password')
  .description("set a new password and end the user's sessions; prints a generated one unless --password is given; the user chooses their own at the next sign-in")
  .requiredOption('--tenant <slug>', 'tenant slug')
  .requiredOption('--email <email>', 'e-mail address')
  .option('--password <password>', 'the new password (default: a generated one)')
  .action(async (opts: { tenant: string; email: string; password?: string }) => {
    const password = await withDb(async (db) => {
      const t = await requireTenant(db, opts.tenant);
      const password = opts.password ?? generatePassword({ policy: policyOf(settingsOf(t)), person: { email: opts.email }, site: t });
      await resetPassword(db, t.id, opts.email, password);
      return password;
    });
    console.log(`Password of ${opts.email} reset; the user's sessions were ended. They choose a new one at the next sign-in.`);
    if (!opts.password) console.log(`New password (shown once): ${password}`);
  });

const lrsKey = program.command('lrs-key').description("manage a tenant's LRS keys (xAPI clients' HTTP Basic credentials)");
lrsKey
  .command('create')
  .description('make an LRS key; prints the key and its secret (shown once) and the LRS endpoint')
  .requiredOption('--tenant <slug>', 'tenant slug')
  .requiredOption('--name <name>', 'what the key is for (shown in lists and as the authority of its statements)')
  .addOption(new Option('--scope <scope>', 'what the key may do; repeatable (default: statements/write and statements/read/mine)').choices(LRS_SCOPES).argParser(collect))
  .action(async (opts: { tenant: string; name: string; scope?: LrsScope[] }) => {
    const config = loadConfig();
    const { created, endpoint } = await withDb(async (db) => {
      const t = await requireTenant(db, opts.tenant);
      const created = await createLrsKeyFromCommandLine(db, t, { name: opts.name, scopes: opts.scope ?? ['statements/write', 'statements/read/mine'] });
      return { created, endpoint: `${siteUrlOf(t, config)}/xapi/` };
    });
    console.log(`Created LRS key "${created.record.name}" (${created.record.scopes.join(', ')}).`);
    console.log(`Endpoint: ${endpoint}`);
    console.log(`Key:      ${created.record.key}`);
    console.log(`Secret (shown once): ${created.secret}`);
  });
lrsKey
  .command('list')
  .description("list a tenant's LRS keys (without secrets)")
  .requiredOption('--tenant <slug>', 'tenant slug')
  .action(async (opts: { tenant: string }) => {
    const keys = await withDb(async (db) => lrsKeysFromCommandLine(db, await requireTenant(db, opts.tenant)));
    for (const k of keys) {
      const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
      console.log(`${k.key}\t${state}\t${k.scopes.join(',')}\tlast used ${k.lastUsedAt?.toISOString() ?? 'never'}\t${k.name}`);
    }
  });
lrsKey
  .command('revoke')
  .description('revoke an LRS key at once')
  .requiredOption('--tenant <slug>', 'tenant slug')
  .requiredOption('--key <key>', 'the key (lrs_…) or its id')
  .action(async (opts: { tenant: string; key: string }) => {
    const revoked = await withDb(async (db) => revokeLrsKeyFromCommandLine(db, await requireTenant(db, opts.tenant), opts.key));
    console.log(`Revoked LRS key ${revoked.key} ("${revoked.name}").`);
  });

function explain(error: unknown): string | undefined {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof DataDirInUseError) return error.message;
  if (error instanceof AppError) {
    const fields = localiseFields(error.code, error.fields ?? [], 'en').map((f) => `  - ${f.field}: ${f.message}`);
    return [`${error.code}: ${error.message}`, ...fields].join('\n');
  }
  if (error instanceof ZodError) {
    return ['Invalid input:', ...error.issues.map((i) => `  - ${i.path.join('.') || '(value)'}: ${i.message}`)].join('\n');
  }
  return undefined;
}

/** Exit codes (docs/operations.md): 2 a setting is wrong, 3 DATA_DIR is in use by another process, 1 anything else. */
function exitCodeOf(error: unknown): number {
  if (error instanceof ConfigError) return 2;
  if (error instanceof DataDirInUseError) return DATA_DIR_IN_USE_EXIT_CODE;
  return 1;
}

// Every command knows the areas' error codes and listeners, as the server does.
installModules(modules);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const message = explain(error);
  if (!message) throw error;
  console.error(message);
  process.exit(exitCodeOf(error));
}
