import type { TenantSettings, TenantSettingsPatch } from '../../shared/api';

// The settings form works on a copy of the settings in which a number field may also hold what
// the number input holds while it is being edited ('' or an unfinished "1."); only changed
// values go into the PATCH, so a save never overwrites what the administrator did not touch.

type Section = 'passwordPolicy' | 'session' | 'security' | 'intrusion' | 'notifications' | 'registration' | 'content';
export const SECTIONS: readonly Section[] = ['session', 'passwordPolicy', 'security', 'registration', 'notifications', 'content', 'intrusion'];

type Editable<T> = { [K in keyof T]: T[K] extends number ? number | string : T[K] };

export type SettingsForm = { locale: TenantSettings['locale'] } & { [S in Section]: Editable<TenantSettings[S]> };

/** Fields of a custom password policy; ignored by the server (and not sent) under a preset. */
export const CUSTOM_POLICY_FIELDS = ['minLength', 'requireUppercase', 'requireLowercase', 'requireDigit', 'requireSymbol'] as const;

export function formOf(settings: TenantSettings): SettingsForm {
  return {
    locale: settings.locale,
    passwordPolicy: { ...settings.passwordPolicy },
    session: { ...settings.session },
    security: { ...settings.security },
    intrusion: { ...settings.intrusion },
    notifications: { ...settings.notifications },
    registration: { ...settings.registration },
    content: { ...settings.content },
  };
}

/** A problem found before asking the server, keyed by the field's path (`session.idleMinutes`). */
export type FormProblems = Record<string, 'required' | 'number'>;

function readNumber(value: unknown): number | 'required' | 'number' {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 'number';
  if (typeof value !== 'string' || value.trim() === '') return 'required';
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : 'number';
}

/** Equal values; lists (the roles two-factor sign-in is required of) by their items. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}

/**
 * The PATCH body for what changed between the loaded settings and the form, or the fields
 * that cannot be sent as they are. An empty patch means there is nothing to save.
 */
export function settingsPatch(original: TenantSettings, form: SettingsForm): { patch: TenantSettingsPatch; problems: FormProblems } {
  const patch: Record<string, unknown> = {};
  const problems: FormProblems = {};
  if (form.locale !== original.locale) patch.locale = form.locale;

  for (const section of SECTIONS) {
    const before = original[section] as Record<string, unknown>;
    const after = form[section] as Record<string, unknown>;
    const changed: Record<string, unknown> = {};
    for (const [key, previous] of Object.entries(before)) {
      if (section === 'passwordPolicy' && form.passwordPolicy.preset !== 'custom' && (CUSTOM_POLICY_FIELDS as readonly string[]).includes(key)) continue;
      let value = after[key];
      if (typeof previous === 'number') {
        const read = readNumber(value);
        if (typeof read !== 'number') {
          problems[`${section}.${key}`] = read;
          continue;
        }
        value = read;
      }
      if (!sameValue(value, previous)) changed[key] = value;
    }
    if (Object.keys(changed).length > 0) patch[section] = changed;
  }
  return { patch: patch as TenantSettingsPatch, problems };
}

export function isEmptyPatch(patch: TenantSettingsPatch): boolean {
  return Object.keys(patch).length === 0;
}
