import { Button, Group, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shared/auth/AuthContext';
import { ErrorAlert } from '../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../shared/forms/fieldErrors';
import { SuccessNote } from '../shared/forms/SuccessNote';
import { NewPasswordFields } from '../shared/password/NewPasswordFields';
import { useChangePasswordForm } from '../shared/password/useChangePasswordForm';
import { Section } from '../shared/ui/Section';
import { ACCOUNT_KEYS } from './account.api';
import { CurrentPasswordInput } from '../shared/password/CurrentPasswordInput';
import { SecondFactorInput } from '../shared/password/SecondFactorInput';

const FIELDS = ['currentPassword', 'newPassword', 'code', 'recoveryCode'];

export function ChangePasswordSection() {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  // The other sessions were ended by the change.
  const { current, setCurrent, next, setNext, secondFactor, submitted, currentRef, newRef, repeatRef, mutation, onSubmit } = useChangePasswordForm({
    onSaved: () => queryClient.invalidateQueries({ queryKey: ACCOUNT_KEYS.sessions }),
  });

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
          <SecondFactorInput state={secondFactor} failure={failure} />
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
