import { isDuration, isIri, isLanguageTag, isMediaType, isSha2Hex, isUuid, parseTimestamp } from './formats.js';
import { checkAgentOrGroup } from './validate-agent.js';
import {
  failure,
  isJsonObject,
  pathOf,
  typeFailure,
  VALID,
  type JsonObject,
  type ValidationFailure,
  type ValidationResult,
  type XapiVersion,
} from './validation-result.js';

/*
 * Statement validation after xAPI 1.0.3 Part Two and IEEE 9274.1.1 (2.0.0) §4.2, as the ADL LRS
 * conformance suite tests them. Every object is read key by key: a key the standard does not name
 * is refused (case-sensitive), so nothing is read from a prototype and `__proto__` is just an
 * unknown key. Values inside extensions are free-form and never walked; everything else has a fixed
 * depth (Groups hold only Agents, SubStatements do not nest), so no input can make this recurse deeply.
 */

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

type ObjectKind = 'Activity' | 'Agent' | 'Group' | 'StatementRef' | 'SubStatement';
type Check = ValidationFailure | undefined;

/** Which lists of interaction components each interactionType may carry (1.0.3 §2.4.4.1, interaction components). */
const COMPONENTS_OF_INTERACTION = new Map<string, readonly string[]>([
  ['true-false', []],
  ['choice', ['choices']],
  ['fill-in', []],
  ['long-fill-in', []],
  ['matching', ['source', 'target']],
  ['performance', ['steps']],
  ['sequencing', ['choices']],
  ['likert', ['scale']],
  ['numeric', []],
  ['other', []],
]);
const INTERACTION_TYPES = [...COMPONENTS_OF_INTERACTION.keys()].join(', ');

const VERSION_PATTERN: Record<XapiVersion, RegExp> = {
  '1.0': /^1\.0(?:\.\d+)?$/,
  // A 2.0 LRS also stores statements made for 1.0.x: the 2.0 suite sends `1.0` and `1.0.9` and expects them stored.
  '2.0': /^[12]\.0(?:\.\d+)?$/,
};

/**
 * Checks one Statement as sent to the LRS. With `substatement`, the value is the object of a
 * Statement whose objectType is `SubStatement`. Context activities sent as one object are valid;
 * turning them into lists is the storing side's job.
 */
export function validateStatement(value: unknown, version: XapiVersion, options: { substatement?: boolean } = {}): ValidationResult {
  return checkStatement(value, '', version, options.substatement === true) ?? VALID;
}

/**
 * Checks the body of POST /statements: one Statement, or a list of them (paths then begin with the
 * index, `0.actor`). An empty list is valid (nothing to store; the suite does not test it). Ids
 * used twice in one list are refused (case does not count in a UUID).
 */
export function validateStatements(value: unknown, version: XapiVersion): ValidationResult {
  if (!Array.isArray(value)) {
    if (!isJsonObject(value)) return typeFailure(value, '', 'object, array');
    return checkStatement(value, '', version, false) ?? VALID;
  }
  const ids = new Set<string>();
  for (let index = 0; index < value.length; index++) {
    const statement: unknown = value[index];
    const problem = checkStatement(statement, String(index), version, false);
    if (problem) return problem;
    const id = (statement as JsonObject).id;
    if (typeof id === 'string') {
      const key = id.toLowerCase();
      if (ids.has(key)) return failure(pathOf(String(index), 'id'), 'duplicate-id');
      ids.add(key);
    }
  }
  return VALID;
}

