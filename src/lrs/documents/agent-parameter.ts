import { inverseFunctionalIdentifierOf, validateAgent } from '../statements/validation/validate-agent.js';
import { badParameter } from '../xapi/xapi-error.js';
import type { XapiVersion } from '../xapi/xapi-version.js';

export interface AgentParameter {
  /** The Agent as given (an Identified Group's identifying properties and name, for the document resources). */
  agent: Record<string, unknown>;
  /** Its inverse functional identifier (`mbox:mailto:…`, `account:<homePage> <name>`, …). */
  identifier: string;
}

const IDENTIFYING = ['name', 'mbox', 'mbox_sha1sum', 'openid', 'account'];

/**
 * Reads an `agent` parameter: the JSON of an Agent. With `groups`, also of an Identified Group,
 * which stands for its identifier (the document resources: "Learning Record Providers wishing to
 * store data against an Identified Group can use the Identified Group's identifier"); its members,
 * if listed, do not count. An anonymous group has no identifier and is refused.
 */
export function readAgentParameter(raw: string, version: XapiVersion, options: { groups: boolean }): AgentParameter {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw badParameter('agent', 'invalid', 'not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badParameter('agent', 'invalid', 'not a JSON object');
  let agent = value as Record<string, unknown>;
  if (agent.objectType === 'Group') {
    if (!options.groups) throw badParameter('agent', 'invalid', 'an Agent, not a Group');
    if (agent.member !== undefined && !Array.isArray(agent.member)) throw badParameter('agent', 'invalid', 'member must be an array');
    agent = Object.fromEntries(Object.entries(agent).filter(([key]) => IDENTIFYING.includes(key)));
  }
  const check = validateAgent(agent, version);
  if (!check.ok) throw badParameter('agent', 'invalid', check.field ? `${check.field} ${check.problem}` : check.problem);
  const identifier = inverseFunctionalIdentifierOf(agent);
  if (identifier === undefined) throw badParameter('agent', 'invalid', 'an Agent or Identified Group with one identifier');
  return { agent, identifier };
}
