import { ComingSoonPage } from '../../shared/pages/ComingSoonPage';

/** Groups and departments (nested) with their members. */
export function GroupsPage() {
  return <ComingSoonPage navKey="groups" />;
}
