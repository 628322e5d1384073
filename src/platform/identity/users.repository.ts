import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { afterCommit, type Orm } from '../db/client.js';
import { containsPattern } from '../db/like-pattern.js';
import { qualified } from '../db/qualified.js';
import { canonicalRoles, type InvitationState } from './identity.contract.js';
import { users, userTokens, type Role } from './identity.schema.js';
import { forgetSessionsOfUser } from './session-cache.js';

export interface User {
  id: string;
  tenantId: string;
  email: string;
  firstName: string;
  lastName: string;
  roles: Role[];
  status: 'active' | 'deactivated';
  /** A password set by the system or an operator: every route but the password change is refused until the user chooses one. */
  passwordChangeRequired: boolean;
}

export interface UserWithHash extends User {
  passwordHash: string | null;
}

/** The columns of a User, for every query that returns one (joins included). */
export const userColumns = {
  id: users.id,
  tenantId: users.tenantId,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  roles: users.roles,
  status: users.status,
  passwordChangeRequired: users.passwordChangeRequired,
} satisfies Record<keyof User, unknown>; // every field of a User, and nothing else

const userKeys = Object.keys(userColumns) as (keyof User)[];

/**
 * A User as one JSON object, for statements that return users nested in JSON (the batch
 * fragments of sessions.repository); read back with userFromJson().
 */
export function userJsonObject(): SQL {
  return sql`json_build_object(${sql.join(
    userKeys.map((key) => sql`${sql.raw(`'${key}'`)}, ${qualified(userColumns[key])}`),
    sql`, `,
  )})`;
}

/** The User of a userJsonObject(), as parsed JSON; every field of a User must be there. */
export function userFromJson(json: Record<string, unknown>): User {
  const user: Record<string, unknown> = {};
  for (const key of userKeys) {
    if (!(key in json)) throw new Error(`a user read as JSON lacks ${key}`);
    user[key] = json[key];
  }
  return user as unknown as User;
}

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
  // Roles are stored canonical (each once, in a fixed order) whatever the caller passed.
  const [row] = await tx.insert(users).values({ ...input, roles: canonicalRoles(input.roles) }).returning(userColumns);
  if (!row) throw new Error('insert into users returned no row');
  return row;
}

/**
 * Stores a new hash; `keepChangedAt` for a re-hash of the same password with new parameters.
 * A new password is one the user chose (change, reset link, invitation) unless `changeRequired`
 * says an operator set it: the user must then choose their own at the next sign-in.
 */
export async function updatePasswordHash(
  tx: Orm,
  userId: string,
  passwordHash: string,
  options: { keepChangedAt?: boolean; changeRequired?: boolean } = {},
): Promise<void> {
  if (!options.keepChangedAt) afterCommit(tx, () => forgetSessionsOfUser(userId)); // cached session checks carry the flag
  await tx
    .update(users)
    .set(
      options.keepChangedAt
        ? { passwordHash }
        : { passwordHash, passwordChangedAt: sql`now()`, passwordChangeRequired: options.changeRequired === true },
    )
    .where(eq(users.id, userId));
}

/** The user must choose a new password before anything else (a password the system made up for them). */
export async function requirePasswordChange(tx: Orm, userId: string): Promise<void> {
  afterCommit(tx, () => forgetSessionsOfUser(userId));
  await tx.update(users).set({ passwordChangeRequired: true }).where(eq(users.id, userId));
}

