export type { XapiVersion } from '../../xapi/xapi-version.js';

/** Why a value was refused; stable names, each with a message in problem-messages.ts. */
export const PROBLEMS = [
  'required',
  'null',
  'wrong-type',
  'unknown-property',
  'not-in-version',
  'not-allowed',
  'empty',
  'iri',
  'mbox',
  'mbox-sha1sum',
  'openid',
  'one-identifier',
  'group-member',
  'language-tag',
  'timestamp',
  'duration',
  'uuid',
  'version',
  'object-type',
  'voiding',
  'nested-substatement',
  'context-not-allowed',
  'score-range',
  'interaction-type',
  'interaction-type-required',
  'interaction-component',
  'duplicate-id',
  'sha2',
  'content-type',
  'non-negative-integer',
  'authority',
] as const;

export type Problem = (typeof PROBLEMS)[number];

export interface ValidationFailure {
  ok: false;
  /** Dotted path of the offending value (`actor.mbox`, `0.context.contextActivities.parent.0.id`); '' is the value itself. */
  field: string;
  problem: Problem;
  /** What was expected, where the problem alone does not say (`string`, `Agent, Group`, `2.0`, …); problem-messages.ts reads it. */
  detail?: string;
}

export type ValidationResult = { ok: true } | ValidationFailure;

export const VALID: ValidationResult = Object.freeze({ ok: true as const });

export function failure(field: string, problem: Problem, detail?: string): ValidationFailure {
  return detail === undefined ? { ok: false, field, problem } : { ok: false, field, problem, detail };
}

export const pathOf = (parent: string, key: string | number): string => (parent === '' ? String(key) : `${parent}.${key}`);

export type JsonObject = Record<string, unknown>;

/**
 * A JSON object: what JSON.parse makes (or one without prototype). Arrays, class instances and
 * other exotic objects are not, so `Object.keys` and plain property reads see everything there is.
 */
export function isJsonObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** `null` and wrong types are told apart: the specification names null values as a refusal of their own. */
export function typeFailure(value: unknown, field: string, expected: string): ValidationFailure {
  return value === null ? failure(field, 'null') : failure(field, 'wrong-type', expected);
}
