import type { LightMyRequestResponse } from 'fastify';
import type { LrsTestSite } from '../lrs.test-support.js';

export const ACTIVITY = 'http://www.example.com/activityId/hashset';
export const AGENT = { objectType: 'Agent', account: { homePage: 'http://www.example.com/agentId/1', name: 'Rick James' } };

/** A query string as xAPI clients send it: objects (the agent) as JSON, everything percent-encoded. */
export function query(params: Record<string, unknown>): string {
  const pairs = Object.entries(params).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

export interface DocumentRequest {
  params: Record<string, unknown>;
  /** A JS object is sent as application/json; a string or Buffer with `contentType`. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  version?: string;
}

/** A request to a document resource through the site's LRS (a key of every scope). */
export function documentRequest(site: LrsTestSite, method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE', path: string, request: DocumentRequest): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  let payload: string | Buffer | undefined;
  if (request.body !== undefined) {
    payload = typeof request.body === 'string' || Buffer.isBuffer(request.body) ? request.body : JSON.stringify(request.body);
    headers['content-type'] = request.contentType ?? 'application/json';
  }
  return site.xapi({ method, url: `/xapi${path}${query(request.params)}`, headers, ...(payload !== undefined ? { payload } : {}) }, request.version);
}

let counter = 0;
/** A fresh document id for each test, as the conformance suite uses (documents are never shared by accident). */
export const freshId = (prefix = 'doc') => `${prefix}-${Date.now().toString(36)}-${++counter}`;
