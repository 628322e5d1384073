import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isPastDay } from './dueDate';

interface DueFieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  /** What the date means and what a past day does (default: an enrolment's). */
  hint?: string;
  pastHint?: string;
}

/** A due date as a local day (empty: none). */
export function DueField({ value, onChange, error, hint, pastHint }: DueFieldProps) {
  const { t } = useTranslation();
  return (
    <TextInput
      type="date"
      label={t('enrolments.dueDate')}
      // A past day is not refused (an administrator may mean it), but not taken silently either: the field says so.
      description={isPastDay(value) ? (pastHint ?? t('enrolments.duePast')) : (hint ?? t('enrolments.dueHint'))}
      value={value}
      onChange={(event) => {
        onChange(event.currentTarget.value);
      }}
      error={error}
      w={200}
    />
  );
}
