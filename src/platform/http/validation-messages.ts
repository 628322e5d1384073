import type { z } from 'zod';
import type { FieldError, FieldProblem } from './errors.js';
import { fieldLabels } from './field-labels.js';
import type { Language } from './language.js';
import { localisedIssueMessage, patternDescription, type BothLanguages } from './localised-checks.contract.js';

/** What people call each field of the API (by its name, wherever it appears), in both languages. */
export type FieldLabels = Readonly<Record<string, BothLanguages>>;

/** One problem found by a route's schema, as fastify-type-provider-zod hands it over. */
export interface SchemaIssue {
  /** The zod issue code (`too_small`, `invalid_type`, …). */
  keyword: string;
  /** The zod issue without path, code and message (`minimum`, `origin`, `format`, `pattern`, `values`, `keys`, `params`, …). */
  params?: Record<string, unknown>;
}

type Phrase = BothLanguages;

const both = (en: string, de: string): Phrase => ({ en, de });

const REQUIRED = both('is required', 'fehlt');
const NOT_ALLOWED = both('has a value that is not allowed here', 'hat einen Wert, der hier nicht erlaubt ist');

function typePhrase(expected: unknown, value: unknown): Phrase {
  if (value === undefined) return REQUIRED;
  switch (expected) {
    case 'string':
      return both('must be text', 'muss ein Text sein');
    case 'number':
    case 'bigint':
      return both('must be a number', 'muss eine Zahl sein');
    case 'int':
      return both('must be a whole number', 'muss eine ganze Zahl sein');
    case 'boolean':
      return both('must be true or false', 'muss true oder false sein');
    case 'array':
      return both('must be a list', 'muss eine Liste sein');
    case 'object':
      return both('must be a JSON object', 'muss ein JSON-Objekt sein');
    case 'date':
      return both('must be a date', 'muss ein Datum sein');
    default:
      return both('has the wrong type', 'hat den falschen Typ');
  }
}

function sizePhrase(kind: 'small' | 'big', params: Record<string, unknown>): Phrase {
  const origin = params.origin;
  const limit = Number(kind === 'small' ? params.minimum : params.maximum);
  const exact = params.exact === true;
  const inclusive = params.inclusive !== false;
  if (origin === 'string') {
    if (exact) return both(`must be exactly ${limit} characters long`, `muss genau ${limit} Zeichen lang sein`);
    if (kind === 'small') {
      return limit <= 1 ? both('must not be empty', 'darf nicht leer sein') : both(`must be at least ${limit} characters long`, `muss mindestens ${limit} Zeichen lang sein`);
    }
    return both(`may be at most ${limit} characters long`, `darf höchstens ${limit} Zeichen lang sein`);
  }
  if (origin === 'array' || origin === 'set') {
    if (exact) return both(`must have exactly ${limit} entries`, `muss genau ${limit} Einträge haben`);
    if (kind === 'small') {
      return limit <= 1 ? both('must have at least one entry', 'muss mindestens einen Eintrag haben') : both(`must have at least ${limit} entries`, `muss mindestens ${limit} Einträge haben`);
    }
    return both(`may have at most ${limit} entries`, `darf höchstens ${limit} Einträge haben`);
  }
  if (origin === 'file') {
    return kind === 'small' ? both(`must be at least ${limit} bytes`, `muss mindestens ${limit} Bytes groß sein`) : both(`may be at most ${limit} bytes`, `darf höchstens ${limit} Bytes groß sein`);
  }
  if (origin === 'date') {
    const day = new Date(limit).toISOString();
    return kind === 'small' ? both(`must not be before ${day}`, `darf nicht vor ${day} liegen`) : both(`must not be after ${day}`, `darf nicht nach ${day} liegen`);
  }
  if (kind === 'small') return inclusive ? both(`must be at least ${limit}`, `muss mindestens ${limit} sein`) : both(`must be greater than ${limit}`, `muss größer als ${limit} sein`);
  return inclusive ? both(`may be at most ${limit}`, `darf höchstens ${limit} sein`) : both(`must be less than ${limit}`, `muss kleiner als ${limit} sein`);
}

function formatPhrase(params: Record<string, unknown>): Phrase {
  switch (params.format) {
    case 'email':
      return both('must be an e-mail address such as name@example.com', 'muss eine E-Mail-Adresse sein, etwa name@example.com');
    case 'uuid':
    case 'guid':
      return both('must be an id of 32 hexadecimal digits in the form 8-4-4-4-12', 'muss eine ID aus 32 Hexadezimalziffern in der Form 8-4-4-4-12 sein');
    case 'datetime':
      return both('must be a date and time such as 2027-03-31T17:00:00Z', 'muss ein Zeitpunkt sein, etwa 2027-03-31T17:00:00Z');
    case 'date':
      return both('must be a date such as 2027-03-31', 'muss ein Datum sein, etwa 2027-03-31');
    case 'url':
      return both('must be a web address such as https://example.com', 'muss eine Webadresse sein, etwa https://example.com');
    case 'ipv4':
    case 'ipv6':
      return both('must be an IP address', 'muss eine IP-Adresse sein');
    case 'regex': {
      const described = typeof params.pattern === 'string' ? patternDescription(params.pattern) : undefined;
      return described ?? both('does not have the form this field takes', 'hat nicht die Form, die dieses Feld verlangt');
    }
    default:
      return both('does not have the form this field takes', 'hat nicht die Form, die dieses Feld verlangt');
  }
}

