import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** Sets the browser tab title to "<page> – Lectern". */
export function usePageTitle(page: string): void {
  const { t } = useTranslation();
  useDocumentTitle(page ? `${page} – ${t('app.name')}` : t('app.name'));
}
