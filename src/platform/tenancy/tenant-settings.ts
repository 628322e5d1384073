import { z } from 'zod';
import { AppError } from '../http/errors.js';
import { describedPattern } from '../http/localised-checks.contract.js';
import { zodIssueProblem } from '../http/validation-messages.js';
import { ROLES } from '../identity/identity.contract.js';
import { brandingFields, brandingSection } from '../branding/branding.contract.js';
import { installedSettingsSections, sectionSettingsOf, settingsSectionsVersion } from './settings-sections.js';

/**
 * Settings that keep the site's oversight of the operator's staff: how long the audit trail (with
 * every staff request) is kept, and whether grants need approval. Staff under a grant cannot change them.
 */
/** Retention never removes an audit entry younger than this: verification relies on it (verify-audit-chain.ts). */
export const MIN_AUDIT_RETENTION_DAYS = 30;

export const SITE_ONLY_SETTINGS: Readonly<Record<string, readonly string[]>> = { security: ['staffAccessNeedsApproval', 'auditRetentionDays'] };

/** Whether a settings change touches one of SITE_ONLY_SETTINGS. */
export function touchesSiteOnlySettings(patch: Record<string, unknown>): boolean {
  return Object.entries(SITE_ONLY_SETTINGS).some(([section, keys]) => {
    const changed = patch[section];
    return typeof changed === 'object' && changed !== null && keys.some((key) => key in changed);
  });
}

/** The shortest minimum length a site may choose for passwords. */
export const MIN_PASSWORD_LENGTH = 8;

/**
 * What a tenant administrator may set, with the defaults a new tenant gets. Stored as given
 * (jsonb) and read through settingsOf(), so a default changed here applies to every tenant
 * that never set the value.
 */
const passwordPolicySection = z.object({
      /** default: the published rule (upper-case + digit) at 8+; nist: NIST 800-63B, 15+ and no composition rules. */
      preset: z.enum(['default', 'nist', 'custom']).default('default'),
      /** ASVS V6.2.1: never below 8 (stored values below it, from older releases, are read as 8). */
      minLength: z.number().int().min(MIN_PASSWORD_LENGTH).max(128).default(8),
      requireUppercase: z.boolean().default(true),
      requireLowercase: z.boolean().default(false),
      requireDigit: z.boolean().default(true),
      requireSymbol: z.boolean().default(false),
    });
const sessionSection = z.object({
      idleMinutes: z.number().int().min(5).max(480).default(20),
      absoluteHours: z.number().int().min(1).max(168).default(12),
    });
const securitySection = z.object({
      forceHttps: z.boolean().default(true),
      /** Roles that must sign in with a second factor (set up at their next sign-in); empty: nobody must. */
      requireMfaFor: z.array(z.enum(ROLES)).max(ROLES.length).overwrite((roles) => ROLES.filter((role) => roles.includes(role))).default([]),
      /** How long audit entries are kept (docs/audit.md); older ones are removed from the start of the chain daily. */
      auditRetentionDays: z.number().int().min(MIN_AUDIT_RETENTION_DAYS).max(3650).default(365),
      /** The operator's staff reach the site only after one of its administrators approved their grant. */
      staffAccessNeedsApproval: z.boolean().default(false),
    });
/** Intrusion prevention: failures within a window lead to a ban that grows with repeats. */
const intrusionSection = z.object({
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
    });

/** A domain of e-mail addresses (`example.com`, `mail.example.co.uk`), stored lower-case. */
const emailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    ...describedPattern(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, {
      en: 'must be a domain such as example.com (without @)',
      de: 'muss eine Domain wie example.com sein (ohne @)',
    }),
  );
/** Whether people may create their own account (as learners), and with the addresses of which domains (none named: any). */
const registrationSection = z.object({
  open: z.boolean().default(false),
  allowedDomains: z
    .array(emailDomain)
    .max(50)
    .overwrite((domains) => [...new Set(domains)])
    .default([]),
});

/** The platform's own sections as an administrator changes them; the areas' join them (settings-sections.ts). The logo of `branding` has routes of its own. */
const platformSections = {
  passwordPolicy: passwordPolicySection,
  session: sessionSection,
  security: securitySection,
  intrusion: intrusionSection,
  registration: registrationSection,
  branding: brandingFields,
};
const platformSettingsSchema = z.object({
  locale: z.enum(['de', 'en']).default('en'),
  passwordPolicy: passwordPolicySection.prefault({}),
  session: sessionSection.prefault({}),
  security: securitySection.prefault({}),
  intrusion: intrusionSection.prefault({}),
  registration: registrationSection.prefault({}),
  branding: brandingSection.prefault({}),
});
/** Names the areas' sections may not take. */
export const PLATFORM_SETTINGS_KEYS: readonly string[] = Object.keys(platformSettingsSchema.shape);

/** The same fields, each optional and without its default: a patch must not reset what it does not name. */
function patchOf(section: z.ZodObject) {
  const fields = Object.fromEntries(
    Object.entries(section.shape).map(([key, field]) => [key, (field as unknown as z.ZodDefault<z.ZodType>).unwrap().optional()]),
  );
  return z.strictObject(fields).optional();
}