function checkStatement(value: unknown, field: string, version: XapiVersion, substatement: boolean): Check {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  let objectType: unknown;
  let id: unknown;
  let actor: unknown;
  let verb: unknown;
  let object: unknown;
  let result: unknown;
  let context: unknown;
  let timestamp: unknown;
  let stored: unknown;
  let authority: unknown;
  let statementVersion: unknown;
  let attachments: unknown;
  for (const key of Object.keys(value)) {
    const property = value[key];
    switch (key) {
      case 'objectType':
        if (!substatement) return failure(pathOf(field, key), 'unknown-property');
        objectType = property;
        break;
      case 'id':
        id = property;
        break;
      case 'actor':
        actor = property;
        break;
      case 'verb':
        verb = property;
        break;
      case 'object':
        object = property;
        break;
      case 'result':
        result = property;
        break;
      case 'context':
        context = property;
        break;
      case 'timestamp':
        timestamp = property;
        break;
      case 'stored':
        stored = property;
        break;
      case 'authority':
        authority = property;
        break;
      case 'version':
        statementVersion = property;
        break;
      case 'attachments':
        attachments = property;
        break;
      default:
        return failure(pathOf(field, key), 'unknown-property');
    }
    // What is a Statement's own and not a SubStatement's.
    if (substatement && (key === 'id' || key === 'stored' || key === 'version' || key === 'authority')) {
      return failure(pathOf(field, key), 'not-allowed', 'SubStatement');
    }
    if (property === null) return failure(pathOf(field, key), 'null');
  }

  if (substatement && objectType !== 'SubStatement') {
    return objectType === undefined ? failure(pathOf(field, 'objectType'), 'required') : failure(pathOf(field, 'objectType'), 'object-type', 'SubStatement');
  }
  if (actor === undefined) return failure(pathOf(field, 'actor'), 'required');
  if (verb === undefined) return failure(pathOf(field, 'verb'), 'required');
  if (object === undefined) return failure(pathOf(field, 'object'), 'required');

  let problem: Check;
  if (id !== undefined && (problem = checkUuid(id, pathOf(field, 'id')))) return problem;
  if ((problem = checkAgentOrGroup(actor, pathOf(field, 'actor'), 'any'))) return problem;
  if ((problem = checkVerb(verb, pathOf(field, 'verb')))) return problem;
  const objectKind = checkObject(object, pathOf(field, 'object'), version, substatement);
  if (typeof objectKind !== 'string') return objectKind;
  // The object of a voiding statement is the statement it voids (1.0.3 §2.3.2). The rule is kept for
  // SubStatements too: one with this verb would describe a voiding that names no statement.
  if ((verb as JsonObject).id === VOIDED_VERB && objectKind !== 'StatementRef') return failure(pathOf(field, 'object'), 'voiding');
  if (result !== undefined && (problem = checkResult(result, pathOf(field, 'result')))) return problem;
  if (context !== undefined && (problem = checkContext(context, pathOf(field, 'context'), version, objectKind))) return problem;
  if (timestamp !== undefined && (problem = checkTimestamp(timestamp, pathOf(field, 'timestamp'), version))) return problem;
  // The LRS sets `stored` itself, but one that was sent has to be a timestamp too (1.0.3 §2.4.8).
  if (stored !== undefined && (problem = checkTimestamp(stored, pathOf(field, 'stored'), version))) return problem;
  if (authority !== undefined && (problem = checkAuthority(authority, pathOf(field, 'authority')))) return problem;
  if (statementVersion !== undefined && (problem = checkVersion(statementVersion, pathOf(field, 'version'), version))) return problem;
  if (attachments !== undefined && (problem = checkAttachments(attachments, pathOf(field, 'attachments')))) return problem;
  return undefined;
}

function checkString(value: unknown, field: string): Check {
  return typeof value === 'string' ? undefined : typeFailure(value, field, 'string');
}

function checkIri(value: unknown, field: string): Check {
  if (typeof value !== 'string') return typeFailure(value, field, 'string');
  return isIri(value) ? undefined : failure(field, 'iri');
}

function checkUuid(value: unknown, field: string): Check {
  if (typeof value !== 'string') return typeFailure(value, field, 'string');
  return isUuid(value) ? undefined : failure(field, 'uuid');
}

function checkTimestamp(value: unknown, field: string, version: XapiVersion): Check {
  if (typeof value !== 'string') return typeFailure(value, field, 'string');
  return parseTimestamp(value, version) ? undefined : failure(field, 'timestamp', version);
}

function checkLanguageMap(value: unknown, field: string): Check {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  for (const tag of Object.keys(value)) {
    if (!isLanguageTag(tag)) return failure(pathOf(field, tag), 'language-tag');
    const text = value[tag];
    if (typeof text !== 'string') return typeFailure(text, pathOf(field, tag), 'string');
  }
  return undefined;
}

