import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router-dom';
import { api, type CreatedLrsKey } from '../../shared/api';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { NotFoundPage } from '../../shared/pages/NotFoundPage';
import { CopyText } from '../../shared/ui/CopyText';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import classes from '../../shared/ui/ui.module.css';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { fetchLrsKeys, LRS_KEYS_KEY } from './lrs.api';
import { LrsKeysTable } from './LrsKeysTable';
import { NewLrsKeyForm } from './NewLrsKeyForm';
import { NewLrsKeyPanel } from './NewLrsKeyPanel';

/** `/lrs`: the Learning Record Store (nothing below it). */
export function LrsSection() {
  return (
    <Routes>
      <Route index element={<LrsPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

/** The LRS's endpoint and the site's keys: made (the secret shown once), listed with their last use, revoked. */
function LrsPage() {
  const { t } = useTranslation();
  usePageTitle(t('lrs.title'));
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: LRS_KEYS_KEY, queryFn: ({ signal }) => fetchLrsKeys(api, signal) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: LRS_KEYS_KEY });
  const [created, setCreated] = useState<CreatedLrsKey | null>(null);
  const [creating, setCreating] = useState(false);
  const [revoked, setRevoked] = useState<string | null>(null);

  // Back to "New key" when the form or the new key's panel closes (their controls are gone).
  const newKeyButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (!returnFocus.current || creating || created) return;
    returnFocus.current = false;
    newKeyButton.current?.focus();
  }, [creating, created]);

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('lrs.title')}</Title>
        <Text c="dimmed" mt={4} maw={720}>
          {t('lrs.intro')}
        </Text>
      </div>
      {keys.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {keys.error && <LoadError error={keys.error} onRetry={() => void keys.refetch()} />}
      {keys.data && (
        <>
          <Section title={t('lrs.endpoint.title')} description={t('lrs.endpoint.description')}>
            <Group gap="sm" align="center">
              <Text component="code" fw={600} className={classes.secret}>
                {keys.data.endpoint}
              </Text>
              <CopyText value={keys.data.endpoint} label={t('lrs.endpoint.copy')} />
            </Group>
          </Section>
          <Section title={t('lrs.keys.title')} description={t('lrs.keys.description')}>
            {created && (
              <NewLrsKeyPanel
                created={created}
                onDone={() => {
                  returnFocus.current = true;
                  setCreated(null);
                }}
              />
            )}
            {revoked !== null && <SuccessNote>{t('lrs.keys.revoked', { name: revoked })}</SuccessNote>}
            {keys.data.keys.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('lrs.keys.none')}
              </Text>
            ) : (
              <LrsKeysTable
                keys={keys.data.keys}
                onRevoked={async (key) => {
                  // The panel of a key just made goes only with that key: its secret may not be copied yet.
                  setCreated((shown) => (shown?.id === key.id ? null : shown));
                  setRevoked(key.name);
                  await refresh();
                }}
              />
            )}
            {creating ? (
              <NewLrsKeyForm
                onCreated={(key) => {
                  setCreated(key);
                  setCreating(false);
                  void refresh();
                }}
                onCancel={() => {
                  returnFocus.current = true;
                  setCreating(false);
                }}
              />
            ) : (
              <Group>
                <Button
                  ref={newKeyButton}
                  onClick={() => {
                    setCreated(null);
                    setRevoked(null);
                    setCreating(true);
                  }}
                >
                  {t('lrs.form.open')}
                </Button>
              </Group>
            )}
          </Section>
        </>
      )}
    </Stack>
  );
}
