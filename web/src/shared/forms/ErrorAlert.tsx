import { Alert } from '@mantine/core';
import { useEffect, useRef } from 'react';
import classes from '../shell/shell.module.css';
import { FailureMessage } from './FailureMessage';
import type { NameOfValue } from './failureText';

interface ErrorAlertProps {
  error: unknown;
  title?: string | undefined;
  /** Move focus to the message when it appears (after a submit the user waits for an answer). */
  focus?: boolean;
  /** Names refused entries (a user id: the person), listed under the message. */
  nameOf?: NameOfValue | undefined;
}

/** A failed request, worded by the server; read out at once (role=alert). */
export function ErrorAlert({ error, title, focus = true, nameOf }: ErrorAlertProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus && error) ref.current?.focus();
  }, [error, focus]);
  if (!error) return null;
  return (
    <Alert ref={ref} tabIndex={-1} color="red" role="alert" title={title} className={classes.focusTarget}>
      <FailureMessage error={error} nameOf={nameOf} />
    </Alert>
  );
}
