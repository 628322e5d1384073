import type { TenantSettings } from '../../shared/api';

type NumberKeys<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T];
type Limits<T> = Record<NumberKeys<T>, { min: number; max: number; step?: number }>;

// The ranges the server accepts, shown next to each field (the server checks them again).
export const SESSION_LIMITS: Limits<TenantSettings['session']> = {
  idleMinutes: { min: 5, max: 480 },
  absoluteHours: { min: 1, max: 168 },
};

/** How long the audit log keeps entries (docs/audit.md). */
export const SECURITY_LIMITS: Limits<TenantSettings['security']> = {
  auditRetentionDays: { min: 30, max: 3650 },
};

export const NOTIFICATION_LIMITS: Limits<TenantSettings['notifications']> = {
  reminderDaysBeforeDue: { min: 1, max: 60 },
};

export const PASSWORD_LIMITS: Limits<TenantSettings['passwordPolicy']> = {
  minLength: { min: 8, max: 128 },
};

export const INTRUSION_LIMITS: Limits<TenantSettings['intrusion']> = {
  accountIpMaxFailures: { min: 3, max: 100 },
  accountIpWindowMinutes: { min: 1, max: 1440 },
  ipMaxFailures: { min: 5, max: 1000 },
  ipWindowMinutes: { min: 1, max: 1440 },
  stuffingMaxAccounts: { min: 3, max: 1000 },
  stuffingWindowMinutes: { min: 1, max: 1440 },
  accountMaxFailures: { min: 20, max: 10000 },
  accountWindowMinutes: { min: 1, max: 1440 },
  banMinutes: { min: 1, max: 1440 },
  banGrowthFactor: { min: 1, max: 10, step: 0.5 },
  banMaxMinutes: { min: 1, max: 43200 },
};

export const INTRUSION_FIELDS = Object.keys(INTRUSION_LIMITS) as NumberKeys<TenantSettings['intrusion']>[];
