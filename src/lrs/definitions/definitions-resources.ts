import { readAgentParameter } from '../documents/agent-parameter.js';
import { checkParameterNames, readActivityId } from '../documents/document-parameters.js';
import type { XapiCall, XapiClient, XapiDeps, XapiResource } from '../xapi/xapi-call.js';
import { findActivityDefinition } from './activities.repository.js';

const hasProperties = (value: unknown) => typeof value === 'object' && value !== null && Object.keys(value).length > 0;

/**
 * GET /xapi/activities?activityId=…: the Activity with the canonical definition the LRS keeps of
 * it; an Activity it never saw (or saw without a definition) is still answered, with its id only.
 */
async function getActivity(call: XapiCall, client: XapiClient, deps: XapiDeps) {
  checkParameterNames(call.params, { required: ['activityId'], optional: [], ofResource: ['activityId'] });
  const id = readActivityId(call.params);
  const definition = await deps.db.withTenant(client.tenant.id, (tx) => findActivityDefinition(tx, id));
  return { status: 200, body: hasProperties(definition) ? { objectType: 'Activity', id, definition } : { objectType: 'Activity', id } };
}

export const activitiesResource: XapiResource = { GET: getActivity, HEAD: getActivity };

const PERSON_PROPERTIES = ['name', 'mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

/**
 * GET /xapi/agents?agent=…: the Person the LRS knows for an Agent. It keeps no directory of
 * people, so the Person is the Agent given, each property as an array (which xAPI asks for when
 * the LRS has nothing more); naming a person's other identifiers would also need the stronger
 * permissions the specification asks for.
 */
async function getPerson(call: XapiCall) {
  checkParameterNames(call.params, { required: ['agent'], optional: [], ofResource: ['agent'] });
  // "a normal Agent Object with a single identifier and no arrays. It is not a Person Object, nor is it a Group."
  const { agent } = readAgentParameter(call.params.get('agent')!, call.version, { groups: false });
  const person: Record<string, unknown> = { objectType: 'Person' };
  for (const property of PERSON_PROPERTIES) if (agent[property] !== undefined) person[property] = [agent[property]];
  return { status: 200, body: person };
}

export const agentsResource: XapiResource = { GET: getPerson, HEAD: getPerson };