/** Keys are IRIs; values are anything, null included (1.0.3 §2.2, §4.1). */
function checkExtensions(value: unknown, field: string): Check {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  for (const key of Object.keys(value)) {
    if (!isIri(key)) return failure(pathOf(field, key), 'iri');
  }
  return undefined;
}

function checkVerb(value: unknown, field: string): Check {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  let id: unknown;
  let display: unknown;
  for (const key of Object.keys(value)) {
    const property = value[key];
    if (key === 'id') id = property;
    else if (key === 'display') display = property;
    else return failure(pathOf(field, key), 'unknown-property');
    if (property === null) return failure(pathOf(field, key), 'null');
  }
  if (id === undefined) return failure(pathOf(field, 'id'), 'required');
  return checkIri(id, pathOf(field, 'id')) ?? (display === undefined ? undefined : checkLanguageMap(display, pathOf(field, 'display')));
}

function checkObject(value: unknown, field: string, version: XapiVersion, inSubstatement: boolean): ObjectKind | ValidationFailure {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  const objectType = value.objectType;
  switch (objectType) {
    // Without objectType the object is an Activity; an Agent or Group as object has to say what it is.
    case undefined:
    case 'Activity':
      return checkActivity(value, field) ?? 'Activity';
    case 'Agent':
    case 'Group':
      return checkAgentOrGroup(value, field, 'any') ?? objectType;
    case 'StatementRef':
      return checkStatementRef(value, field) ?? 'StatementRef';
    case 'SubStatement':
      if (inSubstatement) return failure(pathOf(field, 'objectType'), 'nested-substatement');
      return checkStatement(value, field, version, true) ?? 'SubStatement';
    default:
      if (typeof objectType !== 'string') return typeFailure(objectType, pathOf(field, 'objectType'), 'string');
      return failure(pathOf(field, 'objectType'), 'object-type', 'Activity, Agent, Group, StatementRef, SubStatement');
  }
}

function checkStatementRef(value: unknown, field: string): Check {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  let objectType: unknown;
  let id: unknown;
  for (const key of Object.keys(value)) {
    const property = value[key];
    if (key === 'objectType') objectType = property;
    else if (key === 'id') id = property;
    else return failure(pathOf(field, key), 'unknown-property');
    if (property === null) return failure(pathOf(field, key), 'null');
  }
  if (objectType === undefined) return failure(pathOf(field, 'objectType'), 'required');
  if (objectType !== 'StatementRef') return failure(pathOf(field, 'objectType'), 'object-type', 'StatementRef');
  if (id === undefined) return failure(pathOf(field, 'id'), 'required');
  return checkUuid(id, pathOf(field, 'id'));
}

function checkActivity(value: unknown, field: string): Check {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  // Before the other keys: an Agent among context activities is better told by its objectType than by its mbox.
  if (Object.hasOwn(value, 'objectType') && value.objectType !== 'Activity') return failure(pathOf(field, 'objectType'), 'object-type', 'Activity');
  let id: unknown;
  let definition: unknown;
  for (const key of Object.keys(value)) {
    const property = value[key];
    if (key === 'id') id = property;
    else if (key === 'definition') definition = property;
    else if (key !== 'objectType') return failure(pathOf(field, key), 'unknown-property');
    if (property === null) return failure(pathOf(field, key), 'null');
  }
  if (id === undefined) return failure(pathOf(field, 'id'), 'required');
  return checkIri(id, pathOf(field, 'id')) ?? (definition === undefined ? undefined : checkDefinition(definition, pathOf(field, 'definition')));
}

