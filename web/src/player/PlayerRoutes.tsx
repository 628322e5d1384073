import { NotFoundPage } from '../shared/pages/NotFoundPage';

/** The course player (full window, under /play/…): a learner's attempt, or an admin's preview that records nothing. */
export function PlayerRoutes() {
  return <NotFoundPage />;
}
