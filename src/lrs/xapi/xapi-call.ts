import type { Actor } from '../../platform/access/index.js';
import type { Db, Orm } from '../../platform/db/index.js';
import type { BlobStore } from '../../platform/storage/index.js';
import type { Tenant } from '../../platform/tenancy/index.js';
import type { XapiVersion } from './xapi-version.js';

export type XapiMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

/**
 * One xAPI request, whichever way it came (a plain request, or 1.0.x's alternate request syntax
 * with method, headers and content in a form): what the resources handle, free of Fastify.
 */
export interface XapiCall {
  method: XapiMethod;
  /** The query parameters (or, in the alternate syntax, the form's), by their exact names. */
  params: ReadonlyMap<string, string>;
  version: XapiVersion;
  contentType: string | undefined;
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
  acceptLanguage: string | undefined;
  body: Buffer;
  /** Whether the request came in the alternate syntax (its answers are those of the method it names). */
  alternate: boolean;
}

/** Who calls: the site and the authenticated client (an LRS key), and how statements name it as their authority. */
export interface XapiClient {
  tenant: Tenant;
  actor: Actor;
  /** What `authority_key` holds for statements this client stores. */
  authorityKey: string;
  /** Whether it reads only the statements stored with its own authority (`statements/read/mine`, a launched course). */
  ownStatementsOnly: boolean;
  /** The Agent a statement this client stores gets as its authority. */
  authority: Record<string, unknown>;
  /** The site's address (for accounts' homePage and absolute `more` links). */
  siteUrl: string;
  requestId: string;
  ip: string;
  /** The rules of a launched course (Learn's xAPI and cmi5 launches); an LRS key has none. */
  gate?: StatementGate | undefined;
  /** The document rules of a launched course (cmi5: LMS.LaunchData is the LMS's, learner preferences are checked). */
  documents?: DocumentGate | undefined;
  /**
   * A client whose statements the LRS does not keep (another area's viewer playing a course, whose
   * reports belong to that area): they are checked like any (and by the gate), given their ids,
   * `stored` and authority, and handed to this instead. Such a client reads no statements back and
   * keeps no documents: reads find none, writes are answered and dropped.
   */
  handOff?: ((statements: readonly Record<string, unknown>[]) => Promise<void>) | undefined;
}

/** A request to a document resource, as a gate sees it (after its parameters were checked). */
export interface DocumentRequest {
  kind: 'state' | 'activity_profile' | 'agent_profile';
  method: XapiMethod;
  activityId: string | null;
  agentKey: string | null;
  registration: string | null;
  /** Undefined for a request about every document of the context. */
  documentId: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

/** A document a client's owner holds for it, not the LRS (see DocumentGate.given). */
export interface GivenDocument {
  contentType: string;
  content: Buffer;
  updatedAt: Date;
}

/** Told of every document request of a launched course before it is carried out: throws an XapiError to refuse it. */
export interface DocumentGate {
  admit(request: DocumentRequest): Promise<void>;
  /**
   * For a client whose records the LRS does not keep (`handOff`): a document its owner answers
   * itself when it is read (cmi5's LMS.LaunchData of an area viewer's session), else undefined.
   */
  given?(request: DocumentRequest): GivenDocument | undefined;
}

/**
 * What a launched course may record, and what its launch learns from what it recorded: checked
 * before statements are stored (another learner's actor, another registration, a cmi5 rule broken:
 * throw an XapiError) and told in the storing transaction (progress commits with the statements).
 */
export interface StatementGate {
  admit(statements: readonly Record<string, unknown>[]): Promise<void>;
  stored(tx: Orm, statements: readonly Record<string, unknown>[]): Promise<void>;
}

export interface XapiAnswer {
  status: number;
  headers?: Record<string, string>;
  /** JSON (an object or array), bytes, or nothing. */
  body?: unknown;
}

export interface XapiDeps {
  db: Db;
  storage: BlobStore;
  /** The line answers are given in when a request names none the LRS speaks. */
  unnamedVersion: XapiVersion;
}

/** A resource's handlers by method, each handed the authenticated client; a method it lacks is answered 405. */
export type XapiResource = Partial<Record<XapiMethod, (call: XapiCall, client: XapiClient, deps: XapiDeps) => Promise<XapiAnswer>>>;

/** A resource open to anybody (About): its handlers get no client, for none is authenticated. */
export type OpenXapiResource = Partial<Record<XapiMethod, (call: XapiCall, deps: XapiDeps) => Promise<XapiAnswer>>>;
