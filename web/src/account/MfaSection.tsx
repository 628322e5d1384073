import { Alert, Anchor, Badge, Button, Group, Image, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MfaSetup, type MfaStatus } from '../shared/api';
import { ErrorAlert } from '../shared/forms/ErrorAlert';
import { fieldError } from '../shared/forms/fieldErrors';
import { SuccessNote } from '../shared/forms/SuccessNote';
import { currentLanguage } from '../shared/i18n';
import { formatDate } from '../shared/ui/format';
import { LoadError } from '../shared/ui/LoadError';
import { Section } from '../shared/ui/Section';
import classes from '../shared/ui/ui.module.css';
import { ACCOUNT_KEYS, disableMfa, enableMfa, fetchMfaStatus, regenerateRecoveryCodes, startMfaSetup, type MfaConfirmation } from './account.api';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';
import { CurrentPasswordInput } from '../shared/password/CurrentPasswordInput';
import { PERMISSIONS_QUERY_PREFIX } from '../shared/auth/permissions';

/** `/account#two-factor` leads here (e.g. from the notice that the site requires it). */
export const MFA_SECTION_ID = 'two-factor';

type Step =
  | { kind: 'overview' }
  | { kind: 'password' }
  | { kind: 'scan'; setup: MfaSetup }
  | { kind: 'codes'; codes: string[]; after: 'enabled' | 'renewed' }
  | { kind: 'confirm'; purpose: 'disable' | 'renew' };

/** "ABCD EFGH IJKL …": a key to type is easier to read in groups of four. */
function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export function MfaSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ACCOUNT_KEYS.mfa, queryFn: ({ signal }) => fetchMfaStatus(api, signal) });
  const [step, setStep] = useState<Step>({ kind: 'overview' });
  const [notice, setNotice] = useState<string | null>(null);
  // Turning two-factor sign-in on or off can open or close what a role the site requires it of may do.
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ACCOUNT_KEYS.mfa }), queryClient.invalidateQueries({ queryKey: PERMISSIONS_QUERY_PREFIX })]);
  const back = () => {
    setStep({ kind: 'overview' });
  };

  let content;
  if (status.isPending) content = <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  else if (status.error) content = <LoadError error={status.error} onRetry={() => void status.refetch()} />;
  else {
    switch (step.kind) {
      case 'overview':
        content = (
          <Overview
            status={status.data}
            notice={notice}
            onSetUp={() => {
              setNotice(null);
              setStep({ kind: 'password' });
            }}
            onDisable={() => {
              setNotice(null);
              setStep({ kind: 'confirm', purpose: 'disable' });
            }}
            onRenew={() => {
              setNotice(null);
              setStep({ kind: 'confirm', purpose: 'renew' });
            }}
          />
        );
        break;
      case 'password':
        content = (
          <SetupPassword
            onStarted={(setup) => {
              setStep({ kind: 'scan', setup });
            }}
            onCancel={back}
          />
        );
        break;
      case 'scan':
        content = (
          <ScanAndConfirm
            setup={step.setup}
            onEnabled={(codes) => {
              void refresh();
              setStep({ kind: 'codes', codes, after: 'enabled' });
            }}
            onCancel={back}
          />
        );
        break;
      case 'codes':
        content = (
          <RecoveryCodesPanel
            codes={step.codes}
            onDone={() => {
              setNotice(step.after === 'enabled' ? t('account.mfa.enabledNotice') : t('account.mfa.renewedNotice'));
              back();
            }}
          />
        );
        break;
      case 'confirm':
        content = (
          <ConfirmWithFactor
            purpose={step.purpose}
            onDone={(codes) => {
              void refresh();
              if (codes) setStep({ kind: 'codes', codes, after: 'renewed' });
              else {
                setNotice(t('account.mfa.disabledNotice'));
                back();
              }
            }}
            onCancel={back}
          />
        );
        break;
    }
  }

  return (
    <Section id={MFA_SECTION_ID} title={t('account.mfa.title')} description={t('account.mfa.description')}>
      {content}
    </Section>
  );
}

function Overview({ status, notice, onSetUp, onDisable, onRenew }: { status: MfaStatus; notice: string | null; onSetUp: () => void; onDisable: () => void; onRenew: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      {notice && <SuccessNote>{notice}</SuccessNote>}
      <Group gap="sm">
        <Badge color={status.enabled ? 'green' : 'gray'} variant="light" size="lg">
          {status.enabled ? t('account.mfa.on') : t('account.mfa.off')}
        </Badge>
        {status.enabled && status.enabledAt && (
          <Text size="sm" c="dimmed">
            {t('account.mfa.since', { date: formatDate(status.enabledAt, currentLanguage()) })}
          </Text>
        )}
      </Group>
      {status.requiredBySite && (
        <Alert color={status.enabled ? 'blue' : 'yellow'} role="note">
          {t('account.mfa.requiredBySite')}
        </Alert>
      )}
      {status.enabled ? (
        <>
          <Text size="sm">{t('account.mfa.codesLeft', { count: status.recoveryCodesLeft })}</Text>
          <Group gap="sm">
            <Button variant="default" onClick={onRenew}>
              {t('account.mfa.renew')}
            </Button>
            <Button variant="light" color="red" onClick={onDisable}>
              {t('account.mfa.disable')}
            </Button>
          </Group>
        </>
      ) : (
        <Group>
          <Button onClick={onSetUp}>{t('account.mfa.setUp')}</Button>
        </Group>
      )}
    </Stack>
  );
}

