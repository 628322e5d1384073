import { Button, CopyButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Copies `value` to the clipboard and says so (the label change is announced via aria-live). */
export function CopyText({ value, label }: { value: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button variant="default" size="xs" onClick={copy} aria-live="polite">
          {copied ? t('app.copied') : (label ?? t('app.copy'))}
        </Button>
      )}
    </CopyButton>
  );
}
