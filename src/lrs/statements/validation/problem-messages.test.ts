import { describe, expect, it } from 'vitest';
import { messageOf } from './problem-messages.js';
import { setAt, typicalStatement } from './statement-fixtures.test-support.js';
import { validateStatements } from './validate-statement.js';
import { failure, PROBLEMS, type ValidationFailure } from './validation-result.js';

/** The wording of validators that src/validation-wording-sweep.test.ts keeps out of the API's messages. */
const VALIDATOR_WORDING =
  /expected|received|invalid input|invalid (string|option|uuid|email|format|value|key|element)|too (small|big)|unrecognized|must match|zu (klein|groß)|ungültige (eingabe|option|zeichenkette)|erwartet|unbekannte? schlüssel|\/\^|>=|<=|\bNaN\b|\bundefined\b|\[object/i;

/** Each problem with the details validation gives it. */
const DETAILS: Record<string, (string | undefined)[]> = {
  'wrong-type': ['string', 'number', 'boolean', 'object', 'array', 'object, array'],
  'not-allowed': ['SubStatement', undefined],
  'one-identifier': ['Agent', 'Group', 'identified'],
  timestamp: ['1.0', '2.0'],
  version: ['1.0', '2.0'],
  'object-type': ['Agent, Group', 'Activity', 'Group', 'contextAgent', 'StatementRef', 'Activity, Agent, Group, StatementRef, SubStatement'],
  'score-range': ['scaled', 'raw', 'min'],
  'interaction-type': ['true-false, choice, fill-in, long-fill-in, matching, performance, sequencing, likert, numeric, other'],
  'interaction-component': ['likert'],
  'not-in-version': ['2.0'],
};
const samples: ValidationFailure[] = PROBLEMS.flatMap((problem) => (DETAILS[problem] ?? [undefined]).map((detail) => failure('context.contextActivities.parent.0.id', problem, detail)));

describe('messageOf', () => {
  it.each(samples.map((sample) => [`${sample.problem} ${sample.detail ?? ''}`, sample] as const))('%s: names the field in both languages, in words for people', (_name, sample) => {
    const en = messageOf(sample, 'en');
    const de = messageOf(sample, 'de');
    for (const message of [en, de]) {
      expect(message).toContain('context.contextActivities.parent.0.id');
      expect(message).toMatch(/\.$/);
      expect(message).not.toMatch(VALIDATOR_WORDING);
      expect(message).not.toContain('  ');
    }
    expect(en).toMatch(/^The field /);
    expect(de).toMatch(/^Das Feld /);
    expect(de).not.toMatch(/\b(must|may|is|the|of)\b/);
  });

  it.each<[ValidationFailure, string, string]>([
    [failure('actor.mbox', 'mbox'), 'The field actor.mbox must be mailto: followed by one email address, such as mailto:name@example.com.', 'Das Feld actor.mbox muss aus mailto: und einer E-Mail-Adresse bestehen, z. B. mailto:name@example.com.'],
    [failure('verb', 'required'), 'The field verb is required.', 'Das Feld verb fehlt.'],
    [failure('result.success', 'wrong-type', 'boolean'), 'The field result.success must be true or false.', 'Das Feld result.success muss true oder false sein.'],
    [failure('actor.objectType', 'object-type', 'Agent, Group'), 'The field actor.objectType must be Agent or Group.', 'Das Feld actor.objectType muss Agent oder Group sein.'],
    [failure('object.objectType', 'object-type', 'Activity, Agent, Group'), 'The field object.objectType must be Activity, Agent or Group.', 'Das Feld object.objectType muss Activity, Agent oder Group sein.'],
    [failure('', 'wrong-type', 'object, array'), 'The value must be a JSON object or a list.', 'Der Wert muss ein JSON-Objekt oder eine Liste sein.'],
    [failure('3', 'null'), 'Statement 3 must not be null.', 'Statement 3 darf nicht null sein.'],
    [failure('context.contextAgents', 'not-in-version', '2.0'), 'The field context.contextAgents exists only in xAPI 2.0; this request uses xAPI 1.0.x.', 'Das Feld context.contextAgents gibt es erst in xAPI 2.0; diese Anfrage verwendet xAPI 1.0.x.'],
    [failure('result.score.raw', 'score-range', 'raw'), 'The field result.score.raw must lie between min and max.', 'Das Feld result.score.raw muss zwischen min und max liegen.'],
  ])('%j', (sample, en, de) => {
    expect(messageOf(sample, 'en')).toBe(en);
    expect(messageOf(sample, 'de')).toBe(de);
  });

  it('words what validation finds', () => {
    const result = validateStatements([typicalStatement(), setAt(typicalStatement(), 'timestamp', '2024-05-04T12:00:00-00:00')], '2.0');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(messageOf(result, 'en')).toBe('The field 1.timestamp must be an RFC 3339 timestamp with time zone, such as 2024-05-04T12:00:00.000Z.');
    expect(messageOf(result, 'de')).toBe('Das Feld 1.timestamp muss ein Zeitstempel nach RFC 3339 mit Zeitzone sein, z. B. 2024-05-04T12:00:00.000Z.');
  });
});
