import { describe, expect, it } from 'vitest';
import type { TimelineStatement } from '../../../../src/learn/reports/reports.contract';
import { durationSeconds, durationWords, lastSegment, objectWords, pickText, resultWords, verbWords } from './statementWords';

type Target = TimelineStatement['object'];
const target = (fields: Partial<Target>): Target => ({ objectType: 'Activity', id: null, name: null, agentName: null, members: null, sub: null, ...fields });
const result = (fields: Partial<NonNullable<TimelineStatement['result']>>): TimelineStatement['result'] => ({
  scaled: null,
  raw: null,
  min: null,
  max: null,
  success: null,
  completion: null,
  duration: null,
  ...fields,
});

describe('a statement in words', () => {
  it('picks the reader’s language from a language map, then English, then any', () => {
    const map = { 'en-US': 'passed', 'de-DE': 'bestanden', fr: 'réussi' };
    expect(pickText(map, 'de')).toBe('bestanden');
    expect(pickText(map, 'en')).toBe('passed');
    expect(pickText({ 'en-GB': 'passed', fr: 'réussi' }, 'de')).toBe('passed');
    expect(pickText({ fr: 'réussi', es: 'aprobado' }, 'de')).toBe('réussi');
    expect(pickText({ DE: 'groß geschrieben' }, 'de')).toBe('groß geschrieben');
    expect(pickText({ de: ' ', fr: 'réussi' }, 'de')).toBe('réussi');
    expect(pickText({}, 'en')).toBeNull();
    expect(pickText(null, 'en')).toBeNull();
  });

  it('says the verb by its display, else by the last segment of its IRI', () => {
    expect(verbWords({ id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed', 'de-DE': 'bestanden' } }, 'de')).toBe('bestanden');
    expect(verbWords({ id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed', 'de-DE': 'bestanden' } }, 'en')).toBe('passed');
    expect(verbWords({ id: 'http://adlnet.gov/expapi/verbs/experienced', display: null }, 'de')).toBe('experienced');
    expect(verbWords({ id: 'https://w3id.org/xapi/adl/verbs/logged-in/', display: null }, 'en')).toBe('logged-in');
    expect(verbWords({ id: 'http://example.com/verbs#read%20aloud', display: null }, 'en')).toBe('read aloud');
    expect(lastSegment('urn:x-lectern:verb:paused')).toBe('paused');
  });

  it('names the object: an activity by its name or IRI, a person, a group, another statement, a sub-statement', () => {
    const slide = target({ id: 'http://example.com/slide1', name: { 'en-US': 'Fire exits', 'de-DE': 'Notausgänge' } });
    expect(objectWords(slide, 'de')).toBe('Notausgänge');
    expect(objectWords(slide, 'en')).toBe('Fire exits');
    expect(objectWords(target({ id: 'http://example.com/slide2' }), 'en')).toBe('http://example.com/slide2');
    expect(objectWords(target({ objectType: 'Agent', id: 'ann@example.com', agentName: 'Ann' }), 'de')).toBe('Person Ann');
    expect(objectWords(target({ objectType: 'Agent', id: 'ann@example.com' }), 'en')).toBe('person ann@example.com');
    expect(objectWords(target({ objectType: 'Group', agentName: 'Team Nord', members: 3 }), 'de')).toBe('Gruppe Team Nord');
    expect(objectWords(target({ objectType: 'Group', members: 3 }), 'en')).toBe('group of 3 members');
    expect(objectWords(target({ objectType: 'Group', members: 1 }), 'de')).toBe('Gruppe mit 1 Mitglied');
    expect(objectWords(target({ objectType: 'StatementRef', id: '9a1c0e0e-0000-4000-8000-000000000001' }), 'de')).toBe('Statement 9a1c0e0e-0000-4000-8000-000000000001');
    const sub = target({
      objectType: 'SubStatement',
      sub: { verb: { id: 'http://example.com/verbs/will-attend', display: { en: 'will attend', de: 'wird teilnehmen an' } }, object: target({ id: 'http://example.com/webinar', name: { en: 'Webinar' } }) },
    });
    expect(objectWords(sub, 'en')).toBe('“will attend Webinar”');
    expect(objectWords(sub, 'de')).toBe('„wird teilnehmen an Webinar“');
  });

  it('tells the result: score as percent and points, passed or failed, completion, duration', () => {
    expect(resultWords(result({ scaled: 0.8, raw: 8, min: 0, max: 10, success: true, completion: true, duration: 'PT12M30S' }), 'en')).toEqual([
      'Score 80 % (8 of 10 points)',
      'passed',
      'completed',
      'Duration 12 min 30 s',
    ]);
    expect(resultWords(result({ scaled: 0.855, success: false, completion: false, duration: 'PT1H2M5S' }), 'de')).toEqual(['Ergebnis 85,5 %', 'nicht bestanden', 'nicht abgeschlossen', 'Dauer 1 Std. 2 Min.']);
    expect(resultWords(result({ raw: 7.5, max: 12 }), 'de')).toEqual(['Ergebnis 7,5 von 12 Punkten']);
    expect(resultWords(result({ raw: 42 }), 'en')).toEqual(['Score 42 points']);
    expect(resultWords(result({ duration: 'PT4.5S' }), 'de')).toEqual(['Dauer 4,5 Sek.']);
    expect(resultWords(result({ duration: 'soon' }), 'en')).toEqual(['Duration soon']);
    expect(resultWords(result({}), 'en')).toEqual([]);
    expect(resultWords(null, 'en')).toEqual([]);
  });

  it('reads ISO 8601 durations, and refuses what is none', () => {
    expect(durationSeconds('PT1H2M5.5S')).toBe(3725.5);
    expect(durationSeconds('P1DT1S')).toBe(86_401);
    expect(durationSeconds('P1M')).toBe(30 * 86_400);
    expect(durationSeconds('PT1M')).toBe(60);
    expect(durationSeconds('PT0,5S')).toBe(0.5);
    for (const none of ['P', 'PT', '12:30', 'PT5X', '']) expect(durationSeconds(none), none).toBeNull();
    expect(durationWords('P1DT2H', 'en')).toBe('26 h');
    expect(durationWords('PT59.96S', 'en')).toBe('1 min');
    expect(durationWords('PT3600S', 'de')).toBe('1 Std.');
  });
});
