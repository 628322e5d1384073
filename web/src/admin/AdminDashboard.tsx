import { useTranslation } from 'react-i18next';
import { RoleDashboard } from '../shared/ui/RoleDashboard';
import { OverviewPanel } from './dashboard/OverviewPanel';

/** `/` for administrators: the site at a glance. */
export function AdminDashboard() {
  const { t } = useTranslation();
  return (
    <RoleDashboard subtitle={t('dashboard.admin.subtitle')}>
      <OverviewPanel link={{ to: '/reports', label: t('overview.toReports') }} />
    </RoleDashboard>
  );
}
