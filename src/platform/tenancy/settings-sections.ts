import type { z } from 'zod';
import { AppError, isErrorCode } from '../http/errors.js';

/** What a section's own check may ask of the site a change is made for. */
export interface SettingsSite {
  /** Whether a host name is one of the site's own (its host names, the one the request used) or its course content's. */
  isOwnHost(hostname: string): boolean;
}

/** A value a section refuses for a reason its schema cannot see (the site's own host names): the code, the field within the section, the value. */
export interface SectionRefusal {
  /** A catalogued code (an area's: the platform does not know its codes' types). */
  code: string;
  field: string;
  value: string;
}

export interface SettingsSectionOptions {
  /** Checks a change of the section (as sent, already valid by its schema) against the site; what it returns refuses the change. */
  refuse?(section: Record<string, unknown>, site: SettingsSite): SectionRefusal[];
}

/**
 * A section of a site's settings that an area brings (`learn`'s e-mail reminders, say): its name
 * at the top level of the settings object and its fields with their defaults. The platform's
 * own sections are in tenant-settings.ts; an area's join them when its module is installed.
 */
export interface SettingsSection<Schema extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly schema: Schema;
  readonly options?: SettingsSectionOptions;
}

export function defineSettingsSection<const Schema extends z.ZodObject>(name: string, schema: Schema, options?: SettingsSectionOptions): SettingsSection<Schema> {
  if (!/^[a-z][A-Za-z]*$/.test(name)) throw new Error(`a settings section name is one camel-case word: ${JSON.stringify(name)}`);
  return { name, schema, ...(options ? { options } : {}) };
}

/**
 * Runs the sections' own checks on a change: the first code any refuses with is the refusal's,
 * each refused value named by its field (`content.allowedOrigins.2`). Nothing is stored then.
 */
export function refuseSectionChanges(patch: Record<string, unknown>, site: SettingsSite): void {
  const refusals = [...installed.values()].flatMap((section) => {
    const change = patch[section.name];
    if (!section.options?.refuse || typeof change !== 'object' || change === null) return [];
    return section.options.refuse(change as Record<string, unknown>, site).map((refusal) => ({ ...refusal, field: `${section.name}.${refusal.field}` }));
  });
  if (refusals.length === 0) return;
  const code = refusals[0]!.code;
  throw new AppError(
    isErrorCode(code) ? code : 'VALIDATION_FAILED',
    refusals.map(({ field, value }) => ({ field, value })),
  );
}

const installed = new Map<string, SettingsSection>();
let version = 0;

/**
 * Adds the areas' sections (installModules does, at start); the same section again changes
 * nothing. A name taken by another section is refused: two areas cannot share a section.
 */
export function installSettingsSections(sections: readonly SettingsSection[], reserved: readonly string[]): void {
  for (const section of sections) {
    const existing = installed.get(section.name);
    if (existing === section) continue;
    if (existing || reserved.includes(section.name)) throw new Error(`the settings section ${section.name} is declared twice`);
    installed.set(section.name, section);
    version++;
  }
}

export function installedSettingsSections(): readonly SettingsSection[] {
  return [...installed.values()];
}

/** Changes whenever a section is installed (for the schemas built from them). */
export function settingsSectionsVersion(): number {
  return version;
}

const resolved = new WeakMap<object, Map<SettingsSection, unknown>>();

/** One section of a site's settings with its defaults filled in (a stored value a later release no longer accepts falls back to the defaults). */
export function sectionSettingsOf<Schema extends z.ZodObject>(tenant: { settings: object }, section: SettingsSection<Schema>): z.output<Schema> {
  let sections = resolved.get(tenant);
  if (!sections) resolved.set(tenant, (sections = new Map()));
  if (!sections.has(section)) {
    const stored = (tenant.settings as Record<string, unknown>)[section.name] ?? {};
    const parsed = section.schema.safeParse(stored);
    sections.set(section, parsed.success ? parsed.data : section.schema.parse({}));
  }
  return sections.get(section) as z.output<Schema>;
}
