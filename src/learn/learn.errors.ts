import { categoryErrors } from './categories/categories.errors.js';
import { certificateErrors } from './certificates/certificates.errors.js';
import { contentOriginErrors } from './content/content.errors.js';
import { courseErrors } from './courses/courses.errors.js';
import { enrolmentErrors } from './enrolments/enrolments.errors.js';
import { launchErrors } from './launch/launch.errors.js';
import { pathErrors } from './paths/paths.errors.js';
import { packageErrors } from './packages/packages.errors.js';
import { progressErrors } from './progress/progress.errors.js';
import { reportErrors } from './reports/reports.errors.js';
import { trackingErrors } from './tracking/tracking.errors.js';
import { cmi5Errors } from './cmi5/cmi5.errors.js';

/**
 * The error codes of the Learn area, one fragment per feature. They join the catalogue from the
 * area's module (learn.module.ts) when the module list is installed at start, not when a file is
 * loaded; the codes' types join the ErrorCatalogue below.
 */
export const learnErrorFragments = { packageErrors, courseErrors, categoryErrors, enrolmentErrors, trackingErrors, progressErrors, reportErrors, launchErrors, certificateErrors, contentOriginErrors, pathErrors, cmi5Errors };

type LearnErrors = typeof packageErrors &
  typeof courseErrors &
  typeof categoryErrors &
  typeof enrolmentErrors &
  typeof trackingErrors &
  typeof progressErrors &
  typeof reportErrors &
  typeof launchErrors &
  typeof certificateErrors &
  typeof contentOriginErrors &
  typeof pathErrors &
  typeof cmi5Errors;

declare module '../platform/http/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ErrorCatalogue extends LearnErrors {}
}
