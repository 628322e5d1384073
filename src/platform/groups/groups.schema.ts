import { foreignKey, index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../db/tenant-column.js';
import { users } from '../identity/identity.schema.js';

/** Departments and groups; a group may sit inside another (nested departments). Tenant-owned (RLS). */
export const groups = pgTable(
  'groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text('name').notNull(),
    parentId: uuid('parent_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('groups_tenant_id_id_key').on(t.tenantId, t.id),
    index('groups_parent_idx').on(t.parentId),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }).onDelete('cascade'),
  ],
);

export const groupMembers = pgTable(
  'group_members',
  {
    tenantId: tenantIdColumn(),
    groupId: uuid('group_id').notNull(),
    userId: uuid('user_id').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.userId] }),
    index('group_members_user_idx').on(t.userId),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
);

/**
 * The managers who lead a group: they follow the progress of its members (and of its
 * sub-groups' members) in the team view and their reports. Tenant-owned (RLS).
 */
export const groupManagers = pgTable(
  'group_managers',
  {
    tenantId: tenantIdColumn(),
    groupId: uuid('group_id').notNull(),
    userId: uuid('user_id').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.userId] }),
    index('group_managers_user_idx').on(t.userId),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
);
