import type { AreaRouteDeps, AreaRoutes } from '../platform/modules/index.js';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { coursePreviewRoutes } from './library/course-preview.routes.js';
import { thumbnailRoutes } from './library/thumbnails.routes.js';
import { libraryRoutes } from './library/items.routes.js';
import { publishingRoutes } from './publishing/publishing.routes.js';
import { attachmentRoutes } from './review/attachments.routes.js';
import { guestReviewRoutes } from './review/guest-review.routes.js';
import { reviewRoutes } from './review/review.routes.js';
import { sharingRoutes } from './sharing/sharing.routes.js';
import { membersRoutes } from './workspace/members.routes.js';
import { pdfViewerRoutes } from './pdf-viewer/pdf-viewer.routes.js';

/** The Space's routes on the app's origin (it serves no course content of its own yet). */
export function spaceRoutes(deps: AreaRouteDeps): AreaRoutes {
  return {
    app: async (app) => {
      await app.register(membersRoutes(deps.db));
      await app.register(libraryRoutes(deps));
      await app.register(coursePreviewRoutes(deps));
      await app.register(thumbnailRoutes(deps));
      await app.register(publishingRoutes(deps.db));
      await app.register(sharingRoutes(deps));
      await app.register(analyticsRoutes(deps));
      await app.register(reviewRoutes(deps));
      await app.register(attachmentRoutes(deps));
      await app.register(guestReviewRoutes(deps));
      await app.register(pdfViewerRoutes);
    },
  };
}
