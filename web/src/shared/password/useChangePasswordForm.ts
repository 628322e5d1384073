import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { api } from '../api';
import { fieldError } from '../forms/fieldErrors';
import { repeatMatches, type NewPassword } from './NewPasswordFields';
import { changeMyPassword } from './password.api';
import { useSecondFactor } from './useSecondFactor';

/**
 * The state of a "current password, new password twice" form that changes the signed-in user's
 * password: checks before sending (current given, repetition matches), focus on the field the
 * server complains about, fields emptied once the change is saved. With two-factor sign-in it
 * asks for a code as well (`readMfaStatus: false` where the status cannot be read yet: then
 * when the server asks for it).
 */
export function useChangePasswordForm(options: { currentPassword?: string | null; readMfaStatus?: boolean; onSaved: () => void | Promise<void> }) {
  const [current, setCurrent] = useState(options.currentPassword ?? '');
  const [next, setNext] = useState<NewPassword>({ password: '', repeat: '' });
  const [submitted, setSubmitted] = useState(false);
  const currentRef = useRef<HTMLInputElement>(null);
  const newRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);
  const secondFactor = useSecondFactor({ readStatus: options.readMfaStatus });

  const mutation = useMutation({
    mutationFn: () => changeMyPassword(api, { currentPassword: current, newPassword: next.password, ...secondFactor.fields() }),
    onSuccess: async () => {
      setCurrent('');
      secondFactor.clear();
      setNext({ password: '', repeat: '' });
      setSubmitted(false);
      await options.onSaved();
    },
    onError: (error) => {
      secondFactor.noteFailure(error);
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

  return { current, setCurrent, next, setNext, secondFactor, submitted, currentRef, newRef, repeatRef, mutation, onSubmit };
}
