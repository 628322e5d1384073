import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, fetchMfaStatus, MFA_STATUS_KEY } from '../api';
import { isApiError } from '../api/errors';

/** What a form sends as the second factor: a code from the app, or a recovery code, or (no two-factor sign-in) nothing. */
export type SecondFactorFields = { code: string } | { recoveryCode: string } | Record<string, never>;

/**
 * The second factor of a form that re-authenticates the user (password change, e-mail change,
 * API token): asked for when the account has two-factor sign-in — known from the MFA status, or
 * from the server's MFA_CODE_REQUIRED where the status cannot be read (during a required
 * password change).
 */
export function useSecondFactor(options: { readStatus?: boolean } = {}) {
  const status = useQuery({
    queryKey: MFA_STATUS_KEY,
    queryFn: ({ signal }) => fetchMfaStatus(api, signal),
    enabled: options.readStatus !== false,
    retry: false,
  });
  const [askedByServer, setAskedByServer] = useState(false);
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const needed = status.data?.enabled === true || askedByServer;

  return {
    needed,
    code,
    setCode,
    useRecovery,
    toggleRecovery: () => {
      setUseRecovery((previous) => !previous);
      setCode('');
    },
    /** The fields to send with the password. */
    fields: (): SecondFactorFields => {
      if (!needed || code.trim() === '') return {};
      return useRecovery ? { recoveryCode: code.trim() } : { code: code.replace(/\s+/g, '') };
    },
    /** Call with every failure: MFA_CODE_REQUIRED shows the code field. */
    noteFailure: (error: unknown) => {
      if (isApiError(error) && error.code === 'MFA_CODE_REQUIRED') setAskedByServer(true);
    },
    /** After a change went through: a code is used once. */
    clear: () => {
      setCode('');
    },
  };
}

export type SecondFactorState = ReturnType<typeof useSecondFactor>;
