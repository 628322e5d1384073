import { createHash } from 'node:crypto';

/**
 * The launch of an xAPI ("Tin Can API") course, by the launch convention its authoring tools
 * follow (Rustici's "xAPI launch"): the course's launch file is opened with the LRS endpoint, the
 * credential, the learner's actor, the registration and the course activity's id in its query.
 * The endpoint is the content origin's copy of the LRS under the attempt's launch credential: the
 * course never talks to the app's origin.
 */

/** The agent that stands for a learner in statements: the site's address and the user's id, no name beyond the display name, no e-mail address. */
export interface LearnerAgent {
  objectType: 'Agent';
  name: string;
  account: { homePage: string; name: string };
}

export function learnerAgent(siteUrl: string, userId: string, displayName: string): LearnerAgent {
  return { objectType: 'Agent', name: displayName, account: { homePage: siteUrl, name: userId } };
}

/**
 * The registration of an area viewer's xAPI launch (they have no attempt): a UUID made from the
 * area's reference, the same every time, so the LRS can check a statement's registration against
 * the credential alone.
 */
export function areaRegistrationOf(areaRef: string): string {
  const hex = createHash('sha256').update(`area-registration:${areaRef}`).digest('hex');
  // RFC 9562 version 8 (custom), variant 10.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The LRS endpoint a launched course posts to (with a trailing slash, as the convention expects). */
export function xapiEndpointOf(contentOrigin: string, token: string): string {
  return `${contentOrigin}/launch/${token}/xapi/`;
}

/** The user name of the Basic credential a course sends back from `auth`; the password is the launch token. */
export const LAUNCH_CREDENTIAL_USER = 'launch';

/** The `Authorization` value a course sends with every request (it copies the `auth` parameter as it is). */
export function xapiAuthorizationOf(token: string): string {
  return `Basic ${Buffer.from(`${LAUNCH_CREDENTIAL_USER}:${token}`, 'utf8').toString('base64')}`;
}

/** The launch token a Basic credential of this form carries, else undefined. */
export function tokenOfXapiAuthorization(authorization: string): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || decoded.slice(0, colon) !== LAUNCH_CREDENTIAL_USER) return undefined;
  return decoded.slice(colon + 1);
}

export interface XapiLaunchParameters {
  endpoint: string;
  auth: string;
  actor: LearnerAgent;
  registration: string;
  activityId: string;
}

/** The parameters of an attempt's launch. */
export function xapiLaunchParameters(input: { contentOrigin: string; token: string; siteUrl: string; userId: string; displayName: string; registration: string; activityId: string }): XapiLaunchParameters {
  return {
    endpoint: xapiEndpointOf(input.contentOrigin, input.token),
    auth: xapiAuthorizationOf(input.token),
    actor: learnerAgent(input.siteUrl, input.userId, input.displayName),
    registration: input.registration,
    activityId: input.activityId,
  };
}

/**
 * The launch file's address relative to the package root with the launch parameters in its query:
 * after a query the launch file has of its own, before its fragment. Every value is percent-encoded
 * (the actor's JSON too), as the convention's readers decode them.
 */
export function xapiLaunchHref(launchHref: string, parameters: XapiLaunchParameters): string {
  const hashAt = launchHref.indexOf('#');
  const beforeFragment = hashAt < 0 ? launchHref : launchHref.slice(0, hashAt);
  const fragment = hashAt < 0 ? '' : launchHref.slice(hashAt);
  const query = [
    ['endpoint', parameters.endpoint],
    ['auth', parameters.auth],
    ['actor', JSON.stringify(parameters.actor)],
    ['registration', parameters.registration],
    ['activity_id', parameters.activityId],
  ]
    .map(([name, value]) => `${name}=${encodeURIComponent(value!)}`)
    .join('&');
  const separator = beforeFragment.includes('?') ? (beforeFragment.endsWith('?') || beforeFragment.endsWith('&') ? '' : '&') : '?';
  return `${beforeFragment}${separator}${query}${fragment}`;
}

/** The content's absolute address on the content origin, as the launch frame opens it. */
export function xapiLaunchUrl(contentOrigin: string, token: string, href: string): string {
  return `${contentOrigin}/c/${token}/${href.replace(/^\/+/, '')}`;
}