function valuesPhrase(values: unknown): Phrase {
  const list = Array.isArray(values) ? values.map((v) => String(v)) : [];
  if (list.length === 1) return both(`must be ${list[0]}`, `muss ${list[0]} sein`);
  if (list.length === 0) return NOT_ALLOWED;
  return both(`must be one of: ${list.join(', ')}`, `muss einer dieser Werte sein: ${list.join(', ')}`);
}

/** What is wrong with a value, as a phrase that follows the field's name (“must not be empty”). */
export function problemPhrase(issue: SchemaIssue, value: unknown): Phrase {
  const params = issue.params ?? {};
  switch (issue.keyword) {
    case 'invalid_type':
      return typePhrase(params.expected, value);
    case 'too_small':
      return value === undefined ? REQUIRED : sizePhrase('small', params);
    case 'too_big':
      return sizePhrase('big', params);
    case 'invalid_format':
      return formatPhrase(params);
    case 'invalid_value':
      return valuesPhrase(params.values);
    case 'not_multiple_of':
      return both(`must be a multiple of ${String(params.divisor)}`, `muss ein Vielfaches von ${String(params.divisor)} sein`);
    case 'invalid_key':
    case 'invalid_element':
      return both('contains an entry that is not allowed', 'enthält einen Eintrag, der nicht erlaubt ist');
    case 'unrecognized_keys':
      return both('is not a field of this request', 'ist kein Feld dieser Anfrage');
    case 'custom':
      return localisedIssueMessage({ code: 'custom', params: params.params }) ?? both('is not valid', 'ist ungültig');
    default:
      return NOT_ALLOWED;
  }
}

/** The name people know a field by: its label, with the entry's number inside a list (“Users (entry 3)”). */
export function fieldLabel(path: readonly string[], labels: FieldLabels, language: Language): string {
  const named = [...path].reverse().find((segment) => !/^\d+$/.test(segment));
  if (named === undefined) return language === 'de' ? 'Die Anfrage' : 'The request';
  const label = labels[named]?.[language] ?? (language === 'de' ? `„${named}“` : `"${named}"`);
  const last = path[path.length - 1];
  if (last !== named && last !== undefined) {
    const entry = Number(last) + 1;
    return language === 'de' ? `${label} (Eintrag ${entry})` : `${label} (entry ${entry})`;
  }
  return label;
}

/** The value at `path` in what the client sent (undefined when it sent none there). */
export function valueAt(input: unknown, path: readonly string[]): unknown {
  let at = input;
  for (const segment of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[segment];
  }
  return at;
}

/**
 * A schema issue as a field error for people: the field as the API names it (`email`,
 * `query.limit`) and a message in the request's language that names the field as people do and
 * says what is allowed (“E-Mail-Adresse: muss eine E-Mail-Adresse sein, etwa name@example.com”).
 */
export function describeIssue(
  issue: SchemaIssue,
  path: readonly string[],
  input: unknown,
  options: { prefix: string; labels: FieldLabels; language: Language },
): FieldError[] {
  const { prefix, labels, language } = options;
  if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params?.keys)) {
    const phrase = problemPhrase(issue, undefined)[language];
    return (issue.params.keys as unknown[]).map((key) => {
      const keyPath = [...path, String(key)];
      return { field: prefix + keyPath.join('.'), message: `${fieldLabel(keyPath, labels, language)}: ${phrase}` };
    });
  }
  const field = prefix + (path.length > 0 ? path.join('.') : '(root)');
  return [{ field, message: `${fieldLabel(path, labels, language)}: ${problemPhrase(issue, valueAt(input, path))[language]}` }];
}

/** A zod issue of a check the service runs itself (not a route's schema), as a field problem in both languages. */
export function zodIssueProblem(issue: z.core.$ZodIssue, input: unknown): FieldProblem {
  const { code, path: rawPath, message: _message, ...params } = issue;
  const path = rawPath.map(String);
  const schemaIssue: SchemaIssue = { keyword: code, params: params as Record<string, unknown> };
  const wording = (language: Language) => describeIssue(schemaIssue, path, input, { prefix: '', labels: fieldLabels(), language })[0]!;
  return { field: wording('en').field, message: { en: wording('en').message, de: wording('de').message } };
}
