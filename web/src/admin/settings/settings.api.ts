import type { ActiveBans, ApiClient, TenantSettings, TenantSettingsPatch } from '../../shared/api';

export const SETTINGS_KEY = ['admin', 'settings'] as const;
export const BANS_KEY = ['admin', 'security', 'bans'] as const;

export function fetchSettings(api: ApiClient, signal?: AbortSignal): Promise<TenantSettings> {
  return api.get<TenantSettings>('/api/admin/settings', { signal });
}

export function patchSettings(api: ApiClient, patch: TenantSettingsPatch): Promise<TenantSettings> {
  return api.patch<TenantSettings>('/api/admin/settings', patch);
}

export function fetchBans(api: ApiClient, signal?: AbortSignal): Promise<ActiveBans> {
  return api.get<ActiveBans>('/api/admin/security/bans', { signal });
}

export async function liftBan(api: ApiClient, id: number): Promise<void> {
  await api.delete<undefined>(`/api/admin/security/bans/${String(id)}`);
}
