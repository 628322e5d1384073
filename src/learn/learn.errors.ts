import { courseErrors } from './courses/courses.errors.js';
import { enrolmentErrors } from './enrolments/enrolments.errors.js';
import { launchErrors } from './launch/launch.errors.js';
import { packageErrors } from './packages/packages.errors.js';
import { reportErrors } from './reports/reports.errors.js';
import { trackingErrors } from './tracking/tracking.errors.js';

/**
 * The error codes of the Learn area, one fragment per feature; each feature's file adds its
 * fragment to the platform's catalogue when it is loaded, and loading this file (as the area's
 * routes do) loads them all.
 */
export const learnErrorFragments = { packageErrors, courseErrors, enrolmentErrors, trackingErrors, reportErrors, launchErrors };

type LearnErrors = typeof packageErrors & typeof courseErrors & typeof enrolmentErrors & typeof trackingErrors & typeof reportErrors & typeof launchErrors;

declare module '../platform/http/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ErrorCatalogue extends LearnErrors {}
}
