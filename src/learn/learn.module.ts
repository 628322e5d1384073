import { tablesOf, type AreaModule } from '../platform/modules/index.js';
import { certificateEventHandlers } from './certificates/certificate-events.js';
import { certificatesPolicy } from './certificates/certificates.policy.js';
import { learnBlobReferences } from './courses/blob-references.js';
import { contentPolicy } from './content/content.policy.js';
import { categoriesPolicy } from './categories/categories.policy.js';
import { coursesPolicy } from './courses/courses.policy.js';
import { enrolmentsPolicy } from './enrolments/enrolments.policy.js';
import { reportsPolicy } from './reports/reports.policy.js';
import { pathsPolicy } from './paths/paths.policy.js';
import { pathEventHandlers } from './paths/path-events.js';
import { pathGroupSync } from './paths/path-group-listener.js';
import { teamPolicy } from './team/team.policy.js';
import * as categoriesSchema from './categories/categories.schema.js';
import * as certificatesSchema from './certificates/certificates.schema.js';
import * as coursesSchema from './courses/courses.schema.js';
import { learnEventHandlers } from './enrolments/enrolment-events.js';
import { groupEnrolmentSync } from './enrolments/group-change-listener.js';
import * as enrolmentsSchema from './enrolments/enrolments.schema.js';
import * as launchGrantsSchema from './launch/launch-grants.schema.js';
import { learnErrorFragments } from './learn.errors.js';
import { learnFieldLabels } from './learn.field-labels.js';
import { contentSettings } from './content/content.settings.js';
import { notificationSettings } from './notifications/notifications.settings.js';
import { learnJobHandlers, learnRecurringJobs } from './learn.jobs.js';
import { learnRoutes } from './learn.routes.js';
import { learnPrivacy } from './learn.privacy.js';
import * as pathsSchema from './paths/paths.schema.js';
import * as cmi5Schema from './cmi5/cmi5.schema.js';
import * as trackingSchema from './tracking/tracking.schema.js';

/** The Learn area (the LMS) as the platform sees it: everything it brings, in one place. */
export const learnModule: AreaModule = {
  name: 'learn',
  errors: learnErrorFragments,
  fieldLabels: learnFieldLabels,
  policies: [coursesPolicy, categoriesPolicy, enrolmentsPolicy, reportsPolicy, teamPolicy, contentPolicy, certificatesPolicy, pathsPolicy],
  // The site's settings of Learn's own, shown and changed with the others (/api/admin/settings).
  settings: [notificationSettings, contentSettings],
  routes: learnRoutes,
  jobHandlers: learnJobHandlers,
  recurringJobs: learnRecurringJobs,
  // Group enrolments and paths' groups follow group membership, in the transaction of the membership change.
  listeners: { groupChanges: [groupEnrolmentSync, pathGroupSync] },
  // Completions enter the audit trail, earn the course's certificate and open the courses waiting for them in learning paths.
  eventHandlers: [...learnEventHandlers, ...certificateEventHandlers, ...pathEventHandlers],
  // Package files, upload chunks and covers: the blobs the store's collector must keep.
  blobReferences: ({ db }) => learnBlobReferences(db),
  // A person's courses, attempts and certificates in their export; at erasure the records stay, their name goes.
  privacy: learnPrivacy,
  schema: tablesOf(categoriesSchema, coursesSchema, enrolmentsSchema, trackingSchema, launchGrantsSchema, certificatesSchema, pathsSchema, cmi5Schema),
};
