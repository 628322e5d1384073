import { describe, expect, it } from 'vitest';
import { minimalStatement, setAt, typicalStatement, type Json } from './statement-fixtures.test-support.js';
import { validateStatement, validateStatements, VOIDED_VERB } from './validate-statement.js';
import type { Problem, XapiVersion } from './validation-result.js';

const BOTH: XapiVersion[] = ['1.0', '2.0'];
const OK = { ok: true };
const fails = (field: string, problem: Problem, detail?: string) => ({ ok: false, field, problem, ...(detail === undefined ? {} : { detail }) });

const mbox = { mbox: 'mailto:someone@example.com' };
const statementRef = { objectType: 'StatementRef', id: '8f87ccde-bb56-4c2e-ab83-44982ef22df0' };
const agentObject = { objectType: 'Agent', ...mbox };
const contextAgent = { objectType: 'contextAgent', agent: mbox, relevantTypes: ['https://example.com/activity-types/coach'] };
const contextGroup = { objectType: 'contextGroup', group: { objectType: 'Group', mbox: 'mailto:team@example.com' }, relevantTypes: ['https://example.com/activity-types/team'] };
const subStatement = () => ({ objectType: 'SubStatement', ...minimalStatement() });
const attachment = () => ({
  usageType: 'http://adlnet.gov/expapi/attachments/signature',
  display: { 'en-US': 'Signature' },
  description: { 'en-US': 'A test signature' },
  contentType: 'application/octet-stream',
  length: 4235,
  sha2: '672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634',
});

type Case = [name: string, change: (statement: Json) => unknown, expected: object, versions?: XapiVersion[]];

/** Each case changes the typical statement (which is valid) and says what validation answers. */
function run(cases: Case[]) {
  it.each(cases)('%s', (_name, change, expected, versions = BOTH) => {
    for (const version of versions) {
      const statement = typicalStatement();
      change(statement);
      expect(validateStatement(statement, version), `xAPI ${version}`).toEqual(expected);
    }
  });
}

const set = (path: string, value: unknown) => (statement: Json) => setAt(statement, path, value);

