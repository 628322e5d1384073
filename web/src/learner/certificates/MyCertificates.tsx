import { Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { formatDate } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { certificatePdfUrl, fetchMyCertificates, MY_CERTIFICATES_KEY, requestCertificate, type CertificateView } from './certificates.api';

/** The learner's certificates (one query, shared by the list and the course cards). */
export function useMyCertificates() {
  return useQuery({ queryKey: MY_CERTIFICATES_KEY, queryFn: ({ signal }) => fetchMyCertificates(api, signal) });
}

function CertificateItem({ certificate }: { certificate: CertificateView }) {
  const { t, i18n } = useTranslation();
  const valid = certificate.state === 'valid';
  return (
    <Paper component="article" withBorder radius="md" p="md" aria-label={certificate.courseTitle}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h5">
            {certificate.courseTitle}
          </Title>
          <Badge color={valid ? 'green' : 'red'} variant="light" style={{ flexShrink: 0 }}>
            {t(valid ? 'certificates.mine.valid' : 'certificates.mine.revoked')}
          </Badge>
        </Group>
        {/* A learning path's certificate certifies the whole path (its title stands where a course's would). */}
        {certificate.pathId !== null && (
          <Text size="sm" fw={600} c="dimmed">
            {t('certificates.mine.path')}
          </Text>
        )}
        <Text size="sm">{t('certificates.mine.issuedOn', { date: formatDate(certificate.issuedAt, i18n.language) })}</Text>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {t('certificates.mine.code', { code: certificate.code })}
        </Text>
        {valid && (
          <Group>
            <Button component="a" href={certificatePdfUrl(certificate.id)} download size="sm" variant="default" aria-label={t('certificates.mine.downloadLabel', { title: certificate.courseTitle })}>
              {t('certificates.mine.download')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** "My certificates": each with its download, and the completed courses whose certificate can still be had. */
export function MyCertificates() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const certificates = useMyCertificates();
  const [notice, setNotice] = useState<string | null>(null);
  const get = useMutation({
    mutationFn: (claim: { enrolmentId: string; courseTitle: string }) => requestCertificate(api, claim.enrolmentId),
    onSuccess: async (_result, claim) => {
      setNotice(t('certificates.mine.got', { title: claim.courseTitle }));
      await queryClient.invalidateQueries({ queryKey: MY_CERTIFICATES_KEY });
    },
  });
  return (
    <Section id="certificates" title={t('certificates.mine.title')} description={t('certificates.mine.intro')}>
      {notice && <SuccessNote>{notice}</SuccessNote>}
      {get.error && <ErrorAlert error={get.error} />}
      {certificates.error && <LoadError error={certificates.error} onRetry={() => void certificates.refetch()} />}
      {certificates.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
      {certificates.data && (
        <Stack gap="md">
          {certificates.data.certificates.length === 0 && certificates.data.claimable.length === 0 && <Text c="dimmed">{t('certificates.mine.none')}</Text>}
          {certificates.data.certificates.map((certificate) => (
            <CertificateItem key={certificate.id} certificate={certificate} />
          ))}
          {certificates.data.claimable.length > 0 && (
            <Stack gap="xs">
              <Text>{t('certificates.mine.claimable')}</Text>
              {certificates.data.claimable.map((claim) => (
                <Group key={claim.enrolmentId} justify="space-between" gap="sm">
                  <Text fw={600}>{claim.courseTitle}</Text>
                  <Button size="sm" loading={get.isPending && get.variables.enrolmentId === claim.enrolmentId} aria-label={t('certificates.mine.getLabel', { title: claim.courseTitle })} onClick={() => get.mutate(claim)}>
                    {t('certificates.mine.get')}
                  </Button>
                </Group>
              ))}
            </Stack>
          )}
        </Stack>
      )}
    </Section>
  );
}
