import { z } from 'zod';

/**
 * What a tenant administrator may set, with the defaults a new tenant gets. Stored as given
 * (jsonb) and read through settingsOf(), so a default changed here applies to every tenant
 * that never set the value.
 */
export const tenantSettingsSchema = z.object({
  locale: z.enum(['de', 'en']).default('en'),
  passwordPolicy: z
    .object({
      /** default: the published rule (upper-case + digit) at 8+; nist: NIST 800-63B, 15+ and no composition rules. */
      preset: z.enum(['default', 'nist', 'custom']).default('default'),
      minLength: z.number().int().min(6).max(128).default(8),
      requireUppercase: z.boolean().default(true),
      requireLowercase: z.boolean().default(false),
      requireDigit: z.boolean().default(true),
      requireSymbol: z.boolean().default(false),
    })
    .prefault({}),
  session: z
    .object({
      idleMinutes: z.number().int().min(5).max(480).default(20),
      absoluteHours: z.number().int().min(1).max(168).default(12),
    })
    .prefault({}),
  security: z
    .object({
      forceHttps: z.boolean().default(true),
      requireMfaForAdmins: z.boolean().default(false),
    })
    .prefault({}),
  /** Intrusion prevention: failures within a window lead to a ban that grows with repeats. */
  intrusion: z
    .object({
      accountIpMaxFailures: z.number().int().min(3).max(100).default(5),
      accountIpWindowMinutes: z.number().int().min(1).max(1440).default(15),
      ipMaxFailures: z.number().int().min(5).max(1000).default(20),
      ipWindowMinutes: z.number().int().min(1).max(1440).default(10),
      stuffingMaxAccounts: z.number().int().min(3).max(1000).default(10),
      stuffingWindowMinutes: z.number().int().min(1).max(1440).default(10),
      accountMaxFailures: z.number().int().min(20).max(10000).default(100),
      accountWindowMinutes: z.number().int().min(1).max(1440).default(60),
      banMinutes: z.number().int().min(1).max(1440).default(15),
      banGrowthFactor: z.number().min(1).max(10).default(2),
      banMaxMinutes: z.number().int().min(1).max(43200).default(1440),
    })
    .prefault({}),
});

export type TenantSettingsInput = z.input<typeof tenantSettingsSchema>;
export type ResolvedTenantSettings = z.output<typeof tenantSettingsSchema>;

const resolved = new WeakMap<object, ResolvedTenantSettings>();

/** A tenant's settings with every default filled in (parsed once per tenant object). */
export function settingsOf(tenant: { settings: TenantSettingsInput }): ResolvedTenantSettings {
  let settings = resolved.get(tenant);
  if (!settings) {
    // Stored settings were validated on write; a value made invalid by a later release falls back to defaults.
    const parsed = tenantSettingsSchema.safeParse(tenant.settings);
    settings = parsed.success ? parsed.data : tenantSettingsSchema.parse({});
    resolved.set(tenant, settings);
  }
  return settings;
}
