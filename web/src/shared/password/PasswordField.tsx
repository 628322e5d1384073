import { PasswordInput, Text, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue, useId } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import { currentLanguage } from '../i18n';
import { checklistSummary, passwordChecklist, type PasswordCheckResult, type RuleState } from './checklist';
import { checkPassword, fetchPasswordPolicy, type PasswordPerson } from './password.api';
import classes from './password.module.css';

/** Pause in typing before the server is asked about the password. */
export const CHECK_DELAY_MS = 250;

interface PasswordFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The server's complaint after submitting. */
  error?: string | undefined;
  /** Whose password it is: their names and address are not allowed in it. */
  person?: PasswordPerson | undefined;
  name?: string;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

const MARKS: Record<RuleState, string> = { met: '✓', unmet: '✗', unknown: '•' };

/** The server words rules as fragments ("at least 8 characters"); as list entries they start upper-case. */
function sentenceCase(text: string, language: string): string {
  return text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
}

/**
 * A new-password input with the site's rules under it; each rule turns met or unmet while the
 * user types (the server judges, so the list is exactly what the server will enforce).
 */
export function PasswordField({ label, value, onChange, error, person = {}, name, autoFocus, inputRef }: PasswordFieldProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const rulesId = useId();
  const [typed] = useDebouncedValue(value, CHECK_DELAY_MS);
  const [verdict, setVerdict] = useState<PasswordCheckResult>();
  const [checkFailed, setCheckFailed] = useState(false);

  const policy = useQuery({
    queryKey: ['password-policy', language],
    queryFn: ({ signal }) => fetchPasswordPolicy(api, signal),
    staleTime: 5 * 60_000,
  });

  const { email, firstName, lastName } = person;
  useEffect(() => {
    if (typed === '') return;
    const controller = new AbortController();
    checkPassword(api, typed, { email, firstName, lastName }, controller.signal)
      .then((result) => {
        setVerdict(result);
        setCheckFailed(false);
      })
      .catch((failure: unknown) => {
        if (controller.signal.aborted) return;
        setCheckFailed(isApiError(failure));
      });
    return () => {
      controller.abort();
    };
  }, [typed, email, firstName, lastName, language]);

  // The last verdict stays while the next one is on its way (no flicker); an empty field has none.
  const result = value === '' ? undefined : verdict;
  const items = useMemo(() => passwordChecklist(policy.data?.rules ?? [], result), [policy.data, result]);
  const { met, total } = checklistSummary(items);

  return (
    <div>
      <PasswordInput
        ref={inputRef}
        label={label}
        name={name}
        autoComplete="new-password"
        required
        withAsterisk={false}
        autoFocus={autoFocus}
        value={value}
        onChange={(event) => {
          onChange(event.currentTarget.value);
        }}
        error={error}
        aria-invalid={error ? true : undefined}
        description={total === 0 ? undefined : result ? t('password.summary', { met, total }) : t('password.hint')}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        visibilityToggleFocusable
        visibilityToggleButtonProps={{ 'aria-label': t('password.showHide') }}
      />
      {items.length > 0 && (
        <ul id={rulesId} className={classes.checklist} aria-label={t('password.rulesLabel')} aria-live="polite">
          {items.map((item) => (
            <li key={item.rule} className={classes.rule} data-state={item.state} data-rule={item.rule}>
              <span aria-hidden="true" className={classes.mark}>
                {MARKS[item.state]}
              </span>
              <span>
                <VisuallyHidden>{t(`password.state.${item.state}`)}: </VisuallyHidden>
                {sentenceCase(item.message, language)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {checkFailed && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('password.checkUnavailable')}
        </Text>
      )}
    </div>
  );
}
