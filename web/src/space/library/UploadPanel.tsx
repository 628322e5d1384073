import { Button, Group, List, Progress, Stack, Text } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../shared/i18n';
import { Section } from '../../shared/ui/Section';
import classes from './library.module.css';
import { formatBytes } from './libraryQuery';
import { uploadPercent } from './spaceUpload';
import type { UploadEntry } from './useUploads';

interface UploadPanelProps {
  folderName: string;
  entries: readonly UploadEntry[];
  onFiles: (files: File[]) => void;
  onCancel: (key: number) => void;
  onRetry: (key: number) => void;
  onDismiss: () => void;
}

/** Where files are dropped or chosen (several at once), and each upload with its progress. */
export function UploadPanel({ folderName, entries, onFiles, onCancel, onRetry, onDismiss }: UploadPanelProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  const take = (files: FileList | null) => {
    if (files && files.length > 0) onFiles([...files]);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    take(event.dataTransfer.files);
  };
  const finished = entries.some((entry) => entry.status === 'done' || entry.status === 'cancelled');

  return (
    <Section title={t('space.upload.title')} description={t('space.upload.into', { folder: folderName })}>
      <div
        className={`${classes.dropzone} ${dragging ? classes.dropzoneActive : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => {
          setDragging(false);
        }}
        onDrop={onDrop}
      >
        <Stack gap="sm" align="center">
          <Text>{dragging ? t('space.upload.dropzoneActive') : t('space.upload.dropzone')}</Text>
          <input
            ref={input}
            id={inputId}
            type="file"
            multiple
            hidden
            onChange={(event) => {
              take(event.currentTarget.files);
              event.currentTarget.value = '';
            }}
          />
          <Button variant="default" onClick={() => input.current?.click()}>
            {t('space.upload.choose')}
          </Button>
        </Stack>
      </div>
      {entries.length > 0 && (
        <Stack gap="sm">
          <List listStyleType="none" spacing="sm" aria-label={t('space.upload.list')}>
            {entries.map((entry) => {
              const percent = entry.status === 'done' ? 100 : uploadPercent(entry.progress);
              const active = entry.status === 'sending' || entry.status === 'completing';
              return (
                <List.Item key={entry.key}>
                  <Stack gap={4}>
                    <Group justify="space-between" gap="xs" wrap="nowrap">
                      <Text size="sm" fw={600} className={classes.name}>
                        {entry.name}
                      </Text>
                      {active && (
                        <Button size="xs" variant="default" aria-label={t('space.upload.cancelNamed', { name: entry.name })} onClick={() => onCancel(entry.key)}>
                          {t('space.upload.cancel')}
                        </Button>
                      )}
                      {entry.status === 'failed' && (
                        <Group gap="xs" wrap="nowrap">
                          <Button size="xs" variant="light" aria-label={t('space.upload.retryNamed', { name: entry.name })} onClick={() => onRetry(entry.key)}>
                            {t('space.upload.retry')}
                          </Button>
                          <Button size="xs" variant="default" aria-label={t('space.upload.cancelNamed', { name: entry.name })} onClick={() => onCancel(entry.key)}>
                            {t('space.upload.cancel')}
                          </Button>
                        </Group>
                      )}
                    </Group>
                    <Progress
                      value={percent}
                      color={entry.status === 'failed' ? 'red' : entry.status === 'done' ? 'green' : undefined}
                      animated={entry.status === 'completing'}
                      aria-label={t('space.upload.progress', { name: entry.name })}
                    />
                    <Text size="xs" c={entry.status === 'failed' ? 'red' : 'dimmed'} role={entry.status === 'failed' ? 'alert' : 'status'}>
                      {entry.status === 'sending' &&
                        t('space.upload.sending', { percent, received: formatBytes(entry.progress.receivedBytes, language), total: formatBytes(entry.progress.totalBytes, language) })}
                      {entry.status === 'completing' && t('space.upload.completing')}
                      {entry.status === 'done' && t('space.upload.done')}
                      {entry.status === 'cancelled' && t('space.upload.cancelled')}
                      {entry.status === 'failed' && (
                        <>
                          {t('space.upload.failed')}: {entry.error instanceof Error ? entry.error.message : String(entry.error)}
                        </>
                      )}
                    </Text>
                  </Stack>
                </List.Item>
              );
            })}
          </List>
          {finished && (
            <Group>
              <Button size="xs" variant="subtle" onClick={onDismiss}>
                {t('space.upload.dismiss')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Section>
  );
}