describe('statements that are valid', () => {
  run([
    ['the typical statement', () => undefined, OK],
    ['the fewest properties', (s) => Object.assign(s, minimalStatement(), { id: undefined, result: undefined, context: undefined, timestamp: undefined }), OK],
    ['an upper-case id', set('id', 'FD41C918-B88B-4B20-A0A5-A4C32391AAA0'), OK],
    ['a stored time sent by the client', set('stored', '2011-07-15T00:00:00.000Z'), OK],
    ['an Agent as object', (s) => Object.assign(s, { object: agentObject, context: undefined }), OK],
    ['an Anonymous Group as actor', set('actor', { objectType: 'Group', member: [mbox] }), OK],
    ['a StatementRef as object', (s) => Object.assign(s, { object: statementRef, context: { registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7' } }), OK],
    ['a voiding statement', (s) => Object.assign(s, { verb: { id: VOIDED_VERB }, object: statementRef, context: undefined }), OK],
    ['a SubStatement with result, context, timestamp and attachments', (s) => Object.assign(s, { context: undefined, object: { ...subStatement(), result: { success: true }, context: { registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7' }, timestamp: '2024-01-01T00:00:00Z', attachments: [attachment()] } }), OK],
    ['context activities as single objects', set('context.contextActivities', { parent: { id: 'http://example.com/a' }, other: { id: 'http://example.com/b' }, category: [] }), OK],
    ['extension values null, empty and nested', set('result.extensions', { 'http://example.com/a': null, 'http://example.com/b': '', 'http://example.com/c': {}, 'http://example.com/d': [1, { x: null }] }), OK],
    ['an empty extensions object', set('context.extensions', {}), OK],
    ['an empty language map', set('verb.display', {}), OK],
    ['a score without scaled', set('result.score', { raw: 3, min: 1, max: 5 }), OK],
    ['a raw score equal to min and max bounds', set('result.score', { raw: 1, min: 1, max: 5, scaled: -1 }), OK],
    ['a raw score with only max', set('result.score', { raw: -1000, max: 5 }), OK],
    ['floating-point scores', set('result.score', { min: 0.12123434, raw: 12.125, max: 45.45, scaled: 0.12123434 }), OK],
    ['an empty correctResponsesPattern', set('object.definition.correctResponsesPattern', []), OK],
    ['a matching interaction with source and target', set('object.definition', { interactionType: 'matching', source: [{ id: 'a' }], target: [{ id: 'a' }] }), OK],
    ['a likert interaction with scale', set('object.definition', { interactionType: 'likert', scale: [{ id: '1' }, { id: '2' }] }), OK],
    ['a performance interaction with steps', set('object.definition', { interactionType: 'performance', steps: [{ id: 's1' }] }), OK],
    ['a sequencing interaction with choices', set('object.definition', { interactionType: 'sequencing', choices: [{ id: 'c' }] }), OK],
    ['an interactionType without anything else', set('object.definition', { interactionType: 'fill-in' }), OK],
    ['an authority Agent', set('authority', { objectType: 'Agent', ...mbox }), OK],
    ['a two-member OAuth authority', set('authority', { objectType: 'Group', member: [{ account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } }, mbox] }), OK],
    ['attachments', set('attachments', [attachment(), { ...attachment(), fileUrl: 'http://over.there.com/file.txt', length: 0 }]), OK],
    ['a duration beyond hundredths of a second', set('result.duration', 'P1DT12H36M0.12567S'), OK],
    ['a timestamp with an offset', set('timestamp', '2023-05-04T12:00:00-05:00'), OK],
    ['a future timestamp', set('timestamp', '2091-12-04T11:39:11.185Z'), OK],
  ]);

  it('validates a SubStatement on its own', () => {
    expect(validateStatement(subStatement(), '2.0', { substatement: true })).toEqual(OK);
    expect(validateStatement(minimalStatement(), '2.0', { substatement: true })).toEqual(fails('objectType', 'required'));
    expect(validateStatement({ ...minimalStatement(), objectType: 'Substatement' }, '2.0', { substatement: true })).toEqual(fails('objectType', 'object-type', 'SubStatement'));
  });
});

describe('the statement', () => {
  run([
    ['missing actor', set('actor', undefined), fails('actor', 'required')],
    ['missing verb', set('verb', undefined), fails('verb', 'required')],
    ['missing object', set('object', undefined), fails('object', 'required')],
    ['an unknown property', set('foo', 1), fails('foo', 'unknown-property')],
    ['a property in the wrong case', (s) => Object.assign(s, { Actor: s.actor, actor: undefined }), fails('Actor', 'unknown-property')],
    ['objectType on a statement', set('objectType', 'Statement'), fails('objectType', 'unknown-property')],
    ['a null property', set('result', null), fails('result', 'null')],
    ['an id that is no UUID', set('id', 'AA97B177-9383-4934-8543-0F91A7A028368'), fails('id', 'uuid')],
    ['an id that is a number', set('id', 12345), fails('id', 'wrong-type', 'string')],
    ['an empty id', set('id', ''), fails('id', 'uuid')],
    ['an invalid actor', set('actor.mbox', 'someone@example.com'), fails('actor.mbox', 'mbox')],
    ['a timestamp with -00:00', set('timestamp', '2008-09-15T15:53:00.601-00:00'), fails('timestamp', 'timestamp', '1.0'), ['1.0']],
    ['a timestamp with -00:00', set('timestamp', '2008-09-15T15:53:00.601-00:00'), fails('timestamp', 'timestamp', '2.0'), ['2.0']],
    ['a timestamp without time zone (ISO 8601 allows it in 1.0.x)', set('timestamp', '2008-09-15T15:53:00'), OK, ['1.0']],
    ['a timestamp without time zone (2.0 needs RFC 3339)', set('timestamp', '2008-09-15T15:53:00'), fails('timestamp', 'timestamp', '2.0'), ['2.0']],
    ['a timestamp in the basic format', set('timestamp', '20080915T155300Z'), OK, ['1.0']],
    ['a timestamp in the basic format', set('timestamp', '20080915T155300Z'), fails('timestamp', 'timestamp', '2.0'), ['2.0']],
    ['a timestamp that is a number', set('timestamp', 1700000000), fails('timestamp', 'wrong-type', 'string')],
    ['a stored time that is no timestamp', set('stored', 'yesterday'), fails('stored', 'timestamp', '2.0'), ['2.0']],
    ['version 1.0', set('version', '1.0'), OK],
    ['version 1.0.9', set('version', '1.0.9'), OK],
    ['version 2.0.0', set('version', '2.0.0'), OK, ['2.0']],
    ['version 2.0.0 in a 1.0.x request', set('version', '2.0.0'), fails('version', 'version', '1.0'), ['1.0']],
    ['version 1.1.0', set('version', '1.1.0'), fails('version', 'version', '2.0'), ['2.0']],
    ['version 0.9.9', set('version', '0.9.9'), fails('version', 'version', '1.0'), ['1.0']],
    ['version 2.1.0', set('version', '2.1.0'), fails('version', 'version', '2.0'), ['2.0']],
    ['version 1.0.3-beta', set('version', '1.0.3-beta'), fails('version', 'version', '2.0'), ['2.0']],
    ['a version that is a number', set('version', 1), fails('version', 'wrong-type', 'string')],
  ]);

  it('is an object', () => {
    for (const value of [null, 'statement', 1, [], [typicalStatement()]]) expect(validateStatement(value, '2.0').ok).toBe(false);
    expect(validateStatement(null, '2.0')).toEqual(fails('', 'null'));
  });
});

describe('verb', () => {
  run([
    ['without id', set('verb.id', undefined), fails('verb.id', 'required')],
    ['with an id without scheme', set('verb.id', 'adlnet.gov/expapi/verbs/answered'), fails('verb.id', 'iri')],
    ['as a string', set('verb', 'http://adlnet.gov/expapi/verbs/answered'), fails('verb', 'wrong-type', 'object')],
    ['with display as a string', set('verb.display', 'answered'), fails('verb.display', 'wrong-type', 'object')],
    ['with a language tag too long', set('verb.display.a12345678', 'x'), fails('verb.display.a12345678', 'language-tag')],
    ['with a display value that is a number', set('verb.display.en-GB', 1), fails('verb.display.en-GB', 'wrong-type', 'string')],
    ['with a display value that is null', set('verb.display.en-GB', null), fails('verb.display.en-GB', 'null')],
    ['with an unknown property', set('verb.name', 'answered'), fails('verb.name', 'unknown-property')],
    ['voided with an Activity as object', set('verb.id', VOIDED_VERB), fails('object', 'voiding')],
    ['voided with an Agent as object', (s) => Object.assign(s, { verb: { id: VOIDED_VERB }, object: agentObject, context: undefined }), fails('object', 'voiding')],
  ]);
});

describe('object', () => {
  run([
    ['an Activity without id', set('object.id', undefined), fails('object.id', 'required')],
    ['an Activity id without scheme', set('object.id', 'example.com/quiz'), fails('object.id', 'iri')],
    ['an objectType in lower case', set('object.objectType', 'activity'), fails('object.objectType', 'object-type', 'Activity, Agent, Group, StatementRef, SubStatement')],
    ['an objectType that is a number', set('object.objectType', 1), fails('object.objectType', 'wrong-type', 'string')],
    ['an Activity with an unknown property', set('object.name', 'Quiz'), fails('object.name', 'unknown-property')],
    ['an Agent without objectType (read as an Activity)', set('object', mbox), fails('object.mbox', 'unknown-property')],
    ['a Group without objectType (read as an Activity)', set('object', { member: [mbox] }), fails('object.member', 'unknown-property')],
    ['an invalid Group as object', set('object', { objectType: 'Group' }), fails('object.member', 'required')],
    ['a StatementRef without id', set('object', { objectType: 'StatementRef' }), fails('object.id', 'required')],
    ['a StatementRef id that is no UUID', set('object', { ...statementRef, id: 'http://example.com/statement' }), fails('object.id', 'uuid')],
    ['a StatementRef with a definition', set('object', { ...statementRef, definition: {} }), fails('object.definition', 'unknown-property')],
    ['a SubStatement with id', set('object', { ...subStatement(), id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0' }), fails('object.id', 'not-allowed', 'SubStatement')],
    ['a SubStatement with stored', set('object', { ...subStatement(), stored: '2024-01-01T00:00:00Z' }), fails('object.stored', 'not-allowed', 'SubStatement')],
    ['a SubStatement with version', set('object', { ...subStatement(), version: '1.0.0' }), fails('object.version', 'not-allowed', 'SubStatement')],
    ['a SubStatement with authority', set('object', { ...subStatement(), authority: mbox }), fails('object.authority', 'not-allowed', 'SubStatement')],
    ['a SubStatement in a SubStatement', set('object', { ...subStatement(), object: subStatement() }), fails('object.object.objectType', 'nested-substatement')],
    ['a SubStatement without actor', set('object', { ...subStatement(), actor: undefined }), fails('object.actor', 'required')],
    ['a SubStatement with an invalid verb', set('object', { ...subStatement(), verb: { id: 'answered' } }), fails('object.verb.id', 'iri')],
    ['a SubStatement voiding an Activity', set('object', { ...subStatement(), verb: { id: VOIDED_VERB } }), fails('object.object', 'voiding')],
    ['a SubStatement with revision on an Agent', set('object', { ...subStatement(), object: agentObject, context: { revision: '1' } }), fails('object.context.revision', 'context-not-allowed')],
  ]);
});

describe('activity definition', () => {
  run([
    ['not an object', set('object.definition', 'Quiz'), fails('object.definition', 'wrong-type', 'object')],
    ['name as a string', set('object.definition.name', 'Quiz'), fails('object.definition.name', 'wrong-type', 'object')],
    ['description with a bad tag', set('object.definition.description.en_US', 'x'), fails('object.definition.description.en_US', 'language-tag')],
    ['type without scheme', set('object.definition.type', 'adlnet.gov/expapi/activities/cmi.interaction'), fails('object.definition.type', 'iri')],
    ['moreInfo without scheme', set('object.definition.moreInfo', 'virtualmeeting.example.com/345256'), fails('object.definition.moreInfo', 'iri')],
    ['an extension key without scheme', set('object.definition.extensions', { 'not.valid.com/extension': 1234 }), fails('object.definition.extensions.not.valid.com/extension', 'iri')],
    ['extensions as a string', set('object.definition.extensions', 'x'), fails('object.definition.extensions', 'wrong-type', 'object')],
    ['an unknown property', set('object.definition.interactionTyp', 'choice'), fails('object.definition.interactionTyp', 'unknown-property')],
    ['an interactionType in the wrong case', set('object.definition.interactionType', 'Choice'), fails('object.definition.interactionType', 'interaction-type', 'true-false, choice, fill-in, long-fill-in, matching, performance, sequencing, likert, numeric, other')],
    ['an interactionType that is an IRI', set('object.definition.interactionType', 'http://adlnet.gov/expapi/activities/cmi.interaction'), fails('object.definition.interactionType', 'interaction-type', 'true-false, choice, fill-in, long-fill-in, matching, performance, sequencing, likert, numeric, other')],
    ['an interactionType that is null', set('object.definition.interactionType', null), fails('object.definition.interactionType', 'null')],
    ['a correctResponsesPattern without interactionType', set('object.definition', { correctResponsesPattern: ['true'] }), fails('object.definition.interactionType', 'interaction-type-required')],
    ['choices without interactionType', set('object.definition', { choices: [{ id: 'a' }] }), fails('object.definition.interactionType', 'interaction-type-required')],
    ['a correctResponsesPattern that is a string', set('object.definition.correctResponsesPattern', 'golf[,]tetris'), fails('object.definition.correctResponsesPattern', 'wrong-type', 'array')],
    ['a correct response that is a number', set('object.definition.correctResponsesPattern', ['a', 1]), fails('object.definition.correctResponsesPattern.1', 'wrong-type', 'string')],
    ['choices on a likert interaction', set('object.definition.interactionType', 'likert'), fails('object.definition.choices', 'interaction-component', 'likert')],
    ['scale on a choice interaction', set('object.definition.scale', [{ id: '1' }]), fails('object.definition.scale', 'interaction-component', 'choice')],
    ['choices on a true-false interaction', set('object.definition.interactionType', 'true-false'), fails('object.definition.choices', 'interaction-component', 'true-false')],
    ['choices that are not a list', set('object.definition.choices', { id: 'golf' }), fails('object.definition.choices', 'wrong-type', 'array')],
    ['two choices with one id', set('object.definition.choices.1.id', 'golf'), fails('object.definition.choices.1.id', 'duplicate-id')],
    ['a choice without id', set('object.definition.choices.0.id', undefined), fails('object.definition.choices.0.id', 'required')],
    ['a choice id that is a number', set('object.definition.choices.0.id', 1), fails('object.definition.choices.0.id', 'wrong-type', 'string')],
    ['a choice with a name', set('object.definition.choices.0.name', { en: 'x' }), fails('object.definition.choices.0.name', 'unknown-property')],
    ['a choice description with a bad tag', set('object.definition.choices.0.description.something', 'x'), fails('object.definition.choices.0.description.something', 'language-tag')],
    ['a choice that is a string', set('object.definition.choices.0', 'golf'), fails('object.definition.choices.0', 'wrong-type', 'object')],
  ]);
});

describe('result', () => {
  run([
    ['as a string', set('result', 'passed'), fails('result', 'wrong-type', 'object')],
    ['success as the string "true"', set('result.success', 'true'), fails('result.success', 'wrong-type', 'boolean')],
    ['completion as 1', set('result.completion', 1), fails('result.completion', 'wrong-type', 'boolean')],
    ['response as a number', set('result.response', 12), fails('result.response', 'wrong-type', 'string')],
    ['a duration of the alternative format', set('result.duration', 'P0000-00-00T00:01:30'), fails('result.duration', 'duration')],
    ['a duration that is a number', set('result.duration', 90), fails('result.duration', 'wrong-type', 'string')],
    ['an unknown property', set('result.grade', 'A'), fails('result.grade', 'unknown-property')],
    ['score as a number', set('result.score', 95), fails('result.score', 'wrong-type', 'object')],
    ['a raw score given as a string of digits', set('result.score.raw', '95'), fails('result.score.raw', 'wrong-type', 'number')],
    ['a scaled score above 1', set('result.score.scaled', 1.01), fails('result.score.scaled', 'score-range', 'scaled')],
    ['a scaled score below -1', set('result.score.scaled', -1.00001), fails('result.score.scaled', 'score-range', 'scaled')],
    ['a raw score above max', set('result.score.raw', 101), fails('result.score.raw', 'score-range', 'raw')],
    ['a raw score below min', set('result.score.raw', -1), fails('result.score.raw', 'score-range', 'raw')],
    ['a raw score below min without max', set('result.score', { raw: -1, min: 0 }), fails('result.score.raw', 'score-range', 'raw')],
    ['min above max', set('result.score', { min: 10, max: 5 }), fails('result.score.min', 'score-range', 'min')],
    ['min equal to max', set('result.score', { min: 5, max: 5 }), fails('result.score.min', 'score-range', 'min')],
    ['NaN (not in JSON, but in a built object)', set('result.score.raw', Number.NaN), fails('result.score.raw', 'wrong-type', 'number')],
    ['Infinity', set('result.score.max', Number.POSITIVE_INFINITY), fails('result.score.max', 'wrong-type', 'number')],
    ['a null score property', set('result.score.min', null), fails('result.score.min', 'null')],
    ['an unknown score property', set('result.score.percent', 95), fails('result.score.percent', 'unknown-property')],
    ['an extension key that is no IRI', set('result.extensions', { 'example.com/extension/wrong': 1234 }), fails('result.extensions.example.com/extension/wrong', 'iri')],
  ]);
});

describe('context', () => {
  run([
    ['as a string', set('context', 'x'), fails('context', 'wrong-type', 'object')],
    ['a registration that is no UUID', set('context.registration', 'MA97B177-9383-4934-8543-0F91A7A02836'), fails('context.registration', 'uuid')],
    ['an instructor without identifier', set('context.instructor', { name: 'Mr. Smith' }), fails('context.instructor', 'one-identifier', 'Agent')],
    ['an instructor Group', set('context.instructor', { objectType: 'Group', ...mbox }), OK],
    ['a team that is an Agent', set('context.team', mbox), fails('context.team.objectType', 'object-type', 'Group')],
    ['a team Group', set('context.team', { objectType: 'Group', member: [mbox] }), OK],
    ['a contextActivities key besides the four', set('context.contextActivities.consequences', [{ id: 'http://example.com/x' }]), fails('context.contextActivities.consequences', 'unknown-property')],
    ['a context activity without id', set('context.contextActivities.parent.0.id', undefined), fails('context.contextActivities.parent.0.id', 'required')],
    ['a single context activity without id', set('context.contextActivities.parent', { definition: {} }), fails('context.contextActivities.parent.id', 'required')],
    ['a context activity that is a string', set('context.contextActivities.other', 'http://example.com/x'), fails('context.contextActivities.other', 'wrong-type', 'object, array')],
    ['a context activity that is an Agent', set('context.contextActivities.other', [agentObject]), fails('context.contextActivities.other.0.objectType', 'object-type', 'Activity')],
    ['contextActivities as a list', set('context.contextActivities', [{ id: 'http://example.com/x' }]), fails('context.contextActivities', 'wrong-type', 'object')],
    ['revision with an Agent as object', (s) => Object.assign(s, { object: agentObject, context: { revision: 'v2' } }), fails('context.revision', 'context-not-allowed')],
    ['platform with a StatementRef as object', set('object', statementRef), fails('context.platform', 'context-not-allowed')],
    ['platform with a SubStatement as object', set('object', subStatement()), fails('context.platform', 'context-not-allowed')],
    ['revision with an Activity', set('context.revision', 'v2'), OK],
    ['a platform that is a number', set('context.platform', 1), fails('context.platform', 'wrong-type', 'string')],
    ['a language that is no tag', set('context.language', 'something'), fails('context.language', 'language-tag')],
    ['a statement that is not a StatementRef', set('context.statement', { objectType: 'SubStatement', id: statementRef.id }), fails('context.statement.objectType', 'object-type', 'StatementRef')],
    ['a statement without objectType', set('context.statement', { id: statementRef.id }), fails('context.statement.objectType', 'required')],
    ['a statement StatementRef', set('context.statement', statementRef), OK],
    ['an extension key that is no IRI', set('context.extensions', { 'should fail': 1 }), fails('context.extensions.should fail', 'iri')],
    ['an unknown property', set('context.teacher', mbox), fails('context.teacher', 'unknown-property')],
  ]);
});

describe('context agents and groups (2.0)', () => {
  run([
    ['contextAgents', set('context.contextAgents', [contextAgent, { objectType: 'contextAgent', agent: { account: { homePage: 'http://example.com', name: 'x' } } }]), OK, ['2.0']],
    ['contextGroups', set('context.contextGroups', [contextGroup, { ...contextGroup, group: { objectType: 'Group', member: [mbox] } }]), OK, ['2.0']],
    ['contextAgents in a SubStatement', (s) => Object.assign(s, { context: undefined, object: { ...subStatement(), context: { contextAgents: [contextAgent] } } }), OK, ['2.0']],
    ['contextAgents in 1.0.x', set('context.contextAgents', [contextAgent]), fails('context.contextAgents', 'not-in-version', '2.0'), ['1.0']],
    ['contextGroups in 1.0.x', set('context.contextGroups', [contextGroup]), fails('context.contextGroups', 'not-in-version', '2.0'), ['1.0']],
    ['contextAgents as one object', set('context.contextAgents', contextAgent), fails('context.contextAgents', 'wrong-type', 'array'), ['2.0']],
    ['a context agent of another objectType', set('context.contextAgents', [{ ...contextAgent, objectType: 'Should fail' }]), fails('context.contextAgents.0.objectType', 'object-type', 'contextAgent'), ['2.0']],
    ['a context agent without objectType', set('context.contextAgents', [{ ...contextAgent, objectType: undefined }]), fails('context.contextAgents.0.objectType', 'required'), ['2.0']],
    ['a context agent without agent', set('context.contextAgents', [{ objectType: 'contextAgent' }]), fails('context.contextAgents.0.agent', 'required'), ['2.0']],
    ['a context agent with an invalid agent', set('context.contextAgents', [{ ...contextAgent, agent: { key: 'Should fail' } }]), fails('context.contextAgents.0.agent.key', 'unknown-property'), ['2.0']],
    ['a context agent that is a Group', set('context.contextAgents', [{ ...contextAgent, agent: contextGroup.group }]), fails('context.contextAgents.0.agent.objectType', 'object-type', 'Agent'), ['2.0']],
    ['empty relevantTypes', set('context.contextAgents', [{ ...contextAgent, relevantTypes: [] }]), fails('context.contextAgents.0.relevantTypes', 'empty'), ['2.0']],
    ['a relevant type that is no IRI', set('context.contextAgents', [{ ...contextAgent, relevantTypes: ['abc'] }]), fails('context.contextAgents.0.relevantTypes.0', 'iri'), ['2.0']],
    ['a context agent with a group key', set('context.contextAgents', [{ ...contextAgent, group: contextGroup.group }]), fails('context.contextAgents.0.group', 'unknown-property'), ['2.0']],
    ['a context group of another objectType', set('context.contextGroups', [{ ...contextGroup, objectType: 'contextAgent' }]), fails('context.contextGroups.0.objectType', 'object-type', 'contextGroup'), ['2.0']],
    ['a context group with an invalid group', set('context.contextGroups', [{ ...contextGroup, group: { key: 'Should fail' } }]), fails('context.contextGroups.0.group.key', 'unknown-property'), ['2.0']],
    ['a context group that is an Agent', set('context.contextGroups', [{ ...contextGroup, group: mbox }]), fails('context.contextGroups.0.group.objectType', 'object-type', 'Group'), ['2.0']],
    ['a context group with an extra property', set('context.contextGroups', [{ ...contextGroup, member: [mbox] }]), fails('context.contextGroups.0.member', 'unknown-property'), ['2.0']],
  ]);
});

describe('authority', () => {
  const oauthMembers = [{ account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } }, mbox];
  run([
    ['an invalid Agent', set('authority', { name: 'nobody' }), fails('authority', 'one-identifier', 'Agent')],
    ['an Identified Group', set('authority', { objectType: 'Group', ...mbox, member: oauthMembers }), fails('authority', 'authority')],
    ['a Group of one', set('authority', { objectType: 'Group', member: [mbox] }), fails('authority', 'authority')],
    ['a Group of three', set('authority', { objectType: 'Group', member: [...oauthMembers, { mbox: 'mailto:third@example.com' }] }), fails('authority', 'authority')],
    ['a Group without members', set('authority', { objectType: 'Group', name: 'Group Anonymous' }), fails('authority.member', 'required')],
  ]);
});

describe('attachments', () => {
  run([
    ['not a list', set('attachments', attachment()), fails('attachments', 'wrong-type', 'array')],
    ['an attachment that is a number', set('attachments', [12345]), fails('attachments.0', 'wrong-type', 'object')],
    ...(['usageType', 'display', 'contentType', 'length', 'sha2'] as const).map(
      (property): Case => [`without ${property}`, set('attachments', [setAt(attachment(), property, undefined)]), fails(`attachments.0.${property}`, 'required')],
    ),
    ['a usageType that is no IRI', set('attachments', [{ ...attachment(), usageType: 'should fail' }]), fails('attachments.0.usageType', 'iri')],
    ['a fileUrl that is no IRL', set('attachments', [{ ...attachment(), fileUrl: 'over.there.com/file.txt' }]), fails('attachments.0.fileUrl', 'iri')],
    ['a display that is a string', set('attachments', [{ ...attachment(), display: 'should fail' }]), fails('attachments.0.display', 'wrong-type', 'object')],
    ['a description with a bad tag', set('attachments', [{ ...attachment(), description: { a12345678: 'x' } }]), fails('attachments.0.description.a12345678', 'language-tag')],
    ['a contentType that is a number', set('attachments', [{ ...attachment(), contentType: 12345 }]), fails('attachments.0.contentType', 'wrong-type', 'string')],
    ['a contentType that is no media type', set('attachments', [{ ...attachment(), contentType: 'text' }]), fails('attachments.0.contentType', 'content-type')],
    ['a length that is a string', set('attachments', [{ ...attachment(), length: '27' }]), fails('attachments.0.length', 'wrong-type', 'number')],
    ['a negative length', set('attachments', [{ ...attachment(), length: -1 }]), fails('attachments.0.length', 'non-negative-integer')],
    ['a fractional length', set('attachments', [{ ...attachment(), length: 1.5 }]), fails('attachments.0.length', 'non-negative-integer')],
    ['a sha2 that is a number', set('attachments', [{ ...attachment(), sha2: 12345 }]), fails('attachments.0.sha2', 'wrong-type', 'string')],
    ['an empty sha2', set('attachments', [{ ...attachment(), sha2: '' }]), fails('attachments.0.sha2', 'sha2')],
    ['a sha2 that is a SHA-1', set('attachments', [{ ...attachment(), sha2: 'cd9b00a5611f94eaa7b1661edab976068e364975' }]), fails('attachments.0.sha2', 'sha2')],
    ['an unknown property', set('attachments', [{ ...attachment(), name: 'x' }]), fails('attachments.0.name', 'unknown-property')],
  ]);
});

describe('validateStatements', () => {
  it('takes one statement or a list, paths beginning with the index', () => {
    expect(validateStatements(typicalStatement(), '2.0')).toEqual(OK);
    expect(validateStatements([typicalStatement(), minimalStatement()], '2.0')).toEqual(OK);
    expect(validateStatements(setAt(typicalStatement(), 'actor.mbox', 'x'), '2.0')).toEqual(fails('actor.mbox', 'mbox'));
    expect(validateStatements([minimalStatement(), setAt(typicalStatement(), 'context.contextActivities.parent.0.id', 'x')], '1.0')).toEqual(
      fails('1.context.contextActivities.parent.0.id', 'iri'),
    );
  });

  it('accepts an empty list (nothing to store)', () => expect(validateStatements([], '2.0')).toEqual(OK));

  it('refuses anything but an object or a list', () => {
    expect(validateStatements('[]', '2.0')).toEqual(fails('', 'wrong-type', 'object, array'));
    expect(validateStatements(null, '2.0')).toEqual(fails('', 'null'));
    expect(validateStatements([null], '2.0')).toEqual(fails('0', 'null'));
    expect(validateStatements([[typicalStatement()]], '2.0')).toEqual(fails('0', 'wrong-type', 'object'));
  });

  it('refuses one id twice in a list, whatever its case', () => {
    const id = 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0';
    expect(validateStatements([{ ...minimalStatement(), id }, minimalStatement(), { ...minimalStatement(), id: id.toUpperCase() }], '2.0')).toEqual(fails('2.id', 'duplicate-id'));
  });
});

describe('hostile input', () => {
  it('takes prototype names as unknown keys, tags or extension keys', () => {
    const json = JSON.stringify(typicalStatement());
    const parsed = (patched: string) => JSON.parse(patched) as unknown;
    expect(validateStatement(parsed(json.replace('{', '{"__proto__":{"x":1},')), '2.0')).toEqual(fails('__proto__', 'unknown-property'));
    expect(validateStatement(parsed(json.replace('"display":{', '"display":{"__proto__":"x",')), '2.0')).toEqual(fails('verb.display.__proto__', 'language-tag'));
    expect(validateStatement(parsed(json.replace('"result":{', '"result":{"extensions":{"__proto__":1},')), '2.0')).toEqual(fails('result.extensions.__proto__', 'iri'));
    expect(validateStatement(parsed(json.replace('"result":{', '"result":{"constructor":{},')), '2.0')).toEqual(fails('result.constructor', 'unknown-property'));
    expect(validateStatement(parsed(json.replace('"definition":{', '"definition":{"toString":"x",')), '2.0')).toEqual(fails('object.definition.toString', 'unknown-property'));
  });

  it('does not take an interactionType from the prototype', () => {
    expect(validateStatement(setAt(typicalStatement(), 'object.definition.interactionType', 'constructor'), '2.0')).toMatchObject({ problem: 'interaction-type' });
    expect(validateStatement(setAt(typicalStatement(), 'object.definition.interactionType', '__proto__'), '2.0')).toMatchObject({ problem: 'interaction-type' });
  });

  it('never walks extension values, however deep', () => {
    let deep: unknown = 'bottom';
    for (let depth = 0; depth < 100_000; depth++) deep = { 'http://example.com/x': deep };
    expect(validateStatement(setAt(typicalStatement(), 'result.extensions', { 'http://example.com/deep': deep }), '2.0')).toEqual(OK);
  });

  it('walks huge lists in linear time', () => {
    const statement = typicalStatement();
    setAt(statement, 'context.contextActivities.other', Array.from({ length: 100_000 }, (_, index) => ({ id: `http://example.com/activity/${index}` })));
    setAt(statement, 'object.definition.choices', Array.from({ length: 100_000 }, (_, index) => ({ id: `choice-${index}` })));
    const started = performance.now();
    expect(validateStatement(statement, '2.0')).toEqual(OK);
    expect(performance.now() - started).toBeLessThan(2000);
    const batch = Array.from({ length: 20_000 }, () => minimalStatement());
    expect(validateStatements(batch, '2.0')).toEqual(OK);
  });

  it('refuses numbers and booleans given as strings, and strings given as numbers', () => {
    expect(validateStatement(setAt(typicalStatement(), 'result.score.scaled', '0.5'), '2.0')).toEqual(fails('result.score.scaled', 'wrong-type', 'number'));
    expect(validateStatement(setAt(typicalStatement(), 'result.success', 'false'), '2.0')).toEqual(fails('result.success', 'wrong-type', 'boolean'));
    expect(validateStatement(setAt(typicalStatement(), 'attachments', [{ ...attachment(), length: '4235' }]), '2.0')).toEqual(fails('attachments.0.length', 'wrong-type', 'number'));
    expect(validateStatement(setAt(typicalStatement(), 'context.revision', 2), '2.0')).toEqual(fails('context.revision', 'wrong-type', 'string'));
  });

  it('reads nothing from a polluted prototype', () => {
    const statement = Object.assign(Object.create({ actor: { mbox: 'mailto:inherited@example.com' } }) as Json, minimalStatement());
    expect(validateStatement(statement, '2.0')).toMatchObject({ ok: false, problem: 'wrong-type' });
  });
});
