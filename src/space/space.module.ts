import { tablesOf, type AreaModule } from '../platform/modules/index.js';
import { spacePrivacy } from './space.privacy.js';
import * as analyticsSchema from './analytics/analytics.schema.js';
import { referencedSpaceBlobs } from './library/items.repository.js';
import { libraryRecurringJobs } from './library/library.jobs.js';
import * as librarySchema from './library/library.schema.js';
import { spaceErrorFragments } from './space.errors.js';
import { spaceFieldLabels } from './space.field-labels.js';
import { spaceWorkspacePolicy } from './space.policy.js';
import { spaceRoutes } from './space.routes.js';
import { publishingEventHandlers, publishingJobHandlers } from './publishing/publishing.jobs.js';
import * as publishingSchema from './publishing/publishing.schema.js';
import * as reviewSchema from './review/review.schema.js';
import * as sharingSchema from './sharing/sharing.schema.js';
import * as membersSchema from './workspace/members.schema.js';
import { spaceSettings } from './workspace/space.settings.js';

/** Space, the team's library of e-learning material, as the platform sees it. */
export const spaceModule: AreaModule = {
  name: 'space',
  errors: spaceErrorFragments,
  fieldLabels: spaceFieldLabels,
  policies: [spaceWorkspacePolicy],
  // Seat limit and storage quota, set by the site's administrators.
  settings: [spaceSettings],
  routes: spaceRoutes,
  // The trash purged after 30 days, expired uploads removed.
  recurringJobs: libraryRecurringJobs,
  // "Publish to Learn": the event queues Learn's import of the version.
  jobHandlers: publishingJobHandlers,
  eventHandlers: publishingEventHandlers,
  // Versions' and uploads' chunks: the blobs the store's collector must keep.
  blobReferences: ({ db }) => (tenantId, hashes) => db.withTenant(tenantId, (tx) => referencedSpaceBlobs(tx, hashes)),
  // A person's files, comments and views in their export; at erasure membership goes, the team's content stays.
  privacy: spacePrivacy,
  schema: tablesOf(membersSchema, librarySchema, publishingSchema, sharingSchema, analyticsSchema, reviewSchema),
};
