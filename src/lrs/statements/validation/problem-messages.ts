import type { Problem, ValidationFailure } from './validation-result.js';

export type MessageLanguage = 'en' | 'de';

interface Phrase {
  en: string;
  de: string;
}

const both = (en: string, de: string): Phrase => ({ en, de });

/** What a refused value is called: the statement of a list by its index, any other field by its path. */
function subjectOf(field: string): Phrase {
  if (field === '') return both('The value', 'Der Wert');
  if (/^\d+$/.test(field)) return both(`Statement ${field}`, `Statement ${field}`);
  return both(`The field ${field}`, `Das Feld ${field}`);
}

const TYPES: Record<string, Phrase> = {
  string: both('text', 'ein Text'),
  number: both('a number', 'eine Zahl'),
  boolean: both('true or false', 'true oder false'),
  object: both('a JSON object', 'ein JSON-Objekt'),
  array: both('a list', 'eine Liste'),
  'object, array': both('a JSON object or a list', 'ein JSON-Objekt oder eine Liste'),
};

/** `Agent, Group` read as `Agent or Group` (`Agent oder Group`). */
function alternatives(list: string | undefined, or: string): string {
  const values = (list ?? '').split(', ');
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} ${or} ${values[values.length - 1]}`;
}

const IDENTIFIERS = 'mbox, mbox_sha1sum, openid, account';

/** The rest of the sentence after the subject, for each problem. */
const PREDICATES: Record<Problem, (detail: string | undefined) => Phrase> = {
  required: () => both('is required.', 'fehlt.'),
  null: () => both('must not be null.', 'darf nicht null sein.'),
  'wrong-type': (detail) => {
    const type = TYPES[detail ?? ''] ?? both('of another type', 'von einem anderen Typ');
    return both(`must be ${type.en}.`, `muss ${type.de} sein.`);
  },
  'unknown-property': () =>
    both('is not part of xAPI here (names are case-sensitive).', 'gibt es an dieser Stelle in xAPI nicht (Groß- und Kleinschreibung zählt).'),
  'not-in-version': () => both('exists only in xAPI 2.0; this request uses xAPI 1.0.x.', 'gibt es erst in xAPI 2.0; diese Anfrage verwendet xAPI 1.0.x.'),
  'not-allowed': (detail) =>
    detail === 'SubStatement' ? both('is not allowed in a SubStatement.', 'ist in einem SubStatement nicht erlaubt.') : both('is not allowed here.', 'ist hier nicht erlaubt.'),
  empty: () => both('must have at least one entry.', 'muss mindestens einen Eintrag haben.'),
  iri: () =>
    both('must be an absolute IRI with a scheme, such as https://example.com/page.', 'muss eine absolute IRI mit Schema sein, z. B. https://example.com/page.'),
  mbox: () =>
    both(
      'must be mailto: followed by one email address, such as mailto:name@example.com.',
      'muss aus mailto: und einer E-Mail-Adresse bestehen, z. B. mailto:name@example.com.',
    ),
  'mbox-sha1sum': () =>
    both('must be the SHA-1 hash of a mailto IRI, 40 hexadecimal digits.', 'muss der SHA-1-Hash einer mailto-IRI sein, 40 Hexadezimalziffern.'),
  openid: () => both('must be a URI with a scheme, such as https://openid.example.com/name.', 'muss eine URI mit Schema sein, z. B. https://openid.example.com/name.'),
  'one-identifier': (detail) =>
    detail === 'Group'
      ? both(`may have at most one of ${IDENTIFIERS}.`, `darf höchstens eines der Felder ${IDENTIFIERS} haben.`)
      : both(`must have exactly one of ${IDENTIFIERS}.`, `muss genau eines der Felder ${IDENTIFIERS} haben.`),
  'group-member': () =>
    both('must not be Group: the members of a Group are Agents.', 'darf nicht Group sein: Die Mitglieder einer Group sind Agents.'),
  'language-tag': () => both('must be a language tag (BCP 47), such as en-US or de.', 'muss ein Sprach-Tag nach BCP 47 sein, z. B. en-US oder de.'),
  timestamp: (detail) =>
    detail === '1.0'
      ? both('must be an ISO 8601 timestamp, such as 2024-05-04T12:00:00.000Z.', 'muss ein Zeitstempel nach ISO 8601 sein, z. B. 2024-05-04T12:00:00.000Z.')
      : both(
          'must be an RFC 3339 timestamp with time zone, such as 2024-05-04T12:00:00.000Z.',
          'muss ein Zeitstempel nach RFC 3339 mit Zeitzone sein, z. B. 2024-05-04T12:00:00.000Z.',
        ),
  duration: () => both('must be an ISO 8601 duration, such as PT1H30M or P2W.', 'muss eine Dauer nach ISO 8601 sein, z. B. PT1H30M oder P2W.'),
  uuid: () =>
    both('must be a UUID, such as 3c1e4f3a-5d6b-4c7e-8f90-a1b2c3d4e5f6.', 'muss eine UUID sein, z. B. 3c1e4f3a-5d6b-4c7e-8f90-a1b2c3d4e5f6.'),
  version: (detail) =>
    detail === '1.0' ? both('must be 1.0 or 1.0.x.', 'muss 1.0 oder 1.0.x sein.') : both('must be 1.0, 1.0.x, 2.0 or 2.0.x.', 'muss 1.0, 1.0.x, 2.0 oder 2.0.x sein.'),
  'object-type': (detail) => both(`must be ${alternatives(detail, 'or')}.`, `muss ${alternatives(detail, 'oder')} sein.`),
  voiding: () =>
    both(
      'must be a StatementRef: a statement with the verb voided names the statement it voids.',
      'muss ein StatementRef sein: Ein Statement mit dem Verb voided nennt das Statement, das es für ungültig erklärt.',
    ),
  'nested-substatement': () =>
    both('must not be SubStatement: a SubStatement cannot contain another one.', 'darf nicht SubStatement sein: Ein SubStatement kann kein weiteres enthalten.'),
  'context-not-allowed': () =>
    both('may only be used when the object of the statement is an Activity.', 'ist nur erlaubt, wenn das Objekt des Statements eine Activity ist.'),
  'score-range': (detail) => {
    if (detail === 'scaled') return both('must be between -1 and 1.', 'muss zwischen -1 und 1 liegen.');
    if (detail === 'min') return both('must be less than max.', 'muss kleiner als max sein.');
    return both('must lie between min and max.', 'muss zwischen min und max liegen.');
  },
  'interaction-type': (detail) => both(`must be one of: ${detail ?? ''}.`, `muss einer dieser Werte sein: ${detail ?? ''}.`),
  'interaction-type-required': () =>
    both(
      'is required when correctResponsesPattern or interaction components are given.',
      'fehlt; es ist nötig, sobald correctResponsesPattern oder Interaktionskomponenten angegeben sind.',
    ),
  'interaction-component': (detail) =>
    both(`is not allowed with the interactionType ${detail ?? ''}.`, `ist beim interactionType ${detail ?? ''} nicht erlaubt.`),
  'duplicate-id': () =>
    both('is already used by another entry of this list; ids must be unique.', 'wird schon von einem anderen Eintrag dieser Liste verwendet; ids müssen eindeutig sein.'),
  sha2: () =>
    both('must be a SHA-2 hash in hexadecimal digits (64 for SHA-256).', 'muss ein SHA-2-Hash aus Hexadezimalziffern sein (64 für SHA-256).'),
  'content-type': () =>
    both('must be an Internet media type, such as text/plain or image/png.', 'muss ein Internet-Medientyp sein, z. B. text/plain oder image/png.'),
  'non-negative-integer': () => both('must be a whole number, 0 or greater.', 'muss eine ganze Zahl ab 0 sein.'),
  authority: () =>
    both(
      'must be an Agent, or an anonymous Group of exactly two Agents (3-legged OAuth).',
      'muss ein Agent sein oder eine anonyme Group aus genau zwei Agents (3-legged OAuth).',
    ),
};

/** The sentence that tells a client why its value was refused, naming the field. */
export function messageOf(failure: ValidationFailure, language: MessageLanguage): string {
  return `${subjectOf(failure.field)[language]} ${PREDICATES[failure.problem](failure.detail)[language]}`;
}
