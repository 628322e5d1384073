// Every table of the platform and the areas, for drizzle-kit (drizzle.config.ts). Above the areas: platform never imports one.
export * from './platform/tenancy/tenancy.schema.js';
export * from './platform/identity/identity.schema.js';
export * from './platform/audit/audit.schema.js';
export * from './platform/guard/guard.schema.js';
export * from './platform/jobs/jobs.schema.js';
export * from './platform/groups/groups.schema.js';
export * from './platform/storage/storage.schema.js';
export * from './platform/events/events.schema.js';
export * from './platform/notifications/notifications.schema.js';
export * from './learn/categories/categories.schema.js';
export * from './learn/courses/courses.schema.js';
export * from './learn/enrolments/enrolments.schema.js';
export * from './learn/tracking/tracking.schema.js';
export * from './learn/launch/launch-grants.schema.js';
export * from './learn/certificates/certificates.schema.js';
export * from './learn/paths/paths.schema.js';
