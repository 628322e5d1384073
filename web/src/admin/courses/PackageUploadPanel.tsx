import { Button, FileInput, Group, List, Progress, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { currentLanguage } from '../../shared/i18n';
import { SuccessNote } from '../../shared/forms/SuccessNote';
import { Section } from '../../shared/ui/Section';
import { uploadPackage, type ImportResultView, type UploadProgress } from './courses.api';
import { uploadProblems } from './uploadProblems';
import { BlockedOriginsHint, hasBlockedOrigins } from './BlockedOriginsHint';

interface PackageUploadPanelProps {
  /** The course the package becomes the new version of; null imports it as a new course. */
  courseId: string | null;
  onImported: (result: ImportResultView) => void;
}

/** Choose a SCORM zip and upload it in resumable chunks, with a progress bar; shows the validation report. */
export function PackageUploadPanel({ courseId, onImported }: PackageUploadPanelProps) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ImportResultView | null>(null);
  const abort = useRef<AbortController | null>(null);

  const start = async () => {
    if (!file) return;
    setError(null);
    setResult(null);
    const controller = new AbortController();
    abort.current = controller;
    try {
      const imported = await uploadPackage(api, file, courseId, setProgress, controller.signal);
      setResult(imported);
      setFile(null);
      onImported(imported);
    } catch (caught) {
      if (!(caught instanceof DOMException && caught.name === 'AbortError')) setError(caught);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  const percent = progress ? Math.floor((progress.sentBytes / Math.max(1, progress.totalBytes)) * 100) : 0;
  const problems = uploadProblems(isApiError(error) ? error.fields : []);
  const isReport = problems.some((problem) => problem.kind === 'report');

  return (
    <Section title={courseId ? t('courses.upload.heading') : t('courses.upload.headingNew')} description={courseId ? t('courses.versions.note') : t('courses.upload.introNew')}>
      <FileInput
        label={t('courses.upload.file')}
        description={t('courses.upload.fileHint')}
        accept=".zip,application/zip,application/x-zip-compressed"
        value={file}
        onChange={setFile}
        disabled={progress !== null}
        clearable
      />
      <Group gap="sm">
        <Button onClick={() => void start()} disabled={!file || progress !== null} loading={progress !== null}>
          {t('courses.upload.start')}
        </Button>
        {progress && (
          <Button variant="default" onClick={() => abort.current?.abort()}>
            {t('courses.upload.cancel')}
          </Button>
        )}
      </Group>
      {progress && (
        <Stack gap={4}>
          <Progress value={progress.phase === 'importing' ? 100 : percent} animated={progress.phase === 'importing'} aria-label={t('courses.upload.progressLabel')} />
          <Text size="sm" role="status" aria-live="polite">
            {progress.phase === 'importing' ? t('courses.upload.importing') : t('courses.upload.sending', { percent })}
          </Text>
        </Stack>
      )}
      {error !== null && (
        <Stack gap="xs">
          <ErrorAlert error={error} title={isReport ? t('courses.upload.refused') : undefined} />
          {problems.length > 0 && (
            <List size="sm">
              {problems.map((problem, index) => (
                <List.Item key={index}>
                  <Text span fw={600} size="sm">
                    {problem.kind === 'report' ? t(`courses.upload.severity.${problem.severity}`) : problem.label ? t(`courses.upload.fields.${problem.label}`) : problem.field}
                  </Text>
                  : {problem.message}
                  {problem.kind === 'report' && ` (${problem.where})`}
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      )}
      {result && (
        <SuccessNote title={t('courses.upload.done', { version: result.version.version })}>
          {result.warnings.length > 0 && (
            <>
              <Text size="sm">{t('courses.upload.warnings')}</Text>
              <List size="sm">
                {result.warnings.map((warning, index) => (
                  <List.Item key={index}>
                    {warning.message[currentLanguage()]} ({warning.where}
                    {warning.detail ? `: ${warning.detail}` : ''})
                  </List.Item>
                ))}
              </List>
              {hasBlockedOrigins(result.warnings) && <BlockedOriginsHint />}
            </>
          )}
        </SuccessNote>
      )}
    </Section>
  );
}