function checkDefinition(value: unknown, field: string): Check {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  let interactionType: unknown;
  let correctResponsesPattern: unknown;
  let componentLists: string[] | undefined;
  let problem: Check;
  for (const key of Object.keys(value)) {
    const property = value[key];
    // A null value fails the type check of its property.
    switch (key) {
      case 'name':
      case 'description':
        problem = checkLanguageMap(property, pathOf(field, key));
        break;
      case 'type':
      case 'moreInfo':
        problem = checkIri(property, pathOf(field, key));
        break;
      case 'extensions':
        problem = checkExtensions(property, pathOf(field, key));
        break;
      case 'interactionType':
        interactionType = property;
        break;
      case 'correctResponsesPattern':
        correctResponsesPattern = property;
        break;
      case 'choices':
      case 'scale':
      case 'source':
      case 'target':
      case 'steps':
        (componentLists ??= []).push(key);
        break;
      default:
        return failure(pathOf(field, key), 'unknown-property');
    }
    if (problem) return problem;
  }

  let allowedLists: readonly string[] = [];
  if (interactionType !== undefined) {
    if (typeof interactionType !== 'string') return typeFailure(interactionType, pathOf(field, 'interactionType'), 'string');
    const lists = COMPONENTS_OF_INTERACTION.get(interactionType);
    if (lists === undefined) return failure(pathOf(field, 'interactionType'), 'interaction-type', INTERACTION_TYPES);
    allowedLists = lists;
  } else if (correctResponsesPattern !== undefined || componentLists !== undefined) {
    // The suite refuses a correctResponsesPattern or a component list on an Activity that does not say its interactionType.
    return failure(pathOf(field, 'interactionType'), 'interaction-type-required');
  }
  if (correctResponsesPattern !== undefined) {
    const patternField = pathOf(field, 'correctResponsesPattern');
    if (!Array.isArray(correctResponsesPattern)) return typeFailure(correctResponsesPattern, patternField, 'array');
    for (let index = 0; index < correctResponsesPattern.length; index++) {
      if ((problem = checkString(correctResponsesPattern[index], pathOf(patternField, index)))) return problem;
    }
  }
  for (const list of componentLists ?? []) {
    const listField = pathOf(field, list);
    if (!allowedLists.includes(list)) return failure(listField, 'interaction-component', interactionType as string);
    if ((problem = checkInteractionComponents(value[list], listField))) return problem;
  }
  return undefined;
}

function checkInteractionComponents(value: unknown, field: string): Check {
  if (!Array.isArray(value)) return typeFailure(value, field, 'array');
  const ids = new Set<string>();
  for (let index = 0; index < value.length; index++) {
    const componentField = pathOf(field, index);
    const component: unknown = value[index];
    if (!isJsonObject(component)) return typeFailure(component, componentField, 'object');
    let id: unknown;
    let description: unknown;
    for (const key of Object.keys(component)) {
      const property = component[key];
      if (key === 'id') id = property;
      else if (key === 'description') description = property;
      else return failure(pathOf(componentField, key), 'unknown-property');
      if (property === null) return failure(pathOf(componentField, key), 'null');
    }
    if (id === undefined) return failure(pathOf(componentField, 'id'), 'required');
    if (typeof id !== 'string') return typeFailure(id, pathOf(componentField, 'id'), 'string');
    if (ids.has(id)) return failure(pathOf(componentField, 'id'), 'duplicate-id');
    ids.add(id);
    if (description !== undefined) {
      const problem = checkLanguageMap(description, pathOf(componentField, 'description'));
      if (problem) return problem;
    }
  }
  return undefined;
}

function checkResult(value: unknown, field: string): Check {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  for (const key of Object.keys(value)) {
    const property = value[key];
    const propertyField = pathOf(field, key);
    let problem: Check;
    switch (key) {
      case 'score':
        problem = checkScore(property, propertyField);
        break;
      case 'success':
      case 'completion':
        problem = typeof property === 'boolean' ? undefined : typeFailure(property, propertyField, 'boolean');
        break;
      case 'response':
        problem = checkString(property, propertyField);
        break;
      case 'duration':
        if (typeof property !== 'string') problem = typeFailure(property, propertyField, 'string');
        else if (!isDuration(property)) problem = failure(propertyField, 'duration');
        break;
      case 'extensions':
        problem = checkExtensions(property, propertyField);
        break;
      default:
        return failure(propertyField, 'unknown-property');
    }
    if (problem) return problem;
  }
  return undefined;
}

