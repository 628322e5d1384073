import { PasswordInput, Stack } from '@mantine/core';
import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordPerson } from './password.api';
import { PasswordField } from './PasswordField';

export interface NewPassword {
  password: string;
  repeat: string;
}

interface NewPasswordFieldsProps {
  value: NewPassword;
  onChange: (value: NewPassword) => void;
  /** The server's complaint about the new password. */
  error?: string | undefined;
  person?: PasswordPerson | undefined;
  /** Set after a submit: the repetition is only judged once the user says they are done. */
  submitted: boolean;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  repeatRef?: Ref<HTMLInputElement>;
  label?: string;
  repeatLabel?: string;
}

/** Whether the two entries match; the form does not send a password typed differently twice. */
export function repeatMatches(value: NewPassword): boolean {
  return value.password === value.repeat;
}

/** The new password with its live rules, and the same password once more. */
export function NewPasswordFields({ value, onChange, error, person, submitted, autoFocus, inputRef, repeatRef, label, repeatLabel }: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  const [repeatTouched, setRepeatTouched] = useState(false);
  const showMismatch = (submitted || repeatTouched) && value.repeat !== '' && !repeatMatches(value);
  const repeatError = showMismatch || (submitted && value.repeat === '' && value.password !== '') ? t('password.mismatch') : undefined;
  return (
    <Stack gap="md">
      <PasswordField
        label={label ?? t('password.new')}
        name="new-password"
        value={value.password}
        onChange={(password) => {
          onChange({ ...value, password });
        }}
        error={error}
        person={person}
        autoFocus={autoFocus}
        inputRef={inputRef}
      />
      <PasswordInput
        ref={repeatRef}
        label={repeatLabel ?? t('password.repeat')}
        name="repeat-password"
        autoComplete="new-password"
        required
        withAsterisk={false}
        value={value.repeat}
        onChange={(event) => {
          onChange({ ...value, repeat: event.currentTarget.value });
        }}
        onBlur={() => {
          setRepeatTouched(true);
        }}
        error={repeatError}
        aria-invalid={repeatError ? true : undefined}
        visibilityToggleFocusable
        visibilityToggleButtonProps={{ 'aria-label': t('password.showHide') }}
      />
    </Stack>
  );
}
