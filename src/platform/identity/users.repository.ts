import { eq, sql } from 'drizzle-orm';
import type { Orm } from '../db/client.js';
import { users, type Role } from './identity.schema.js';

export interface User {
  id: string;
  tenantId: string;
  email: string;
  firstName: string;
  lastName: string;
  roles: Role[];
  status: 'active' | 'deactivated';
}

export interface UserWithHash extends User {
  passwordHash: string | null;
}

const userColumns = {
  id: users.id,
  tenantId: users.tenantId,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  roles: users.roles,
  status: users.status,
};

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export async function findUserByEmail(tx: Orm, email: string): Promise<UserWithHash | undefined> {
  const rows = await tx
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return rows[0];
}

export async function insertUser(
  tx: Orm,
  input: { email: string; firstName: string; lastName: string; roles: Role[]; passwordHash: string | null },
): Promise<User> {
  const [row] = await tx.insert(users).values(input).returning(userColumns);
  if (!row) throw new Error('insert into users returned no row');
  return row;
}

export async function updatePasswordHash(tx: Orm, userId: string, passwordHash: string): Promise<void> {
  await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function findUserById(tx: Orm, id: string): Promise<User | undefined> {
  const rows = await tx.select(userColumns).from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}
