import { describe, expect, it } from 'vitest';
import { setAt, typicalStatement, type Json } from '../validation/statement-fixtures.test-support.js';
import { validateStatement } from '../validation/validate-statement.js';
import { formatStatement } from './format-statement.js';

const ada = { objectType: 'Agent', name: 'Ada Lovelace', mbox: 'mailto:ada@example.com' };
const team = { objectType: 'Group', name: 'Team 1', mbox: 'mailto:team1@example.com', member: [{ name: 'Bob', mbox: 'mailto:bob@example.com' }] };
const anonymous = { objectType: 'Group', name: 'Some people', member: [{ name: 'Bob', mbox: 'mailto:bob@example.com' }, { objectType: 'Agent', account: { homePage: 'http://example.com', name: 'carol' } }] };
const attended = { id: 'http://adlnet.gov/expapi/verbs/attended', display: { 'en-GB': 'attended', 'en-US': 'attended', 'de-DE': 'nahm teil', 'ja-JP': '出席した' } };
const meeting = {
  objectType: 'Activity',
  id: 'http://example.com/meetings/1',
  definition: {
    name: { en: 'Meeting', 'en-GB': 'Meeting (GB)', 'en-US': 'Meeting (US)', 'de-DE': 'Besprechung' },
    description: { 'en-US': 'The first meeting', 'en-GB': 'The first meeting (GB)' },
    type: 'http://adlnet.gov/expapi/activities/meeting',
    moreInfo: 'http://virtualmeeting.example.com/345256',
    interactionType: 'choice',
    correctResponsesPattern: ['a'],
    choices: [{ id: 'a', description: { 'en-US': 'A', 'de-DE': 'A (de)' } }, { id: 'b' }],
    extensions: { 'http://example.com/profiles/meetings/extension/location': 'X:\\meetings\\minutes\\one', 'http://example.com/x': { 'en-US': 'not a language map' } },
  },
};

