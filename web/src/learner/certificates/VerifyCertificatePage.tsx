import { Alert, Button, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api, isApiError } from '../../shared/api';
import { PublicFrame } from '../../shared/auth/PublicFrame';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { formatDate } from '../../shared/ui/format';
import { verifyCertificate, type CertificateVerificationView } from './certificates.api';

function Verified({ certificate }: { certificate: CertificateVerificationView }) {
  const { t, i18n } = useTranslation();
  const rows: [string, string][] = [
    [t('certificates.verify.learner'), certificate.learnerName],
    [certificate.subject === 'path' ? t('certificates.verify.path') : t('certificates.verify.course'), certificate.courseTitle],
    [t('certificates.verify.completed'), formatDate(certificate.completedAt, i18n.language)],
    ...(certificate.scorePercent === null ? [] : [[t('certificates.verify.score'), `${new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(certificate.scorePercent)} %`] as [string, string]]),
    [t('certificates.verify.site'), certificate.siteName],
    [t('certificates.verify.issued'), formatDate(certificate.issuedAt, i18n.language)],
    [t('certificates.verify.code'), certificate.code],
  ];
  return (
    <Stack gap="sm">
      <Alert color="green" role="status" title={t('certificates.verify.valid')} />
      <Table>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row">{label}</Table.Th>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** `/verify/:code` (public): whether a certificate is valid; a form to check another code. */
export function VerifyCertificatePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(code);
  const result = useQuery({
    queryKey: ['certificates', 'verify', code],
    queryFn: ({ signal }) => verifyCertificate(api, code, signal),
    enabled: code !== '',
    retry: false,
  });
  const notValid = isApiError(result.error) && result.error.code === 'LEARN_CERTIFICATE_NOT_VALID' ? result.error : null;
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = typed.trim();
    if (next) void navigate(`/verify/${encodeURIComponent(next)}`);
  };
  return (
    <PublicFrame title={t('certificates.verify.title')}>
      {code !== '' && result.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {result.data && <Verified certificate={result.data} />}
      {notValid && (
        <Alert color="red" role="alert" title={t('certificates.verify.notValid')}>
          {notValid.message}
        </Alert>
      )}
      {result.error && !notValid && <ErrorAlert error={result.error} />}
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <Text>{t('certificates.verify.intro')}</Text>
          <TextInput label={t('certificates.verify.code')} description={t('certificates.verify.codeHint')} value={typed} onChange={(event) => setTyped(event.currentTarget.value)} autoComplete="off" spellCheck={false} />
          <Button type="submit">{t('certificates.verify.check')}</Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
