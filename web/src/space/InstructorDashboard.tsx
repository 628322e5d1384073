import { useTranslation } from 'react-i18next';
import { RoleDashboard } from '../shared/ui/RoleDashboard';

export function InstructorDashboard() {
  const { t } = useTranslation();
  return <RoleDashboard subtitle={t('dashboard.instructor.subtitle')} emptyText={t('dashboard.instructor.empty')} />;
}
