import { Button, Group, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api';
import { useSession } from '../shared/auth/AuthContext';
import { ErrorAlert } from '../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../shared/forms/fieldErrors';
import { SuccessNote } from '../shared/forms/SuccessNote';
import { NewPasswordFields, repeatMatches, type NewPassword } from '../shared/password/NewPasswordFields';
import { Section } from '../shared/ui/Section';
import { ACCOUNT_KEYS, changeMyPassword } from './account.api';
import { CurrentPasswordInput } from '../shared/password/CurrentPasswordInput';

const FIELDS = ['currentPassword', 'newPassword'];

export function ChangePasswordSection() {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState<NewPassword>({ password: '', repeat: '' });
  const [submitted, setSubmitted] = useState(false);
  const currentRef = useRef<HTMLInputElement>(null);
  const newRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);

  const mutation = useMutation({
    mutationFn: () => changeMyPassword(api, { currentPassword: current, newPassword: next.password }),
    onSuccess: async () => {
      setCurrent('');
      setNext({ password: '', repeat: '' });
      setSubmitted(false);
      // The other sessions were ended by the change.
      await queryClient.invalidateQueries({ queryKey: ACCOUNT_KEYS.sessions });
    },
    onError: (error) => {
      if (fieldError(error, 'currentPassword')) currentRef.current?.focus();
      else if (fieldError(error, 'newPassword')) newRef.current?.focus();
    },
  });

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    mutation.reset();
    if (current === '') {
      currentRef.current?.focus();
      return;
    }
    if (!repeatMatches(next)) {
      repeatRef.current?.focus();
      return;
    }
    mutation.mutate();
  };

  const failure = mutation.error;
  return (
    <Section title={t('account.password.title')} description={t('account.password.description')}>
      <form onSubmit={onSubmit} noValidate aria-label={t('account.password.title')}>
        <Stack gap="md" maw={440}>
          {mutation.isSuccess && <SuccessNote>{t('account.password.done')}</SuccessNote>}
          {failure && !namesAnyField(failure, FIELDS) && <ErrorAlert error={failure} />}
          <CurrentPasswordInput
            ref={currentRef}
            name="current-password"
            value={current}
            onChange={setCurrent}
            error={fieldError(failure, 'currentPassword') ?? (submitted && current === '' ? t('app.required') : undefined)}
          />
          <NewPasswordFields
            value={next}
            onChange={setNext}
            error={fieldError(failure, 'newPassword')}
            person={{ email: user.email, firstName: user.firstName, lastName: user.lastName }}
            submitted={submitted}
            inputRef={newRef}
            repeatRef={repeatRef}
          />
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              {t('account.password.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
