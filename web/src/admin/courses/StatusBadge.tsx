import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CourseStatusValue } from './courses.api';

const COLOURS: Record<CourseStatusValue, string> = { draft: 'gray', published: 'green', archived: 'orange' };

export function StatusBadge({ status }: { status: CourseStatusValue }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLOURS[status]} variant="light">
      {t(`courses.status.${status}`)}
    </Badge>
  );
}
