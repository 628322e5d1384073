import { isIri, isMailtoIri, isSha1Hex, isUri } from './formats.js';
import {
  failure,
  isJsonObject,
  pathOf,
  typeFailure,
  VALID,
  type ValidationFailure,
  type ValidationResult,
  type XapiVersion,
} from './validation-result.js';

/**
 * What may stand where an Agent or Group is expected: `any` (actor, instructor, authority, an
 * Agent or Group as object), `agent` (an Agent only: a context agent), `group` (a Group only: team,
 * a context group), `member` (a Group's member: an Agent, never a Group), `identified` (an Agent or
 * a Group with an identifier: whatever an Agent or Group is looked up by).
 */
export type AgentPlace = 'any' | 'agent' | 'group' | 'member' | 'identified';

/** The first problem of an Agent or Group (1.0.3 §2.4.2, IEEE 9274.1.1 §4.2.2.1), or undefined. */
export function checkAgentOrGroup(value: unknown, field: string, place: AgentPlace): ValidationFailure | undefined {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  let objectType: unknown;
  let name: unknown;
  let mbox: unknown;
  let mboxSha1sum: unknown;
  let openid: unknown;
  let account: unknown;
  let member: unknown;
  let identifiers = 0;
  for (const key of Object.keys(value)) {
    const property = value[key];
    switch (key) {
      case 'objectType':
        objectType = property;
        break;
      case 'name':
        name = property;
        break;
      case 'mbox':
        mbox = property;
        identifiers++;
        break;
      case 'mbox_sha1sum':
        mboxSha1sum = property;
        identifiers++;
        break;
      case 'openid':
        openid = property;
        identifiers++;
        break;
      case 'account':
        account = property;
        identifiers++;
        break;
      case 'member':
        member = property;
        break;
      default:
        return failure(pathOf(field, key), 'unknown-property');
    }
    if (property === null) return failure(pathOf(field, key), 'null');
  }

  if (objectType !== undefined && typeof objectType !== 'string') return typeFailure(objectType, pathOf(field, 'objectType'), 'string');
  if (objectType !== undefined && objectType !== 'Agent' && objectType !== 'Group') {
    return failure(pathOf(field, 'objectType'), 'object-type', 'Agent, Group');
  }
  // A Group always says so; without objectType it is an Agent.
  const isGroup = objectType === 'Group';
  if (place === 'member' && isGroup) return failure(pathOf(field, 'objectType'), 'group-member');
  if (place === 'agent' && isGroup) return failure(pathOf(field, 'objectType'), 'object-type', 'Agent');
  if (place === 'group' && !isGroup) return failure(pathOf(field, 'objectType'), 'object-type', 'Group');
  if (name !== undefined && typeof name !== 'string') return typeFailure(name, pathOf(field, 'name'), 'string');
  if (!isGroup && member !== undefined) return failure(pathOf(field, 'member'), 'unknown-property');

  if (isGroup ? identifiers > 1 : identifiers !== 1) return failure(field, 'one-identifier', isGroup ? 'Group' : 'Agent');
  if (mbox !== undefined && !(typeof mbox === 'string' && isMailtoIri(mbox))) return failure(pathOf(field, 'mbox'), 'mbox');
  if (mboxSha1sum !== undefined && !(typeof mboxSha1sum === 'string' && isSha1Hex(mboxSha1sum))) {
    return failure(pathOf(field, 'mbox_sha1sum'), 'mbox-sha1sum');
  }
  if (openid !== undefined && !(typeof openid === 'string' && isUri(openid))) return failure(pathOf(field, 'openid'), 'openid');
  if (account !== undefined) {
    const problem = checkAccount(account, pathOf(field, 'account'));
    if (problem) return problem;
  }

  if (!isGroup) return undefined;
  if (identifiers === 0) {
    if (place === 'identified') return failure(field, 'one-identifier', 'identified');
    if (member === undefined) return failure(pathOf(field, 'member'), 'required');
  }
  if (member === undefined) return undefined;
  const memberField = pathOf(field, 'member');
  if (!Array.isArray(member)) return typeFailure(member, memberField, 'array');
  // An Anonymous Group is nothing but its members; an Identified Group may list none.
  if (identifiers === 0 && member.length === 0) return failure(memberField, 'empty');
  for (let index = 0; index < member.length; index++) {
    const problem = checkAgentOrGroup(member[index], pathOf(memberField, index), 'member');
    if (problem) return problem;
  }
  return undefined;
}

function checkAccount(account: unknown, field: string): ValidationFailure | undefined {
  if (!isJsonObject(account)) return typeFailure(account, field, 'object');
  let homePage: unknown;
  let name: unknown;
  for (const key of Object.keys(account)) {
    const property = account[key];
    if (key === 'homePage') homePage = property;
    else if (key === 'name') name = property;
    else return failure(pathOf(field, key), 'unknown-property');
  }
  if (homePage === undefined) return failure(pathOf(field, 'homePage'), 'required');
  if (typeof homePage !== 'string') return typeFailure(homePage, pathOf(field, 'homePage'), 'string');
  if (!isIri(homePage)) return failure(pathOf(field, 'homePage'), 'iri');
  if (name === undefined) return failure(pathOf(field, 'name'), 'required');
  if (typeof name !== 'string') return typeFailure(name, pathOf(field, 'name'), 'string');
  return undefined;
}

/**
 * Checks an Agent or Group outside a Statement, as the LRS's parameters receive them. `accept`
 * narrows what may stand there: `identified` for what is looked up by its identifier (the `agent`
 * filter of GET /statements: an Agent or Identified Group), `agent` where the specification names
 * an Agent Object (GET /agents, the State and Agent Profile resources). The rules are the same in
 * 1.0.x and 2.0.
 */
export function validateAgent(value: unknown, _version: XapiVersion, options: { accept?: 'any' | 'identified' | 'agent' } = {}): ValidationResult {
  return checkAgentOrGroup(value, '', options.accept ?? 'any') ?? VALID;
}

/**
 * The key of an Agent's or Identified Group's inverse functional identifier: `mbox:mailto:…`,
 * `mbox_sha1sum:<hex>`, `openid:<uri>`, `account:<homePage> <name>` (a homePage holds no space, so
 * the first space ends it). Undefined for an Anonymous Group or anything without exactly one.
 * Compared as sent, except the SHA-1 in lower case (hex has no case).
 */
export function inverseFunctionalIdentifierOf(agent: unknown): string | undefined {
  if (!isJsonObject(agent)) return undefined;
  const { mbox, mbox_sha1sum: mboxSha1sum, openid, account } = agent;
  const present = [mbox, mboxSha1sum, openid, account].filter((identifier) => identifier !== undefined && identifier !== null);
  if (present.length !== 1) return undefined;
  if (typeof mbox === 'string') return `mbox:${mbox}`;
  if (typeof mboxSha1sum === 'string') return `mbox_sha1sum:${mboxSha1sum.toLowerCase()}`;
  if (typeof openid === 'string') return `openid:${openid}`;
  if (isJsonObject(account) && typeof account.homePage === 'string' && typeof account.name === 'string') {
    return `account:${account.homePage} ${account.name}`;
  }
  return undefined;
}
