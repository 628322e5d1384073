import { Button, Group, Loader, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { fieldError, namesAnyField } from '../../shared/forms/fieldErrors';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { currentLanguage } from '../../shared/i18n';
import { LoadError } from '../../shared/ui/LoadError';
import { Section } from '../../shared/ui/Section';
import { IssuedCertificates } from './IssuedCertificates';
import {
  certificatePreviewUrl,
  certificateSettingsKey,
  courseCertificatesKey,
  fetchCertificateSettings,
  fetchCourseCertificates,
  saveCertificateSettings,
  type CertificateSettingsView,
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

/** The course's certificate: the template (on or off, heading, text, preview) and the certificates issued, with revocation. */
export function CertificatePanel({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: certificateSettingsKey(courseId), queryFn: ({ signal }) => fetchCertificateSettings(api, courseId, signal) });
  return (
    <Stack gap="lg">
      <Section title={t('certificates.admin.settingsTitle')} description={t('certificates.admin.settingsIntro')}>
        {settings.error && <LoadError error={settings.error} onRetry={() => void settings.refetch()} />}
        {settings.isPending && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
        {settings.data && <TemplateForm courseId={courseId} settings={settings.data} />}
      </Section>
      <Section title={t('certificates.admin.issuedTitle')}>
        <IssuedCertificates queryKey={courseCertificatesKey(courseId)} load={(signal) => fetchCourseCertificates(api, courseId, signal)} caption={t('certificates.admin.issuedCaption')} />
      </Section>
    </Stack>
  );
}
