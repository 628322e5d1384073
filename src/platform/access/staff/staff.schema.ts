import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../db/tenant-column.js';

/**
 * The operators of a deployment. A platform table: no tenant owns a staff member, and the
 * application role may read but not write it (the CLI and the operator console write as owner).
 * Staff have no standing access to any tenant: see staffGrants.
 */
export const staffMembers = pgTable(
  'staff_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    /** Base32 TOTP secret, sealed with the deployment's secret box; mandatory before any grant is used. */
    mfaSecret: text('mfa_secret'),
    mfaEnabledAt: timestamp('mfa_enabled_at', { withTimezone: true }),
    mfaLastStep: bigint('mfa_last_step', { mode: 'number' }),
    status: text('status', { enum: ['active', 'deactivated'] }).notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('staff_members_email_key').on(sql`lower(${t.email})`)],
);

/** Sessions of the operator console (its own host); the cookie holds a random id, the table its SHA-256. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffMembers.id, { onDelete: 'cascade' }),
    /** Set once the second factor was given; a session without it reaches only the MFA step. */
    mfaVerifiedAt: timestamp('mfa_verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

/**
 * A just-in-time grant: one staff member, one tenant, one scope, for a reason and a ticket, until
 * it expires or is revoked. Tenant-owned (row-level security) so the tenant's admins see and approve
 * their grants; the application role may only record an approval or a revocation (column grants in
 * the migration), never create one.
 */
export const staffGrants = pgTable(
  'staff_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffMembers.id, { onDelete: 'cascade' }),
    scope: text('scope', { enum: ['support_read', 'admin'] }).notNull(),
    reason: text('reason').notNull(),
    ticket: text('ticket').notNull(),
    /** How long the grant runs once it starts (approval may come later than the request). */
    durationMinutes: bigint('duration_minutes', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['pending_approval', 'active', 'rejected', 'revoked', 'expired'] }).notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when the grant starts: at once, or when the tenant's admin approves. */
    startsAt: timestamp('starts_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    decidedByUserId: uuid('decided_by_user_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** 'staff:<id>', 'user:<id>' or 'system' (deactivation, access review). */
    revokedBy: text('revoked_by'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('staff_grants_tenant_status_idx').on(t.tenantId, t.status), index('staff_grants_staff_idx').on(t.staffId)],
);

/**
 * A staff member's session on one tenant's site, bound to one grant: it ends with the grant
 * (revocation and expiry mark it ended, and every request checks the grant). An ended session
 * stays a while so that a request still made with it is refused *and* audited under its staff
 * member and grant. Tenant-owned, read by the tenant's session guard like a user session.
 */
export const staffTenantSessions = pgTable(
  'staff_tenant_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    tenantId: tenantIdColumn(),
    grantId: uuid('grant_id')
      .notNull()
      .references(() => staffGrants.id, { onDelete: 'cascade' }),
    staffId: uuid('staff_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Set when the grant ended (revoked, expired): the session is refused from then on. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('staff_tenant_sessions_grant_idx').on(t.grantId)],
);