function checkScore(value: unknown, field: string): Check {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  let scaled: number | undefined;
  let raw: number | undefined;
  let min: number | undefined;
  let max: number | undefined;
  for (const key of Object.keys(value)) {
    if (key !== 'scaled' && key !== 'raw' && key !== 'min' && key !== 'max') return failure(pathOf(field, key), 'unknown-property');
    const property = value[key];
    // Finite: JSON has no NaN or Infinity, but a caller handing over an object built in code might.
    if (typeof property !== 'number' || !Number.isFinite(property)) return typeFailure(property, pathOf(field, key), 'number');
    if (key === 'scaled') scaled = property;
    else if (key === 'raw') raw = property;
    else if (key === 'min') min = property;
    else max = property;
  }
  if (scaled !== undefined && (scaled < -1 || scaled > 1)) return failure(pathOf(field, 'scaled'), 'score-range', 'scaled');
  if (min !== undefined && max !== undefined && min >= max) return failure(pathOf(field, 'min'), 'score-range', 'min');
  if (raw !== undefined && ((min !== undefined && raw < min) || (max !== undefined && raw > max))) {
    return failure(pathOf(field, 'raw'), 'score-range', 'raw');
  }
  return undefined;
}

function checkContext(value: unknown, field: string, version: XapiVersion, objectKind: ObjectKind): Check {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  for (const key of Object.keys(value)) {
    const property = value[key];
    const propertyField = pathOf(field, key);
    let problem: Check;
    switch (key) {
      case 'registration':
        problem = checkUuid(property, propertyField);
        break;
      case 'instructor':
        problem = checkAgentOrGroup(property, propertyField, 'any');
        break;
      case 'team':
        problem = checkAgentOrGroup(property, propertyField, 'group');
        break;
      case 'contextActivities':
        problem = checkContextActivities(property, propertyField);
        break;
      case 'revision':
      case 'platform':
        problem = checkString(property, propertyField);
        // Both describe an Activity (1.0.3 §2.4.6): with any other object they say nothing.
        if (!problem && objectKind !== 'Activity') problem = failure(propertyField, 'context-not-allowed');
        break;
      case 'language':
        if (typeof property !== 'string') problem = typeFailure(property, propertyField, 'string');
        else if (!isLanguageTag(property)) problem = failure(propertyField, 'language-tag');
        break;
      case 'statement':
        problem = checkStatementRef(property, propertyField);
        break;
      case 'extensions':
        problem = checkExtensions(property, propertyField);
        break;
      case 'contextAgents':
      case 'contextGroups':
        if (version === '1.0') return failure(propertyField, 'not-in-version', '2.0');
        problem = checkContextAgents(property, propertyField, key === 'contextAgents' ? 'agent' : 'group');
        break;
      default:
        return failure(propertyField, 'unknown-property');
    }
    if (problem) return problem;
  }
  return undefined;
}

function checkContextActivities(value: unknown, field: string): Check {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  for (const key of Object.keys(value)) {
    if (key !== 'parent' && key !== 'grouping' && key !== 'category' && key !== 'other') return failure(pathOf(field, key), 'unknown-property');
    const activities = value[key];
    const listField = pathOf(field, key);
    // One Activity or a list of them; the LRS returns both as a list.
    if (!Array.isArray(activities)) {
      const problem = isJsonObject(activities) ? checkActivity(activities, listField) : typeFailure(activities, listField, 'object, array');
      if (problem) return problem;
      continue;
    }
    for (let index = 0; index < activities.length; index++) {
      const problem = checkActivity(activities[index], pathOf(listField, index));
      if (problem) return problem;
    }
  }
  return undefined;
}

