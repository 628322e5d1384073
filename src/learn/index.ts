// Learn's public entry: what other areas and the top of the application may use (lint: nothing else of
// learn/ may be imported from outside it). Other areas react to Learn's events and grant or revoke
// access with the enrolment use cases (the store, on payment and refund).
export { learnModule } from './learn.module.js';
export { enrolmentCompleted } from './enrolments/enrolment-events.js';
export { enrolUsers, unenrol } from './enrolments/enrolments.service.js';
export { endPurchasedAccess, grantPurchasedAccess, sweepExpiredPurchasedAccess, type PurchasedAccessGrant } from './enrolments/purchased-access.js';
export { courseOutlines, type CourseOutline } from './courses/course-outline.js';
export { checkCoursePackage } from './packages/check-package.js';
export { importPackageFromArea, mayPublishCourses, type PublishedCourse } from './courses/publish-from-area.js';
export { dropAreaPreviews, findAreaPreview, importAreaPreview } from './courses/preview-from-area.js';
export { endAreaGrants, endAreaGrantsOf, launchAreaPreview, launchForAreaViewer } from './tracking/area-preview-launch.js';
export { publishedCourseVersion } from './tracking/course-preview.js';
export { registerAreaCommitSink } from './learn-runtime.js';
export type { AreaScoProgress } from './tracking/area-commits.js';
export type { LaunchData } from './tracking/tracking.contract.js';
export { launchResponse } from './tracking/tracking.contract.js';
