import type { Db, Orm } from '../../platform/db/index.js';
import { cmi5Aus, isCmi5Manifest, type Cmi5Course } from '../packages/cmi5-xml.js';
import { isXapiManifest, type TincanCourse } from '../packages/tincan-xml.js';
import { courseStructure, type CourseStructure, type PlayableItem } from './course-structure.js';
import type { LaunchGrants } from '../launch/launch-grants.service.js';
import { GroupCommitWriter } from './group-commit.js';
import { findAttemptIdentity, findVersion, type AttemptIdentity, type VersionRow } from './tracking.repository.js';

export interface CompiledVersion {
  versionId: string;
  scormVersion: string;
  structure: CourseStructure;
  playableById: Map<string, PlayableItem>;
  /** An xAPI course's activity and launch (from its tincan.xml); null for SCORM. */
  xapi: TincanCourse | null;
  /** A cmi5 course's structure (from its cmi5.xml); null for SCORM and xAPI. */
  cmi5: Cmi5Course | null;
  /** A cmi5 course's AUs by their LMS id: their place in cmi5.xml, which their launch address names. */
  cmi5AuIndex: ReadonlyMap<string, number>;
  /** A cmi5 course's AUs (LMS ids) whose launchMethod is OwnWindow. */
  cmi5OwnWindow: ReadonlySet<string>;
}

const MAX_VERSIONS = 1_000;
const MAX_ATTEMPTS = 100_000;

/**
 * What the tracking routes share: the group-commit writer and two caches that spare the commit
 * path a database read. Both hold facts that never change: a version's manifest, and an
 * attempt's owner and version (whether the attempt is still open is checked in the write).
 */
export class TrackingContext {
  readonly writer: GroupCommitWriter;
  private readonly versions = new Map<string, CompiledVersion>();
  private readonly attempts = new Map<string, AttemptIdentity & { tenantId: string }>();

  constructor(
    readonly db: Db,
    /** The launch credentials: the player's content frame commits and reads files with them. */
    readonly grants: LaunchGrants,
  ) {
    this.writer = new GroupCommitWriter(db, { concurrency: db.kind === 'pglite' ? 1 : 2, maxBatch: 500 });
  }

  compile(tenantId: string, version: VersionRow): CompiledVersion {
    const key = `${tenantId}/${version.id}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const structure = courseStructure(version.manifest);
    const aus = isCmi5Manifest(version.manifest) ? cmi5Aus(version.manifest.cmi5) : [];
    const compiled: CompiledVersion = {
      versionId: version.id,
      scormVersion: version.scormVersion ?? version.manifest.scormVersion,
      structure,
      playableById: new Map(structure.playable.map((item) => [item.identifier, item])),
      xapi: isXapiManifest(version.manifest) ? version.manifest.xapi : null,
      cmi5: isCmi5Manifest(version.manifest) ? version.manifest.cmi5 : null,
      cmi5AuIndex: new Map(aus.map((au, index) => [au.lmsId, index])),
      cmi5OwnWindow: new Set(aus.filter((au) => au.launchMethod === 'OwnWindow').map((au) => au.lmsId)),
    };
    if (this.versions.size >= MAX_VERSIONS) this.versions.clear();
    this.versions.set(key, compiled);
    return compiled;
  }

  async version(tenantId: string, versionId: string, tx?: Orm): Promise<CompiledVersion | undefined> {
    const cached = this.versions.get(`${tenantId}/${versionId}`);
    if (cached) return cached;
    const row = tx ? await findVersion(tx, versionId) : await this.db.withTenant(tenantId, (t) => findVersion(t, versionId));
    return row ? this.compile(tenantId, row) : undefined;
  }

  rememberAttempt(tenantId: string, identity: AttemptIdentity): void {
    if (this.attempts.size >= MAX_ATTEMPTS) this.attempts.clear();
    this.attempts.set(identity.attemptId, { ...identity, tenantId });
  }

  forgetAttempt(attemptId: string): void {
    this.attempts.delete(attemptId);
  }

  async attempt(tenantId: string, attemptId: string): Promise<AttemptIdentity | undefined> {
    const cached = this.attempts.get(attemptId);
    if (cached) return cached.tenantId === tenantId ? cached : undefined;
    const identity = await this.db.withTenant(tenantId, (tx) => findAttemptIdentity(tx, attemptId));
    if (identity) this.rememberAttempt(tenantId, identity);
    return identity;
  }
}
