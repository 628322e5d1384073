// The public entry of platform/db for the areas. Tables build their tenant column with tenant-column.ts (public too,
// so drizzle-kit loads the tables without the database client).
export { queryPreparedRows, queryRows, type Db, type Orm } from './client.js';
export { tenantIdColumn } from './tenant-column.js';
export { qualified } from './qualified.js';
export { containsPattern } from './like-pattern.js';
export { isDeadlock } from './constraint-violations.js';
