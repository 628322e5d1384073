// What a course's button offers, from the learner's status in it; free of React so it can be unit-tested.
import type { MyEnrolmentView } from '../learner.api';

export type CourseAction = 'start' | 'continue' | 'review';

/** A finished course (completed or passed) is opened again; one not begun is started; any other is continued. */
export function courseAction(status: MyEnrolmentView['status'] | null): CourseAction {
  if (status === 'completed' || status === 'passed') return 'review';
  return status === null || status === 'not_started' ? 'start' : 'continue';
}
