import { Badge, Button, Group, Loader, Stack, Switch, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { usePermissions } from '../../shared/auth/permissions';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../../shared/forms/fieldErrors';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { currentLanguage } from '../../shared/i18n';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { formatDate } from '../../shared/ui/format';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { TableScroller } from '../../shared/ui/TableScroller';
import classes from '../../shared/ui/ui.module.css';
import {
  certificatePreviewUrl,
  certificateSettingsKey,
  courseCertificatesKey,
  fetchCertificateSettings,
  fetchCourseCertificates,
  revokeCertificate,
  saveCertificateSettings,
  type CertificateSettingsView,
  type CertificateView,
} from '../../learner/certificates/certificates.api';

const FIELDS = ['enabled', 'heading', 'body'] as const;

function TemplateForm({ courseId, settings }: { courseId: string; settings: CertificateSettingsView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(settings.enabled);
  const [heading, setHeading] = useState(settings.heading ?? '');
  const [body, setBody] = useState(settings.body ?? '');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const next = await saveCertificateSettings(api, courseId, { enabled, heading: heading.trim() === '' ? null : heading, body: body.trim() === '' ? null : body });
      queryClient.setQueryData(certificateSettingsKey(courseId), next);
      setSaved(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate>
      <Stack gap="md">
        {saved && <SuccessNote>{t('certificates.admin.saved')}</SuccessNote>}
        {error !== null && !namesAnyField(error, FIELDS) && <ErrorAlert error={error} />}
        <Switch label={t('certificates.admin.enabled')} checked={enabled} onChange={(event) => setEnabled(event.currentTarget.checked)} error={fieldError(error, 'enabled')} />
        <TextInput label={t('certificates.admin.heading')} description={t('certificates.admin.headingHint')} value={heading} maxLength={120} onChange={(event) => setHeading(event.currentTarget.value)} error={fieldError(error, 'heading')} />
        <Textarea label={t('certificates.admin.body')} value={body} autosize minRows={2} maxLength={1000} onChange={(event) => setBody(event.currentTarget.value)} error={fieldError(error, 'body')} />
        <Group gap="sm">
          <Button type="submit" loading={busy}>
            {t('certificates.admin.save')}
          </Button>
          <Button component="a" variant="default" href={certificatePreviewUrl(courseId, currentLanguage())} download>
            {t('certificates.admin.preview')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RevokeButton({ certificate, courseId, onRevoked }: { certificate: CertificateView; courseId: string; onRevoked: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const name = certificate.learnerName;
  return (
    <ConfirmAction
      label={t('certificates.admin.revoke')}
      ariaLabel={t('certificates.admin.revokeLabel', { name })}
      title={t('certificates.admin.revokeTitle')}
      body={
        <Stack gap="sm">
          <Text>{t('certificates.admin.revokeBody', { name })}</Text>
          <Textarea label={t('certificates.admin.reason')} required value={reason} maxLength={500} autosize minRows={2} onChange={(event) => setReason(event.currentTarget.value)} />
        </Stack>
      }
      confirmLabel={t('certificates.admin.revoke')}
      // A revocation is recorded with its reason: the button waits for one.
      confirmDisabled={reason.trim() === ''}
      onConfirm={async () => {
        await revokeCertificate(api, certificate.id, reason);
        await queryClient.invalidateQueries({ queryKey: courseCertificatesKey(courseId) });
        onRevoked();
      }}
    />
  );
}

function IssuedCertificates({ courseId }: { courseId: string }) {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const mayRevoke = permissions.data?.granted.has('learn.certificates.revoke') ?? false;
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery({ queryKey: courseCertificatesKey(courseId), queryFn: ({ signal }) => fetchCourseCertificates(api, courseId, signal) });
  if (list.error) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <Loader size="sm" aria-label={t('app.loading')} />;
  if (list.data.length === 0) return <Text c="dimmed">{t('certificates.admin.none')}</Text>;
  return (
    <Stack gap="sm">
      {notice && <SuccessNote>{notice}</SuccessNote>}
      <TableScroller label={t('certificates.admin.issuedCaption')} minWidth={640}>
        <Table>
          <Table.Caption className={classes.visuallyHidden}>{t('certificates.admin.issuedCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('certificates.admin.columns.learner')}</Table.Th>
              <Table.Th>{t('certificates.admin.columns.completed')}</Table.Th>
              <Table.Th>{t('certificates.admin.columns.code')}</Table.Th>
              <Table.Th>{t('certificates.admin.columns.state')}</Table.Th>
              {mayRevoke && <Table.Th>{t('certificates.admin.columns.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((certificate) => (
              <Table.Tr key={certificate.id}>
                <Table.Td>{certificate.learnerName}</Table.Td>
                <Table.Td>{formatDate(certificate.completedAt, i18n.language)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{certificate.code}</Table.Td>
                <Table.Td>
                  {certificate.state === 'valid' ? (
                    <Badge color="green" variant="light">
                      {t('certificates.mine.valid')}
                    </Badge>
                  ) : (
                    <Text size="sm">{t('certificates.admin.revokedBecause', { reason: certificate.revokeReason ?? '' })}</Text>
                  )}
                </Table.Td>
                {mayRevoke && (
                  <Table.Td>
                    {certificate.state === 'valid' && <RevokeButton certificate={certificate} courseId={courseId} onRevoked={() => setNotice(t('certificates.admin.revoked'))} />}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroller>
    </Stack>
  );
}

/** The course's certificate: the template (on or off, heading, text, preview) and the certificates issued, with revocation. */
export function CertificatePanel({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: certificateSettingsKey(courseId), queryFn: ({ signal }) => fetchCertificateSettings(api, courseId, signal) });
  return (
    <Stack gap="lg">
      <Section title={t('certificates.admin.settingsTitle')} description={t('certificates.admin.settingsIntro')}>
        {settings.error && <LoadError error={settings.error} onRetry={() => void settings.refetch()} />}
        {settings.isPending && <Loader size="sm" aria-label={t('app.loading')} />}
        {settings.data && <TemplateForm courseId={courseId} settings={settings.data} />}
      </Section>
      <Section title={t('certificates.admin.issuedTitle')}>
        <IssuedCertificates courseId={courseId} />
      </Section>
    </Stack>
  );
}
