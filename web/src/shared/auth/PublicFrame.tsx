import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, fetchTenant } from '../api';
import { useBranding } from '../branding/branding.api';
import { BrandMark } from '../branding/BrandMark';
import { LanguageMenu } from '../shell/LanguageMenu';
import classes from '../shell/shell.module.css';
import { usePageTitle } from '../ui/usePageTitle';

export const TENANT_QUERY_KEY = ['tenant'] as const;

/** The site as the public pages know it (its name; whether people may register), asked once per page load. */
export function usePublicTenant() {
  return useQuery({ queryKey: TENANT_QUERY_KEY, queryFn: ({ signal }) => fetchTenant(api, signal), staleTime: Infinity });
}

/** The frame of the pages for people who are not signed in: brand, language, one card. */
export function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  const tenant = usePublicTenant();
  const branding = useBranding();

  return (
    <>
      <Box component="header" px="md" py="sm" className={classes.signInHeader}>
        <Group justify="space-between" wrap="nowrap">
          <Text component="span" className={classes.brand}>
            <BrandMark />
          </Text>
          <LanguageMenu />
        </Group>
      </Box>
      <Center component="main" px="md" py="xl">
        <Paper withBorder radius="md" p="xl" w="100%" maw={440}>
          <Stack gap="md">
            <div>
              {tenant.data && (
                <Text size="sm" fw={600} c="dimmed" tt="uppercase">
                  {branding.data?.siteName ?? tenant.data.name}
                </Text>
              )}
              <Title order={1} size="h2">
                {title}
              </Title>
            </div>
            {children}
          </Stack>
        </Paper>
      </Center>
    </>
  );
}
