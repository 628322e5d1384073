import { Alert, Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { api, fetchMfaStatus, MFA_STATUS_KEY } from '../api';

export const MFA_SETUP_PATH = '/account#two-factor';

/**
 * For a user whose role the site requires two-factor sign-in of and who has not set it up: what
 * that role opens stays closed until then, so every page says where to set it up.
 */
export function MfaEnrolmentNotice() {
  const status = useQuery({ queryKey: MFA_STATUS_KEY, queryFn: ({ signal }) => fetchMfaStatus(api, signal) });
  const { t } = useTranslation();
  const { pathname } = useLocation();
  if (status.data?.step !== 'enrol') return null;
  return (
    <Alert color="yellow" role="status" title={t('mfaNotice.title')} mb="md">
      {t('mfaNotice.body')}{' '}
      {pathname !== '/account' && (
        <Anchor component={Link} to={MFA_SETUP_PATH}>
          {t('mfaNotice.link')}
        </Anchor>
      )}
    </Alert>
  );
}
