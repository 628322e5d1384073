import { Alert, Box, Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedLrsKey } from '../../shared/api';
import { CopyText } from '../../shared/ui/CopyText';
import classes from '../../shared/ui/ui.module.css';
import { basicAuthorization } from './lrsScopes';

/** A key just made: key, secret and endpoint, shown this once, each to copy; "Done" forgets the secret. */
export function NewLrsKeyPanel({ created, onDone }: { created: CreatedLrsKey; onDone: () => void }) {
  const { t } = useTranslation();
  const panelRef = useRef<HTMLDivElement>(null);
  // The form that made the key is gone: reading goes on here.
  useEffect(() => {
    panelRef.current?.focus();
  }, []);
  const entries = [
    { label: t('lrs.created.key'), value: created.key, copy: t('lrs.created.copyKey') },
    { label: t('lrs.created.secret'), value: created.secret, copy: t('lrs.created.copySecret') },
    { label: t('lrs.created.endpoint'), value: created.endpoint, copy: t('lrs.created.copyEndpoint') },
    { label: t('lrs.created.authorization'), value: basicAuthorization(created.key, created.secret), copy: t('lrs.created.copyAuthorization') },
  ];
  return (
    <Alert ref={panelRef} tabIndex={-1} color="yellow" role="status" title={t('lrs.created.title', { name: created.name })} className={classes.focusable}>
      <Stack gap="md">
        <Text size="sm" fw={500}>
          {t('lrs.created.warning')}
        </Text>
        <Stack component="dl" gap="sm" m={0}>
          {entries.map((entry) => (
            <div key={entry.label}>
              <Text component="dt" size="sm" fw={600}>
                {entry.label}
              </Text>
              <Box component="dd" m={0}>
                {/* The button beside the value where both fit, below it on a narrow screen. */}
                <Group gap="xs" align="center" justify="space-between">
                  <Text component="code" size="sm" className={classes.secret} style={{ flex: '1 1 16rem', minWidth: 0 }}>
                    {entry.value}
                  </Text>
                  <CopyText value={entry.value} label={entry.copy} />
                </Group>
              </Box>
            </div>
          ))}
        </Stack>
        <Group>
          <Button size="xs" variant="default" onClick={onDone}>
            {t('lrs.created.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
