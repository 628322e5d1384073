import { courseErrors } from './courses/courses.errors.js';
import { enrolmentErrors } from './enrolments/enrolments.errors.js';
import { packageErrors } from './packages/packages.errors.js';
import { reportErrors } from './reports/reports.errors.js';
import { trackingErrors } from './tracking/tracking.errors.js';

/** The error codes of the Learn area, one fragment per feature; the platform's catalogue takes them in. */
export const learnErrorFragments = { packageErrors, courseErrors, enrolmentErrors, trackingErrors, reportErrors };
