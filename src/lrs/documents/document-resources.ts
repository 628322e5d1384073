import { agentKeyOfIdentifier } from '../xapi/identity-keys.js';
import type { DocumentRequest, XapiAnswer, XapiCall, XapiClient, XapiDeps, XapiResource } from '../xapi/xapi-call.js';
import { badParameter, badRequest, XapiError } from '../xapi/xapi-error.js';
import type { XapiVersion } from '../xapi/xapi-version.js';
import { readAgentParameter } from './agent-parameter.js';
import { checkParameterNames, readActivityId, readDocumentId, readRegistration, readSince } from './document-parameters.js';
import { etagOf, preconditionsOf, quotedEtag, unconditionalPutOf } from './document-preconditions.js';
import type { DocumentContext, DocumentKind } from './documents.repository.js';
import { listDocuments, readDocument, removeDocument, removeDocuments, storeDocument } from './documents.service.js';

type Params = ReadonlyMap<string, string>;

interface DocumentResourceDefinition {
  kind: DocumentKind;
  idName: 'stateId' | 'profileId';
  /** The parameters that name the documents' context (activity, agent, registration). */
  contextRequired: readonly string[];
  contextOptional: readonly string[];
  readContext(params: Params, version: XapiVersion): DocumentContext;
  /** Whether DELETE without an id deletes every document of the context (State only). */
  deletesContext: boolean;
}

const agentKeyOf = (params: Params, version: XapiVersion) => agentKeyOfIdentifier(readAgentParameter(params.get('agent')!, version, { groups: true }).identifier);

/** The type a document is stored as: the request's Content-Type, which must be one header line. */
function contentTypeOf(call: XapiCall): string | undefined {
  const value = call.contentType;
  // The alternate syntax takes it from a form field, which can hold anything.
  if (value !== undefined && (value.length > 255 || !/^[\x20-\x7e]*$/.test(value))) {
    throw badRequest('LRS_HEADER_INVALID', { en: 'The header Content-Type is not a media type.', de: 'Der Header Content-Type ist kein Medientyp.' }, 'Content-Type');
  }
  return value;
}

function listAnswer(rows: { documentId: string; updatedAt: Date }[]): XapiAnswer {
  const body = Buffer.from(JSON.stringify(rows.map((row) => row.documentId)), 'utf8');
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', etag: quotedEtag(etagOf(body)) };
  // The most recent change among the documents listed (xAPI: SHOULD*).
  const latest = rows.reduce((max, row) => Math.max(max, row.updatedAt.getTime()), -Infinity);
  if (rows.length > 0) headers['last-modified'] = new Date(latest).toUTCString();
  return { status: 200, headers, body };
}

function givenDocument(client: XapiClient, request: DocumentRequest): { contentType: string; content: Buffer; etag: string; updatedAt: Date } | undefined {
  const given = client.documents?.given?.(request);
  return given ? { ...given, etag: etagOf(given.content) } : undefined;
}

/**
 * A document resource (State, Activity Profile, Agent Profile): GET and HEAD one document by
 * its id or the ids of its context (`since`: changed after), PUT to store, POST to merge JSON
 * objects, DELETE one (or, for State, every document of the context). Concurrency follows the
 * request's xAPI version: see document-preconditions.ts.
 */
