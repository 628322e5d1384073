import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../shared/pages/NotFoundPage';
import { UserDetailPage } from './UserDetailPage';
import { UsersPage } from './UsersPage';

/** The user list and one user's page (nested routes under /users). */
export function UsersSection() {
  return (
    <Routes>
      <Route index element={<UsersPage />} />
      <Route path=":userId" element={<UserDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
