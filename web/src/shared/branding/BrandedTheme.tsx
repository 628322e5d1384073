import { MantineProvider } from '@mantine/core';
import type { ReactNode } from 'react';
import { cssVariablesResolver, themeWith } from '../theme';
import { useBranding } from './branding.api';

/** Mantine with the site's colour as the primary one, once the branding is known. */
export function BrandedTheme({ styleNonce, children }: { styleNonce: string | undefined; children: ReactNode }) {
  const branding = useBranding();
  return (
    <MantineProvider
      theme={themeWith(branding.data?.primaryColour ?? null)}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="light"
      {...(styleNonce ? { getStyleNonce: () => styleNonce } : {})}
    >
      {children}
    </MantineProvider>
  );
}