function documentResource(definition: DocumentResourceDefinition): XapiResource {
  const { kind, idName, contextRequired, contextOptional } = definition;
  const ofResource = [...contextRequired, ...contextOptional, idName, 'since'];

  const get = async (call: XapiCall, client: XapiClient, deps: XapiDeps): Promise<XapiAnswer> => {
    checkParameterNames(call.params, { required: contextRequired, optional: [...contextOptional, idName, 'since'], ofResource });
    if (call.params.has(idName) && call.params.has('since')) throw badParameter('since', 'not-allowed', `not together with ${idName}`);
    const context = definition.readContext(call.params, call.version);
    const documentId = readDocumentId(call.params, idName);
    const request = { ...context, method: call.method, documentId, contentType: call.contentType, body: call.body };
    await client.documents?.admit(request);
    // A client that keeps nothing here (its statements handed off) has no documents either, but those its owner gives it.
    if (documentId === undefined) return listAnswer(client.handOff ? [] : await listDocuments(deps.db, client.tenant.id, context, readSince(call.params, call.version)));
    const document = client.handOff ? givenDocument(client, request) : await readDocument(deps.db, client.tenant.id, { ...context, documentId });
    if (!document) throw new XapiError(404, 'LRS_DOCUMENT_NOT_FOUND', { en: 'There is no such document.', de: 'Dieses Dokument gibt es nicht.' }, idName);
    return {
      status: 200,
      headers: {
        'content-type': document.contentType,
        etag: quotedEtag(document.etag),
        'last-modified': document.updatedAt.toUTCString(),
        // Any bytes of any type a key's holder chose, served from the site's origin: a browser that opens one must neither render nor run it here.
        'content-disposition': 'attachment',
        'content-security-policy': "sandbox; default-src 'none'",
      },
      body: document.content,
    };
  };

  const write =
    (method: 'PUT' | 'POST') =>
    async (call: XapiCall, client: XapiClient, deps: XapiDeps): Promise<XapiAnswer> => {
      checkParameterNames(call.params, { required: [...contextRequired, idName], optional: contextOptional, ofResource });
      const key = { ...definition.readContext(call.params, call.version), documentId: readDocumentId(call.params, idName)! };
      await client.documents?.admit({ ...key, method, contentType: call.contentType, body: call.body });
      if (client.handOff) return { status: 204 };
      await storeDocument(deps.db, client.tenant.id, key, {
        method,
        contentType: contentTypeOf(call),
        body: call.body,
        preconditions: preconditionsOf(call),
        unconditionalPut: unconditionalPutOf(kind, call.version),
      });
      return { status: 204 };
    };

  const remove = async (call: XapiCall, client: XapiClient, deps: XapiDeps): Promise<XapiAnswer> => {
    const idRequired = !definition.deletesContext;
    checkParameterNames(call.params, { required: idRequired ? [...contextRequired, idName] : contextRequired, optional: idRequired ? contextOptional : [...contextOptional, idName], ofResource });
    const context = definition.readContext(call.params, call.version);
    const documentId = readDocumentId(call.params, idName);
    await client.documents?.admit({ ...context, method: 'DELETE', documentId, contentType: call.contentType, body: call.body });
    if (client.handOff) return { status: 204 };
    const preconditions = preconditionsOf(call);
    if (documentId !== undefined) {
      await removeDocument(deps.db, client.tenant.id, { ...context, documentId }, preconditions);
      return { status: 204 };
    }
    // A precondition names one document's version; ignoring it here could delete what the client meant to keep.
    if (preconditions.ifMatch || preconditions.ifNoneMatch) {
      throw badRequest(
        'LRS_DOCUMENT_PRECONDITION_UNSUPPORTED',
        { en: `If-Match and If-None-Match apply to one document: name it with ${idName}.`, de: `If-Match und If-None-Match gelten für ein Dokument: bitte mit ${idName} benennen.` },
        idName,
      );
    }
    await removeDocuments(deps.db, client.tenant.id, context);
    return { status: 204 };
  };

  return { GET: get, HEAD: get, PUT: write('PUT'), POST: write('POST'), DELETE: remove };
}

/** /xapi/activities/state: documents of an activity and agent, optionally of one registration. */
export const stateResource = documentResource({
  kind: 'state',
  idName: 'stateId',
  contextRequired: ['activityId', 'agent'],
  contextOptional: ['registration'],
  readContext: (params, version) => ({
    kind: 'state',
    activityId: readActivityId(params, { limit: true }),
    agentKey: agentKeyOf(params, version),
    registration: readRegistration(params),
  }),
  deletesContext: true,
});

/** /xapi/activities/profile: documents of an activity. */
export const activityProfileResource = documentResource({
  kind: 'activity_profile',
  idName: 'profileId',
  contextRequired: ['activityId'],
  contextOptional: [],
  readContext: (params) => ({ kind: 'activity_profile', activityId: readActivityId(params, { limit: true }), agentKey: null, registration: null }),
  deletesContext: false,
});

/** /xapi/agents/profile: documents of an agent (or of an identified group, by its identifier). */
export const agentProfileResource = documentResource({
  kind: 'agent_profile',
  idName: 'profileId',
  contextRequired: ['agent'],
  contextOptional: [],
  readContext: (params, version) => ({ kind: 'agent_profile', activityId: null, agentKey: agentKeyOf(params, version), registration: null }),
  deletesContext: false,
});
