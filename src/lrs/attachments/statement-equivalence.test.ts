import { describe, expect, it } from 'vitest';
import { durationToHundredths, equivalentStatements } from './statement-equivalence.js';

const base = () => ({
  id: 'f1b6b6a0-5f7a-4b8e-9a43-1a2b3c4d5e6f',
  actor: { objectType: 'Agent', name: 'Ann', mbox: 'mailto:Ann.Smith@Example.com' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } as Record<string, string> },
  object: { objectType: 'Activity', id: 'http://example.com/course', definition: { name: { 'en-US': 'Course' } } },
  result: { completion: true, duration: 'P1DT12H36M0.12S', score: { scaled: 0.5 } },
  context: {
    registration: 'a1b6b6a0-5f7a-4b8e-9a43-1a2b3c4d5e6f',
    language: 'en-US',
    contextActivities: { parent: [{ id: 'http://example.com/program', definition: { name: { 'en-US': 'Program' } } }] },
    extensions: { 'http://example.com/ext': { b: 1, a: [1, 2] } },
  },
  timestamp: '2023-05-04T17:00:00.000Z',
});

type Statement = Record<string, unknown> & ReturnType<typeof base>;
const changed = (change: (statement: Statement) => void) => {
  const statement = base() as Statement;
  change(statement);
  return statement;
};

