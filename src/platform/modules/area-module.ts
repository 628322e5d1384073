import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import type { EventHandler } from '../events/event-handlers.js';
import type { GroupChangeListener } from '../groups/group-changes.js';
import type { TrafficBudgets } from '../guard/traffic-budgets.js';
import type { CatalogueEntry } from '../http/errors.js';
import type { FieldLabels } from '../http/validation-messages.js';
import type { JobHandlers } from '../jobs/job-registry.js';
import type { RecurringJob } from '../jobs/recurring-jobs.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import type { BlobReferences, BlobStore } from '../storage/blob-store.js';
import type { Policy } from '../access/policy.js';
import type { SettingsSection } from '../tenancy/settings-sections.js';
import type { AreaPrivacy } from '../privacy/area-privacy.js';
import type { PrivilegeSource } from '../access/reviews/privilege-source.js';

/** What every part of an area is built from. */
export interface AreaDeps {
  db: Db;
  config: Config;
  /** Where the areas keep files (platform/storage). */
  storage: BlobStore;
}

/** What an area's routes are built from (buildApp hands it over). */
export interface AreaRouteDeps extends AreaDeps {
  /** The tenant of an id, cached (the content origin finds tenants by credential, not by host). */
  tenantById: (id: string) => Promise<Tenant | undefined>;
  /** Where the built launch frame (the content origin's page around course content) lives. */
  launchDir: string;
  /** The rate limits per kind of traffic, shared by the app and the content origin. */
  budgets?: TrafficBudgets | undefined;
}

/**
 * An area's routes on both origins. Built by one call because the two usually share state (Learn's
 * launch credentials and commit batching serve the player on the app and the commits on the
 * content origin).
 */
export interface AreaRoutes {
  /** Routes of the app's origin. */
  app: FastifyPluginAsync;
  /** Routes of the content origin (hostile content, no session): none if the area serves no content. */
  content?: FastifyPluginAsync;
}

/** An error fragment: codes with their HTTP status and text in both languages. */
export type ErrorFragment = Readonly<Record<string, CatalogueEntry>>;

/** What an area hears from the platform; each entry is registered once at start-up. */
export interface AreaListeners {
  /** Group membership changes, called inside the change's transaction. */
  groupChanges?: readonly GroupChangeListener[];
}

/**
 * Everything an area brings to the platform, in one declaration (`<area>/<area>.module.ts`). The app,
 * the server, the CLI and the tests read the list of modules (`src/modules.ts`); nothing joins by
 * being imported, so a part that is not declared here is missing at start, not at the first request.
 */
export interface AreaModule {
  /** One lower-case word (`learn`); the area's error codes start with it (`LEARN_`), and by convention its job kinds (`learn.`). */
  name: string;
  /** The area's error codes, one fragment per feature (by fragment name). */
  errors: Readonly<Record<string, ErrorFragment>>;
  /** What people call the area's API fields (by name, in both languages): refused input names them so. */
  fieldLabels?: FieldLabels;
  /** The area's policies (`*.policy.ts`): what its routes and services ask, and what `/api/me/permissions` lists. */
  policies?: readonly Policy[];
  /** The area's sections of a site's settings (read with sectionSettingsOf; shown and changed by the settings API). */
  settings?: readonly SettingsSection[];
  /** The area's HTTP routes. */
  routes?: (deps: AreaRouteDeps) => AreaRoutes;
  /** Handlers of the area's background jobs, by job kind. */
  jobHandlers?: (deps: AreaDeps) => JobHandlers;
  /** The area's periodic jobs (one chain per kind across nodes). */
  recurringJobs?: (deps: AreaDeps) => RecurringJob[];
  listeners?: AreaListeners;
  /** Privileges the area hands out (credentials, keys): the access review lists them and revokes them through these. */
  privileges?: readonly PrivilegeSource[];
  /** The area's reactions to domain events (its own and other areas'), delivered by the job worker. */
  eventHandlers?: readonly EventHandler[];
  /** Which stored blobs the area still refers to: the store's collector deletes blobs no module refers to. */
  blobReferences?: (deps: AreaDeps) => BlobReferences;
  /** What the area adds to a person's data export and does at their erasure (platform/privacy); docs/privacy.md describes both. */
  privacy?: AreaPrivacy;
  /** The area's tables (drizzle objects by export name); `src/schema.ts` must export exactly these for the area. */
  schema: Readonly<Record<string, unknown>>;
}
