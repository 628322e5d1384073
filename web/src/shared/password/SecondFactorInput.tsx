import { Anchor, Stack, TextInput } from '@mantine/core';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError } from '../forms/fieldErrors';
import type { SecondFactorState } from './useSecondFactor';

interface SecondFactorInputProps {
  state: SecondFactorState;
  /** The last failure of the form: the server's complaint about `code` or `recoveryCode` is shown here. */
  failure: unknown;
  ref?: Ref<HTMLInputElement>;
}

/**
 * "Code from your app" (or a recovery code), beside the current password of a form that changes
 * how one signs in; shown only for an account with two-factor sign-in.
 */
export function SecondFactorInput({ state, failure, ref }: SecondFactorInputProps) {
  const { t } = useTranslation();
  if (!state.needed) return null;
  const { useRecovery } = state;
  return (
    <Stack gap={4}>
      <TextInput
        key={useRecovery ? 'recovery' : 'code'}
        ref={ref}
        label={useRecovery ? t('signIn.mfa.recoveryCode') : t('account.mfa.code')}
        description={t('account.reauth.codeHint')}
        name={useRecovery ? 'reauth-recovery-code' : 'reauth-code'}
        inputMode={useRecovery ? 'text' : 'numeric'}
        autoComplete={useRecovery ? 'off' : 'one-time-code'}
        autoCapitalize="none"
        spellCheck={false}
        required
        withAsterisk={false}
        maw={340}
        value={state.code}
        onChange={(event) => {
          state.setCode(event.currentTarget.value);
        }}
        error={fieldError(failure, 'code', 'recoveryCode')}
      />
      <Anchor component="button" type="button" size="sm" onClick={state.toggleRecovery} style={{ alignSelf: 'flex-start' }}>
        {useRecovery ? t('signIn.mfa.useCode') : t('signIn.mfa.useRecovery')}
      </Anchor>
    </Stack>
  );
}
