import { PasswordInput } from '@mantine/core';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

interface CurrentPasswordInputProps {
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  autoFocus?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/** "Current password", asked before changes to the account (password, e-mail, two-factor sign-in). */
export function CurrentPasswordInput({ name, value, onChange, error, autoFocus, ref }: CurrentPasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      ref={ref}
      label={t('account.currentPassword')}
      name={name}
      autoComplete="current-password"
      required
      withAsterisk={false}
      autoFocus={autoFocus}
      value={value}
      onChange={(event) => {
        onChange(event.currentTarget.value);
      }}
      error={error}
      // Mantine marks a refused password field only with data-invalid; assistive technology needs aria-invalid.
      aria-invalid={error ? true : undefined}
      visibilityToggleFocusable
      visibilityToggleButtonProps={{ 'aria-label': t('password.showHide') }}
    />
  );
}