/** 2.0's contextAgents and contextGroups: lists of `{ objectType, agent | group, relevantTypes? }` (IEEE 9274.1.1 §4.2.2.5). */
function checkContextAgents(value: unknown, field: string, kind: 'agent' | 'group'): Check {
  if (!Array.isArray(value)) return typeFailure(value, field, 'array');
  const expectedType = kind === 'agent' ? 'contextAgent' : 'contextGroup';
  for (let index = 0; index < value.length; index++) {
    const entryField = pathOf(field, index);
    const entry: unknown = value[index];
    if (!isJsonObject(entry)) return typeFailure(entry, entryField, 'object');
    let objectType: unknown;
    let member: unknown;
    let relevantTypes: unknown;
    for (const key of Object.keys(entry)) {
      const property = entry[key];
      if (key === 'objectType') objectType = property;
      else if (key === kind) member = property;
      else if (key === 'relevantTypes') relevantTypes = property;
      else return failure(pathOf(entryField, key), 'unknown-property');
      if (property === null) return failure(pathOf(entryField, key), 'null');
    }
    if (objectType === undefined) return failure(pathOf(entryField, 'objectType'), 'required');
    if (objectType !== expectedType) return failure(pathOf(entryField, 'objectType'), 'object-type', expectedType);
    if (member === undefined) return failure(pathOf(entryField, kind), 'required');
    const problem = checkAgentOrGroup(member, pathOf(entryField, kind), kind);
    if (problem) return problem;
    if (relevantTypes === undefined) continue;
    const typesField = pathOf(entryField, 'relevantTypes');
    if (!Array.isArray(relevantTypes)) return typeFailure(relevantTypes, typesField, 'array');
    // Optional, but when present "a collection of 1 or more" (the suite refuses an empty list).
    if (relevantTypes.length === 0) return failure(typesField, 'empty');
    for (let typeIndex = 0; typeIndex < relevantTypes.length; typeIndex++) {
      const typeProblem = checkIri(relevantTypes[typeIndex], pathOf(typesField, typeIndex));
      if (typeProblem) return typeProblem;
    }
  }
  return undefined;
}

/**
 * An Agent, or the Group of two Agents 3-legged OAuth uses (the application and the user): an
 * Anonymous Group, as the suite refuses an Identified one and one of one or three members.
 */
function checkAuthority(value: unknown, field: string): Check {
  const problem = checkAgentOrGroup(value, field, 'any');
  if (problem) return problem;
  const authority = value as JsonObject;
  if (authority.objectType !== 'Group') return undefined;
  const identified = ['mbox', 'mbox_sha1sum', 'openid', 'account'].some((key) => Object.hasOwn(authority, key));
  if (identified || !Array.isArray(authority.member) || authority.member.length !== 2) return failure(field, 'authority');
  return undefined;
}

function checkVersion(value: unknown, field: string, version: XapiVersion): Check {
  if (typeof value !== 'string') return typeFailure(value, field, 'string');
  return VERSION_PATTERN[version].test(value) ? undefined : failure(field, 'version', version);
}

function checkAttachments(value: unknown, field: string): Check {
  if (!Array.isArray(value)) return typeFailure(value, field, 'array');
  for (let index = 0; index < value.length; index++) {
    const problem = checkAttachment(value[index], pathOf(field, index));
    if (problem) return problem;
  }
  return undefined;
}

const REQUIRED_IN_ATTACHMENT = ['usageType', 'display', 'contentType', 'length', 'sha2'];

function checkAttachment(value: unknown, field: string): Check {
  if (!isJsonObject(value)) return typeFailure(value, field, 'object');
  for (const key of Object.keys(value)) {
    const property = value[key];
    const propertyField = pathOf(field, key);
    let problem: Check;
    switch (key) {
      case 'usageType':
      case 'fileUrl':
        problem = checkIri(property, propertyField);
        break;
      case 'display':
      case 'description':
        problem = checkLanguageMap(property, propertyField);
        break;
      case 'contentType':
        if (typeof property !== 'string') problem = typeFailure(property, propertyField, 'string');
        else if (!isMediaType(property)) problem = failure(propertyField, 'content-type');
        break;
      case 'length':
        if (typeof property !== 'number') problem = typeFailure(property, propertyField, 'number');
        else if (!Number.isSafeInteger(property) || property < 0) problem = failure(propertyField, 'non-negative-integer');
        break;
      case 'sha2':
        if (typeof property !== 'string') problem = typeFailure(property, propertyField, 'string');
        else if (!isSha2Hex(property)) problem = failure(propertyField, 'sha2');
        break;
      default:
        return failure(propertyField, 'unknown-property');
    }
    if (problem) return problem;
  }
  for (const required of REQUIRED_IN_ATTACHMENT) {
    if (!Object.hasOwn(value, required)) return failure(pathOf(field, required), 'required');
  }
  return undefined;
}
