import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fetchTenant } from '../api';
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
  const { t } = useTranslation();
  usePageTitle(title);
  const tenant = usePublicTenant();

  return (
    <>
      <Box component="header" px="md" py="sm" className={classes.signInHeader}>
        <Group justify="space-between" wrap="nowrap">
          <Text component="span" className={classes.brand}>
            {t('app.name')}
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
                  {tenant.data.name}
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
