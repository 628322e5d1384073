import { useTranslation } from 'react-i18next';
import { RoleDashboard } from '../shared/ui/RoleDashboard';

export function ManagerDashboard() {
  const { t } = useTranslation();
  return <RoleDashboard subtitle={t('dashboard.manager.subtitle')} emptyText={t('dashboard.manager.empty')} />;
}
