import { useTranslation } from 'react-i18next';
import { RoleDashboard } from '../shared/ui/RoleDashboard';

export function AdminDashboard() {
  const { t } = useTranslation();
  return <RoleDashboard subtitle={t('dashboard.admin.subtitle')} emptyText={t('dashboard.admin.empty')} />;
}