describe('equivalentStatements', () => {
  it('ignores what the LRS fills in or overwrites, and the attachments', () => {
    const { id: _id, timestamp: _timestamp, ...signed } = base();
    const received = changed((statement) => {
      statement.authority = { objectType: 'Agent', account: { homePage: 'http://lrs.example.com', name: 'key' } };
      statement.stored = '2024-01-01T00:00:00.000Z';
      statement.version = '1.0.0';
      statement.attachments = [{ usageType: 'http://adlnet.gov/expapi/attachments/signature', sha2: 'ab' }];
    });
    expect(equivalentStatements(signed, received)).toBe(true);
    expect(equivalentStatements(received, signed)).toBe(true);
  });

  it('compares id, timestamp and version when both statements have them', () => {
    expect(equivalentStatements(base(), changed((s) => (s.id = s.id.toUpperCase())))).toBe(true);
    expect(equivalentStatements(base(), changed((s) => (s.id = 'a0000000-0000-4000-8000-000000000000')))).toBe(false);
    expect(equivalentStatements(base(), changed((s) => (s.timestamp = '2023-05-04T12:00:00-05:00')))).toBe(true);
    expect(equivalentStatements(base(), changed((s) => (s.timestamp = '2023-05-04T17:00:01.000Z')))).toBe(false);
    expect(equivalentStatements(changed((s) => (s.version = '1.0.0')), changed((s) => (s.version = '1.0.3')))).toBe(false);
  });

  it('reads timestamps as the validator does, where Date.parse reads them otherwise or not at all', () => {
    // ISO 8601's basic format, which 1.0.x accepts: Date.parse cannot read it.
    expect(Number.isNaN(Date.parse('20230504T170000Z'))).toBe(true);
    expect(equivalentStatements(base(), changed((s) => (s.timestamp = '20230504T170000Z')))).toBe(true);
    expect(equivalentStatements(base(), changed((s) => (s.timestamp = '20230504T120000-0500')))).toBe(true);
    expect(equivalentStatements(base(), changed((s) => (s.timestamp = '20230504T170001Z')))).toBe(false);
    // A time without a zone is UTC to the LRS; Date.parse reads it in the server's local time zone.
    expect(equivalentStatements(base(), changed((s) => (s.timestamp = '2023-05-04T17:00:00')))).toBe(true);
    // A decimal comma, which ISO 8601 allows and Date.parse does not read.
    expect(equivalentStatements(changed((s) => (s.timestamp = '2023-05-04T17:00:00,5Z')), changed((s) => (s.timestamp = '2023-05-04T17:00:00.500Z')))).toBe(true);
  });

  it('ignores activity definitions, the verb display, property order and the order of group members', () => {
    const received = changed((s) => {
      s.verb.display = { 'de-DE': 'abgeschlossen' };
      s.object.definition = { name: { 'en-US': 'Renamed' } };
      s.context.contextActivities.parent[0]!.definition = { name: { 'en-US': 'Renamed' } };
      s.context.extensions = { 'http://example.com/ext': { a: [1, 2], b: 1 } };
    });
    expect(equivalentStatements(base(), received)).toBe(true);
    const team = (members: string[]) => changed((s) => (s.actor = { objectType: 'Group', member: members.map((mbox) => ({ mbox })) } as never));
    expect(equivalentStatements(team(['mailto:a@example.com', 'mailto:b@example.com']), team(['mailto:b@example.com', 'mailto:a@example.com']))).toBe(true);
    // The order of an extension's list is data.
    expect(equivalentStatements(base(), changed((s) => (s.context.extensions = { 'http://example.com/ext': { b: 1, a: [2, 1] } })))).toBe(false);
  });

  it('ignores case where it means nothing: the mbox domain, UUIDs, language tags', () => {
    const received = changed((s) => {
      s.actor.mbox = 'MAILTO:Ann.Smith@EXAMPLE.COM';
      s.context.registration = s.context.registration.toUpperCase();
      s.context.language = 'EN-us';
    });
    expect(equivalentStatements(base(), received)).toBe(true);
    expect(equivalentStatements(base(), changed((s) => (s.actor.mbox = 'mailto:ann.smith@example.com')))).toBe(false);
  });

  it('takes a single context activity as a list of one, and a missing objectType as the default', () => {
    const received = changed((s) => {
      s.context.contextActivities = { parent: { id: 'http://example.com/program' } as never };
      delete (s.object as Partial<typeof s.object>).objectType;
      delete (s.actor as Partial<typeof s.actor>).objectType;
    });
    expect(equivalentStatements(base(), received)).toBe(true);
  });

  it('compares durations to the hundredth of a second (the 2.0 suite sends 0.1237 S signed as 0.12 S)', () => {
    expect(equivalentStatements(base(), changed((s) => (s.result.duration = 'P1DT12H36M0.1237S')))).toBe(true);
    expect(equivalentStatements(base(), changed((s) => (s.result.duration = 'P1DT12H36M0.13S')))).toBe(false);
    expect(equivalentStatements(base(), changed((s) => (s.result.duration = 'PT36H36M0.12S')))).toBe(false);
  });

  it('counts every other difference', () => {
    expect(equivalentStatements(base(), changed((s) => (s.verb.id = 'http://adlnet.gov/expapi/verbs/attempted')))).toBe(false);
    expect(equivalentStatements(base(), changed((s) => (s.result.score.scaled = 0.51)))).toBe(false);
    expect(equivalentStatements(base(), changed((s) => (s.actor.name = 'Anne')))).toBe(false);
    expect(equivalentStatements(base(), changed((s) => delete (s as Partial<Statement>).result))).toBe(false);
    expect(equivalentStatements(base(), changed((s) => (s.object.id = 'http://example.com/other')))).toBe(false);
  });

  it('compares SubStatements by the same rules', () => {
    const sub = (display: string, duration: string) =>
      changed((s) => {
        s.object = { objectType: 'SubStatement', actor: s.actor, verb: { ...s.verb, display: { en: display } }, object: { id: 'http://example.com/x' }, result: { duration } } as never;
      });
    expect(equivalentStatements(sub('a', 'PT1.234S'), sub('b', 'PT1.23S'))).toBe(true);
    expect(equivalentStatements(sub('a', 'PT1.234S'), sub('a', 'PT1.24S'))).toBe(false);
  });
});

describe('durationToHundredths', () => {
  it('cuts the seconds after the hundredth and leaves everything else as written', () => {
    expect(durationToHundredths('P1DT12H36M0.12567S')).toBe('P1DT12H36M0.12S');
    expect(durationToHundredths('PT1,999S')).toBe('PT1,99S');
    expect(durationToHundredths('PT1.1S')).toBe('PT1.1S');
    expect(durationToHundredths('PT5S')).toBe('PT5S');
    expect(durationToHundredths('P1Y')).toBe('P1Y');
    expect(durationToHundredths(12)).toBe(12);
  });
});
