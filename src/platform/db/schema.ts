// Every table of the platform and the areas, for drizzle-kit and for typed queries.
export * from '../tenancy/tenancy.schema.js';
export * from '../identity/identity.schema.js';
export * from '../audit/audit.schema.js';
export * from '../guard/guard.schema.js';
export * from '../jobs/jobs.schema.js';
