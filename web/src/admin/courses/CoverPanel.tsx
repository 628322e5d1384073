import { Button, FileInput, Group, Image, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { ErrorAlert } from '../../shared/forms/ErrorAlert';
import { Section } from '../../shared/ui/Section';
import { coverUrl, removeCover, uploadCover, type CourseView } from './courses.api';

/** The course's cover image: shown, replaced (PNG, JPEG, WebP) or removed. */
export function CoverPanel({ course, onChanged }: { course: CourseView; onChanged: (course: CourseView) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<CourseView>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await work());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={t('courses.cover.heading')}>
      {course.hasCover ? (
        <Image src={coverUrl(course)} alt={t('courses.cover.alt', { title: course.title })} maw={320} radius="md" />
      ) : (
        <Text c="dimmed">{t('courses.cover.none')}</Text>
      )}
      {error !== null && <ErrorAlert error={error} />}
      <Group align="flex-end" gap="sm">
        <FileInput
          label={t('courses.cover.choose')}
          accept="image/png,image/jpeg,image/webp"
          disabled={busy}
          value={null}
          onChange={(file) => {
            if (file) void run(() => uploadCover(course.id, file));
          }}
          w={360}
        />
        {course.hasCover && (
          <Button variant="default" loading={busy} onClick={() => void run(() => removeCover(api, course.id))}>
            {t('courses.cover.remove')}
          </Button>
        )}
      </Group>
    </Section>
  );
}
