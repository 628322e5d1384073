import { Route, Routes, useParams } from 'react-router-dom';
import { NotFoundPage } from '../../shared/pages/NotFoundPage';
import { PathDetailPage } from './PathDetailPage';
import { PathEditorPage } from './PathEditorPage';
import { PathListPage } from './PathListPage';

/** A path's pages start afresh for another path (their notices and forms belong to one path). */
function PathDetailRoute() {
  const { pathId } = useParams();
  return <PathDetailPage key={pathId} />;
}

function PathEditRoute() {
  const { pathId } = useParams();
  return <PathEditorPage key={pathId} pathId={pathId} />;
}

/** The learning paths: the list, a new path, a path with its groups and learners, and its editor (nested routes under /paths). */
export function PathsPage() {
  return (
    <Routes>
      <Route index element={<PathListPage />} />
      <Route path="new" element={<PathEditorPage />} />
      <Route path=":pathId" element={<PathDetailRoute />} />
      <Route path=":pathId/edit" element={<PathEditRoute />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
