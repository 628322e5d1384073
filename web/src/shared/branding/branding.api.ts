import { useQuery } from '@tanstack/react-query';
import type { LogoRef, PublicBranding } from '../../../../src/platform/branding/branding.contract';
import { api, type ApiClient } from '../api';

export type { LogoRef, PublicBranding };

/** Under the site's public data ('tenant'): kept when a session ends. */
export const BRANDING_KEY = ['tenant', 'branding'] as const;

export function fetchBranding(client: ApiClient, signal?: AbortSignal): Promise<PublicBranding> {
  return client.get<PublicBranding>('/api/branding', { signal });
}

/** The site's name, colour and logo, for every page (signed in or not). */
export function useBranding() {
  return useQuery({ queryKey: BRANDING_KEY, queryFn: ({ signal }) => fetchBranding(api, signal), staleTime: 5 * 60_000 });
}

/** Makes the file the site's logo; its bytes decide what it is, not its name or type. */
export function uploadLogo(client: ApiClient, file: Blob): Promise<LogoRef> {
  return client.putRaw<LogoRef>('/api/admin/branding/logo', { raw: file, contentType: file.type || 'application/octet-stream' });
}

export async function removeLogo(client: ApiClient): Promise<void> {
  await client.delete<undefined>('/api/admin/branding/logo');
}
