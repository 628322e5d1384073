import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shared/auth/AuthContext';
import { CopyText } from '../shared/ui/CopyText';
import { downloadText } from '../shared/ui/download';
import classes from '../shared/ui/ui.module.css';
import { recoveryCodesFile, recoveryCodesFileName } from './recoveryCodes';

/** The recovery codes, shown once: copy, download as text, then "Done" forgets them. */
export function RecoveryCodesPanel({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { user, tenant } = useSession();
  const headingRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const file = () =>
    recoveryCodesFile(
      codes,
      {
        heading: t('account.mfa.codesFileHeading'),
        account: t('account.mfa.codesFileAccount', { email: user.email, site: tenant.name }),
        note: t('account.mfa.codesFileNote'),
      },
      new Date(),
    );

  return (
    <Stack gap="md">
      <Alert ref={headingRef} tabIndex={-1} color="yellow" role="status" title={t('account.mfa.codesTitle')} className={classes.focusable}>
        {t('account.mfa.codesWarning')}
      </Alert>
      <ul className={classes.codes} aria-label={t('account.mfa.codesTitle')}>
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <Group gap="sm">
        <CopyText value={codes.join('\n')} label={t('account.mfa.copyCodes')} />
        <Button
          variant="default"
          size="xs"
          onClick={() => {
            downloadText(recoveryCodesFileName(tenant.slug), file());
          }}
        >
          {t('account.mfa.downloadCodes')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('account.mfa.codesAfter')}
      </Text>
      <Group>
        <Button onClick={onDone}>{t('account.mfa.codesSaved')}</Button>
      </Group>
    </Stack>
  );
}