function SetupPassword({ onStarted, onCancel }: { onStarted: (setup: MfaSetup) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const mutation = useMutation({ mutationFn: () => startMfaSetup(api, password), onSuccess: onStarted });
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate();
  };
  const passwordError = fieldError(mutation.error, 'password');
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('account.mfa.setUp')}>
      <Stack gap="md" maw={440}>
        <Text size="sm">{t('account.mfa.passwordFirst')}</Text>
        {mutation.error && !passwordError && <ErrorAlert error={mutation.error} />}
        <CurrentPasswordInput
          name="mfa-password"
          autoFocus
          value={password}
          onChange={setPassword}
          error={passwordError}
        />
        <Group gap="sm">
          <Button type="submit" loading={mutation.isPending}>
            {t('app.continue')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('app.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ScanAndConfirm({ setup, onEnabled, onCancel }: { setup: MfaSetup; onEnabled: (codes: string[]) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const mutation = useMutation({ mutationFn: () => enableMfa(api, code.trim()), onSuccess: (answer) => onEnabled(answer.recoveryCodes) });
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate();
  };
  const codeError = fieldError(mutation.error, 'code');
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('account.mfa.setUp')}>
      <Stack gap="md">
        <Text fw={600}>{t('account.mfa.scanStep')}</Text>
        <Image src={setup.qrDataUrl} alt={t('account.mfa.qrAlt')} className={classes.qr} w={200} h={200} />
        <div>
          <Text size="sm">{t('account.mfa.manualKey')}</Text>
          <Text component="code" className={classes.secret} fw={600} aria-label={t('account.mfa.manualKeyLabel')}>
            {groupedSecret(setup.secret)}
          </Text>
        </div>
        <Text fw={600}>{t('account.mfa.codeStep')}</Text>
        {mutation.error && !codeError && <ErrorAlert error={mutation.error} />}
        <TextInput
          label={t('account.mfa.code')}
          name="mfa-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          required
          withAsterisk={false}
          maw={200}
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
          }}
          error={codeError}
        />
        <Group gap="sm">
          <Button type="submit" loading={mutation.isPending}>
            {t('account.mfa.enable')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('app.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ConfirmWithFactor({ purpose, onDone, onCancel }: { purpose: 'disable' | 'renew'; onDone: (codes?: string[]) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const mutation = useMutation({
    mutationFn: async (body: MfaConfirmation) => {
      if (purpose === 'disable') {
        await disableMfa(api, body);
        return undefined;
      }
      return (await regenerateRecoveryCodes(api, body)).recoveryCodes;
    },
    onSuccess: onDone,
  });
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = code.trim();
    mutation.mutate(useRecovery ? { password, recoveryCode: value } : { password, code: value });
  };
  const failure = mutation.error;
  const passwordError = fieldError(failure, 'password');
  const codeError = fieldError(failure, 'code', 'recoveryCode');
  const title = purpose === 'disable' ? t('account.mfa.disable') : t('account.mfa.renew');
  return (
    <form onSubmit={onSubmit} noValidate aria-label={title}>
      <Stack gap="md" maw={440}>
        <Text size="sm">{purpose === 'disable' ? t('account.mfa.disableIntro') : t('account.mfa.renewIntro')}</Text>
        {failure && !passwordError && !codeError && <ErrorAlert error={failure} />}
        <CurrentPasswordInput
          name="mfa-confirm-password"
          autoFocus
          value={password}
          onChange={setPassword}
          error={passwordError}
        />
        <TextInput
          key={useRecovery ? 'recovery' : 'code'}
          label={useRecovery ? t('signIn.mfa.recoveryCode') : t('account.mfa.code')}
          name={useRecovery ? 'mfa-recovery-code' : 'mfa-code'}
          inputMode={useRecovery ? 'text' : 'numeric'}
          autoComplete={useRecovery ? 'off' : 'one-time-code'}
          required
          withAsterisk={false}
          maw={useRecovery ? 300 : 200}
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
          }}
          error={codeError}
        />
        {purpose === 'disable' && (
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => {
              setUseRecovery((previous) => !previous);
              setCode('');
            }}
          >
            {useRecovery ? t('signIn.mfa.useCode') : t('signIn.mfa.useRecovery')}
          </Anchor>
        )}
        <Group gap="sm">
          <Button type="submit" color={purpose === 'disable' ? 'red' : undefined} loading={mutation.isPending}>
            {title}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('app.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
