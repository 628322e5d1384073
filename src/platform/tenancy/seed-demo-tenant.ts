import { withAdvisoryLock, type Db } from '../db/client.js';
import { hashPasswordInChildProcess } from '../identity/password-hash.js';
import { generatePassword, policyOf } from '../identity/password-policy.js';
import { settingsOf } from './tenant-settings.js';
import { createUser, requireNewPassword } from '../identity/users.service.js';
import { countTenants } from './tenants.repository.js';
import { createTenant } from './tenants.service.js';

export const DEMO_ADMIN_EMAIL = 'admin@localhost.test';

// Any constant works; it only has to be the same on every node that seeds this database.
const SEED_LOCK_KEY = 727_002;

/**
 * On the very first start (no tenant at all) creates the demo tenant answering on localhost
 * and its administrator with a random password, which is returned to be handed over once. The
 * administrator must choose their own password at the first sign-in: a password that was shown
 * on a console or written to a file does not stay in use. Several nodes starting at once seed
 * one after the other under an advisory lock; the later ones find the site and seed nothing.
 */
export async function seedDemoTenant(db: Db): Promise<{ email: string; password: string } | undefined> {
  return withAdvisoryLock(db, SEED_LOCK_KEY, () => seedIfEmpty(db));
}

async function seedIfEmpty(db: Db): Promise<{ email: string; password: string } | undefined> {
  if ((await countTenants(db.owner)) > 0) return undefined;
  const tenant = await createTenant(db, { slug: 'demo', name: 'Demo', hostnames: ['localhost'] });
  const person = { email: DEMO_ADMIN_EMAIL, firstName: 'Demo', lastName: 'Administrator' };
  const password = generatePassword({ policy: policyOf(settingsOf(tenant)), person, site: tenant });
  const admin = await createUser(
    db,
    tenant.id,
    {
      ...person,
      roles: ['admin'],
      password,
    },
    hashPasswordInChildProcess,
  );
  await requireNewPassword(db, tenant.id, admin.id);
  return { email: DEMO_ADMIN_EMAIL, password };
}