export async function findUserById(tx: Orm, id: string): Promise<User | undefined> {
  const rows = await tx.select(userColumns).from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

/** The stored password hash of a user; null when none was set yet (an open invitation). */
export async function findPasswordHashById(tx: Orm, userId: string): Promise<string | null | undefined> {
  const rows = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  return rows[0]?.passwordHash;
}

export async function updateUserStatus(tx: Orm, userId: string, status: User['status']): Promise<User | undefined> {
  afterCommit(tx, () => forgetSessionsOfUser(userId)); // cached session checks carry the user
  const rows = await tx.update(users).set({ status }).where(eq(users.id, userId)).returning(userColumns);
  return rows[0];
}

export async function updateUserEmail(tx: Orm, userId: string, email: string): Promise<void> {
  afterCommit(tx, () => forgetSessionsOfUser(userId)); // cached session checks carry the user
  await tx.update(users).set({ email }).where(eq(users.id, userId));
}

/** Whether the user (of the statement's users row) has an invitation link that matches `condition`. */
function invitationLinkWhere(condition: SQL): SQL {
  return sql`exists (select 1 from ${userTokens} where ${qualified(userTokens.userId)} = ${qualified(users.id)} and ${qualified(userTokens.purpose)} = 'invitation' and ${condition})`;
}

/**
 * The user's invitation state (InvitationState, or null), computed from their password and links:
 * a used invitation link means accepted; without a password, a usable one means pending, and no
 * usable one expired (it ran out, or none was sent or it was revoked: the user needs a new one).
 * Used links are kept, so acceptance stays visible.
 */
const invitationState: SQL<InvitationState | null> = sql<InvitationState | null>`case
  when ${invitationLinkWhere(sql`${userTokens.usedAt} is not null`)} then 'accepted'
  when ${users.passwordHash} is not null then null
  when ${invitationLinkWhere(sql`${userTokens.usedAt} is null and ${userTokens.expiresAt} > now()`)} then 'pending'
  else 'expired'
end`;

export type UserWithInvitation = User & { invitation: InvitationState | null };

/** A user with the state of their invitation, for the administration. */
export async function findUserWithInvitation(tx: Orm, id: string): Promise<UserWithInvitation | undefined> {
  const rows = await tx
    .select({ ...userColumns, invitation: invitationState })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return rows[0];
}

/**
 * The words of a people search: each must appear in the address or one of the names, so that
 * "Anna Schmidt" (or "Schmidt, Anna") finds the person whose first and last name those are.
 */
function searchWords(query: string | undefined): string[] {
  return (query ?? '').split(/[\s,]+/).filter((word) => word !== '').slice(0, 8);
}

export async function listUsers(
  tx: Orm,
  filter: {
    query?: string | undefined;
    role?: Role | undefined;
    status?: User['status'] | undefined;
    invitation?: InvitationState | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ users: UserWithInvitation[]; total: number }> {
  const where = and(
    ...searchWords(filter.query).map((word) => {
      const pattern = containsPattern(word);
      return or(ilike(users.email, pattern), ilike(users.firstName, pattern), ilike(users.lastName, pattern));
    }),
    filter.role ? sql`${filter.role} = any(${users.roles})` : undefined,
    filter.status ? eq(users.status, filter.status) : undefined,
    filter.invitation ? sql`(${invitationState}) = ${filter.invitation}` : undefined,
  );
  const rows = await tx
    .select({ ...userColumns, invitation: invitationState })
    .from(users)
    .where(where)
    .orderBy(asc(users.lastName), asc(users.firstName), asc(users.email))
    .limit(filter.limit)
    .offset(filter.offset);
  const [counted] = await tx.select({ n: count() }).from(users).where(where);
  return { users: rows, total: counted?.n ?? 0 };
}

export async function updateUserRoles(tx: Orm, userId: string, roles: Role[]): Promise<void> {
  afterCommit(tx, () => forgetSessionsOfUser(userId)); // cached session checks carry the user
  await tx.update(users).set({ roles: canonicalRoles(roles) }).where(eq(users.id, userId));
}

/** A user's names and roles as an import sets them (the sessions' cached checks carry the roles). */
export async function updateUserNamesAndRoles(tx: Orm, userId: string, values: { firstName: string; lastName: string; roles: Role[] }): Promise<User> {
  afterCommit(tx, () => forgetSessionsOfUser(userId));
  await tx.update(users).set({ firstName: values.firstName, lastName: values.lastName, roles: canonicalRoles(values.roles) }).where(eq(users.id, userId));
  return (await findUserById(tx, userId))!;
}

/** Records the UI language a user works in: mails sent without a request (Learn notices) use it. */
export async function setUserLanguage(tx: Orm, userId: string, language: 'de' | 'en'): Promise<void> {
  await tx.update(users).set({ language }).where(and(eq(users.id, userId), sql`${users.language} is distinct from ${language}`));
}

/** An administrator's change of a user's names and e-mail address (the sessions' cached checks carry them). */
export async function updateUserProfile(tx: Orm, userId: string, values: { firstName?: string; lastName?: string; email?: string }): Promise<User | undefined> {
  afterCommit(tx, () => forgetSessionsOfUser(userId));
  const rows = await tx.update(users).set(values).where(eq(users.id, userId)).returning(userColumns);
  return rows[0];
}

/** Deletes a user; what is theirs (sessions, tokens, memberships, enrolments and progress) goes with them by the foreign keys. */
export async function deleteUserRow(tx: Orm, userId: string): Promise<void> {
  afterCommit(tx, () => forgetSessionsOfUser(userId));
  await tx.delete(users).where(eq(users.id, userId));
}

/** The users among `ids` that exist in the tenant, with their status. */
export async function findUsersByIds(tx: Orm, ids: string[]): Promise<Map<string, User>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select(userColumns).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r as User]));
}
