import { useTranslation } from 'react-i18next';
import { RoleDashboard } from '../shared/ui/RoleDashboard';

export function LearnerDashboard() {
  const { t } = useTranslation();
  return <RoleDashboard subtitle={t('dashboard.learner.subtitle')} emptyText={t('dashboard.learner.empty')} />;
}