/** A statement with something of each kind the formats touch, inside a SubStatement too. */
function storedStatement(): Json {
  return structuredClone({
    id: '3c1e4f3a-5d6b-4c7e-8f90-a1b2c3d4e5f6',
    actor: ada,
    verb: attended,
    object: {
      objectType: 'SubStatement',
      actor: team,
      verb: attended,
      object: meeting,
      context: { contextActivities: { parent: [{ id: 'http://example.com/meetings', definition: { name: { 'en-US': 'Meetings', 'de-DE': 'Besprechungen' } } }] } },
    },
    result: { success: true, extensions: { 'http://example.com/r': { 'en-US': 'kept' } } },
    context: {
      registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7',
      instructor: ada,
      team,
      contextActivities: {
        category: [{ id: 'http://example.com/category', definition: { name: { 'en-US': 'Category', 'en-GB': 'Category (GB)' }, description: { 'en-US': 'A category', 'en-GB': 'A category (GB)' } } }],
        grouping: [{ objectType: 'Activity', id: 'http://example.com/course' }],
      },
      contextAgents: [{ objectType: 'contextAgent', agent: ada, relevantTypes: ['http://example.com/types/coach'] }],
      contextGroups: [{ objectType: 'contextGroup', group: anonymous, relevantTypes: ['http://example.com/types/audience'] }],
    },
    timestamp: '2024-05-04T12:00:00.000Z',
    stored: '2024-05-04T12:00:01.000Z',
    authority: { objectType: 'Group', member: [{ account: { homePage: 'http://example.com/oauth', name: 'app' } }, { name: 'Ada', mbox: 'mailto:ada@example.com' }] },
    version: '2.0.0',
    attachments: [
      { usageType: 'http://example.com/usage', display: { 'en-US': 'Minutes', 'de-DE': 'Protokoll' }, contentType: 'text/plain', length: 1, sha2: 'a'.repeat(64) },
    ],
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('formatStatement', () => {
  it('stores a statement the validator accepts', () => expect(validateStatement(storedStatement(), '2.0')).toEqual({ ok: true }));

  it('exact: returns the stored statement itself', () => {
    const stored = storedStatement();
    expect(formatStatement(stored, 'exact', ['en-GB'])).toBe(stored);
  });

  describe('ids', () => {
    const formatted = formatStatement(deepFreeze(storedStatement()), 'ids', ['en-GB']);
    const object = formatted.object as Json;
    const context = formatted.context as Json;

    it.each<[string, unknown, unknown]>([
      ['an Agent: objectType and identifier', formatted.actor, { objectType: 'Agent', mbox: 'mailto:ada@example.com' }],
      ['a Verb: its id', formatted.verb, { id: 'http://adlnet.gov/expapi/verbs/attended' }],
      ['an Identified Group: objectType and identifier, no members', object.actor, { objectType: 'Group', mbox: 'mailto:team1@example.com' }],
      ['an Activity: its id only', object.object, { id: 'http://example.com/meetings/1' }],
      ['a SubStatement verb', object.verb, { id: 'http://adlnet.gov/expapi/verbs/attended' }],
      ['SubStatement context activities', (object.context as Json).contextActivities, { parent: [{ id: 'http://example.com/meetings' }] }],
      ['the instructor', context.instructor, { objectType: 'Agent', mbox: 'mailto:ada@example.com' }],
      ['the team', context.team, { objectType: 'Group', mbox: 'mailto:team1@example.com' }],
      ['context activities', context.contextActivities, { category: [{ id: 'http://example.com/category' }], grouping: [{ id: 'http://example.com/course' }] }],
      ['context agents', context.contextAgents, [{ objectType: 'contextAgent', agent: { objectType: 'Agent', mbox: 'mailto:ada@example.com' }, relevantTypes: ['http://example.com/types/coach'] }]],
      [
        'context groups: an Anonymous Group by its members',
        context.contextGroups,
        [{ objectType: 'contextGroup', group: { objectType: 'Group', member: [{ mbox: 'mailto:bob@example.com' }, { objectType: 'Agent', account: { homePage: 'http://example.com', name: 'carol' } }] }, relevantTypes: ['http://example.com/types/audience'] }],
      ],
      ['the authority', formatted.authority, { objectType: 'Group', member: [{ account: { homePage: 'http://example.com/oauth', name: 'app' } }, { mbox: 'mailto:ada@example.com' }] }],
    ])('%s', (_name, actual, expected) => expect(actual).toEqual(expected));

    it('keeps everything else as stored', () => {
      const stored = storedStatement();
      for (const key of ['id', 'result', 'timestamp', 'stored', 'version', 'attachments']) expect(formatted[key]).toEqual(stored[key]);
      expect(context.registration).toBe(stored.context && (stored.context as Json).registration);
    });

    it('keeps a StatementRef and an Agent without objectType as they are', () => {
      const ref = { objectType: 'StatementRef', id: '8f87ccde-bb56-4c2e-ab83-44982ef22df0' };
      const result = formatStatement({ actor: { name: 'x', mbox: 'mailto:x@example.com' }, verb: { id: 'http://example.com/v' }, object: ref }, 'ids', []);
      expect(result.object).toEqual(ref);
      expect(result.actor).toEqual({ mbox: 'mailto:x@example.com' });
    });

    it('reduces single context activities without making lists of them', () => {
      const stored = setAt(typicalStatement(), 'context.contextActivities', { parent: { id: 'http://example.com/p', definition: { name: { en: 'P' } } } });
      expect((formatStatement(stored, 'ids', []).context as Json).contextActivities).toEqual({ parent: { id: 'http://example.com/p' } });
    });
  });

  describe('canonical', () => {
    const stored = deepFreeze(storedStatement());
    const formatted = formatStatement(stored, 'canonical', ['en-GB']);
    const object = formatted.object as Json;
    const activity = object.object as { definition: Json };
    const context = formatted.context as Json;

    it('cuts verb displays to one language', () => {
      expect(formatted.verb).toEqual({ id: attended.id, display: { 'en-GB': 'attended' } });
      expect(object.verb).toEqual({ id: attended.id, display: { 'en-GB': 'attended' } });
    });

    it('cuts an Activity’s name, description and component descriptions, keeping the rest', () => {
      expect(activity).toEqual({
        ...meeting,
        definition: { ...meeting.definition, name: { 'en-GB': 'Meeting (GB)' }, description: { 'en-GB': 'The first meeting (GB)' }, choices: [{ id: 'a', description: { 'en-US': 'A' } }, { id: 'b' }] },
      });
    });

    it('does the same for context activities', () => {
      expect((context.contextActivities as { category: unknown[] }).category).toEqual([
        { id: 'http://example.com/category', definition: { name: { 'en-GB': 'Category (GB)' }, description: { 'en-GB': 'A category (GB)' } } },
      ]);
      expect((object.context as { contextActivities: unknown }).contextActivities).toEqual({ parent: [{ id: 'http://example.com/meetings', definition: { name: { 'en-US': 'Meetings' } } }] });
    });

    it('returns Agents, Groups, attachments and extensions as stored', () => {
      for (const [actual, expected] of [
        [formatted.actor, stored.actor],
        [object.actor, team],
        [context.team, team],
        [context.contextGroups, (stored.context as Json).contextGroups],
        [formatted.authority, stored.authority],
        [formatted.attachments, stored.attachments],
        [formatted.result, stored.result],
      ]) {
        expect(actual).toEqual(expected);
      }
    });

    it('takes the first language of a map when none is preferred or matches', () => {
      expect(formatStatement(stored, 'canonical', []).verb).toEqual({ id: attended.id, display: { 'en-GB': 'attended' } });
      expect(formatStatement(stored, 'canonical', ['fr']).verb).toEqual({ id: attended.id, display: { 'en-GB': 'attended' } });
      expect(formatStatement(stored, 'canonical', ['de', 'en']).verb).toEqual({ id: attended.id, display: { 'de-DE': 'nahm teil' } });
    });

    it('uses the LRS’s canonical definition of an Activity when it has one', () => {
      const canonical = { name: { 'en-GB': 'Canonical meeting', 'de-DE': 'Kanonische Besprechung' }, type: 'http://adlnet.gov/expapi/activities/meeting' };
      const result = formatStatement(stored, 'canonical', ['de'], { canonicalDefinition: (id) => (id === meeting.id ? canonical : undefined) });
      expect(((result.object as Json).object as Json).definition).toEqual({ name: { 'de-DE': 'Kanonische Besprechung' }, type: canonical.type });
      expect((result.context as { contextActivities: { category: { definition: unknown }[] } }).contextActivities.category[0]?.definition).toEqual({
        name: { 'en-US': 'Category' },
        description: { 'en-US': 'A category' },
      });
    });
  });
});