let built: { version: number; schema: z.ZodObject; patch: z.ZodObject } | undefined;

/** The whole settings object (the platform's sections and the installed areas'), and a patch of it, built once per set of sections. */
function siteSchemas(): { schema: z.ZodObject; patch: z.ZodObject } {
  if (built?.version !== settingsSectionsVersion()) {
    const areas = installedSettingsSections();
    built = {
      version: settingsSectionsVersion(),
      schema: platformSettingsSchema.extend(Object.fromEntries(areas.map((section) => [section.name, section.schema.prefault({})]))),
      // A change by an administrator: any subset of any section; unknown keys are refused.
      patch: z.strictObject({
        locale: z.enum(['de', 'en']).optional(),
        ...Object.fromEntries(Object.entries(platformSections).map(([name, section]) => [name, patchOf(section)])),
        ...Object.fromEntries(areas.map((section) => [section.name, patchOf(section.schema)])),
      }),
    };
  }
  return built;
}

/** Every setting of a site with its default, the areas' sections included (the settings API's answer). */
export function siteSettingsSchema(): z.ZodObject {
  return siteSchemas().schema;
}

/** A change of some settings, as the settings API takes it. */
export function siteSettingsPatch(): z.ZodObject {
  return siteSchemas().patch;
}

/** A change of settings: the platform's sections typed, an area's by its section's name. */
export type TenantSettingsPatch = {
  locale?: 'de' | 'en';
} & { [Section in keyof typeof platformSections]?: Partial<z.output<(typeof platformSections)[Section]>> } & { readonly [section: string]: unknown };

type Section = Record<string, unknown>;
const sectionOf = (value: unknown): Section | undefined => (typeof value === 'object' && value !== null ? (value as Section) : undefined);

/**
 * Stored settings as this release reads them: `security.requireMfaForAdmins: true` (older
 * releases) means `requireMfaFor: ['admin']`, and a custom password length below today's minimum
 * counts as that minimum, so neither an upgrade nor the next change of another setting loosens or
 * refuses what a site chose.
 */
export function upgradeStoredSettings(stored: TenantSettingsInput): TenantSettingsInput {
  const upgraded: Record<string, unknown> = { ...stored };
  const security = sectionOf(upgraded.security);
  if (security && 'requireMfaForAdmins' in security) {
    const { requireMfaForAdmins, ...rest } = security;
    upgraded.security = requireMfaForAdmins === true && rest.requireMfaFor === undefined ? { ...rest, requireMfaFor: ['admin'] } : rest;
  }
  const policy = sectionOf(upgraded.passwordPolicy);
  if (policy && typeof policy.minLength === 'number' && policy.minLength < MIN_PASSWORD_LENGTH) {
    upgraded.passwordPolicy = { ...policy, minLength: MIN_PASSWORD_LENGTH };
  }
  return upgraded as TenantSettingsInput;
}

/** The stored settings with a patch applied (only what was ever set is stored). */
export function applySettingsPatch(stored: TenantSettingsInput, patch: TenantSettingsPatch): TenantSettingsInput {
  const upgraded = upgradeStoredSettings(stored) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...upgraded };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const previous = upgraded[key];
    merged[key] = typeof value === 'object' ? { ...(typeof previous === 'object' ? previous : {}), ...value } : value;
  }
  const checked = siteSettingsSchema().safeParse(merged);
  if (!checked.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      checked.error.issues.map((issue) => zodIssueProblem(issue, merged)),
    );
  }
  return merged as TenantSettingsInput;
}

/** Settings as stored: the platform's sections, and the areas' by name. */
export type TenantSettingsInput = z.input<typeof platformSettingsSchema> & { readonly [section: string]: unknown };
/** The platform's settings with defaults filled in; an area reads its own section with sectionSettingsOf. */
export type ResolvedTenantSettings = z.output<typeof platformSettingsSchema>;

const resolved = new WeakMap<object, ResolvedTenantSettings>();

/** A tenant's settings with every default filled in (parsed once per tenant object). */
export function settingsOf(tenant: { settings: object }): ResolvedTenantSettings {
  let settings = resolved.get(tenant);
  if (!settings) {
    // Stored settings were validated on write; a value made invalid by a later release falls back to defaults.
    const parsed = platformSettingsSchema.safeParse(upgradeStoredSettings(tenant.settings as TenantSettingsInput));
    settings = parsed.success ? parsed.data : platformSettingsSchema.parse({});
    resolved.set(tenant, settings);
  }
  return settings;
}

/** Every setting of a site with its defaults, the areas' sections included (what the settings API shows). */
export function allSettingsOf(tenant: { settings: object }): Record<string, unknown> {
  return { ...settingsOf(tenant), ...Object.fromEntries(installedSettingsSections().map((section) => [section.name, sectionSettingsOf(tenant, section)])) };
}
