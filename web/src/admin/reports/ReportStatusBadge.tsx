import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS } from './CompletionChart';
import type { ReportStatus } from './reports.api';

/** A progress status as the reports show it: its word, in its chart colour. */
export function ReportStatusBadge({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={STATUS_COLORS[status]} tt="none" miw="max-content">
      {t(`reports.status.${status}`)}
    </Badge>
  );
}
