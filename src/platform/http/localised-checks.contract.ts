import type { z } from 'zod';

// Shared with the web app through the contracts: zod only, nothing of Node.

/** A text in both languages of the UI. */
export interface BothLanguages {
  en: string;
  de: string;
}

/** What a refinement's issue carries so the error handler can word it in the request's language. */
export interface LocalisedIssueParams {
  /** A catalogued error code the refusal takes when it is the only problem (NAME_INVALID). */
  code?: string;
  message: BothLanguages;
}

const patternDescriptions = new Map<string, BothLanguages>();

/**
 * The arguments of `.regex(...describedPattern(pattern, allowed))`: the pattern with what it
 * allows in words. A refused value is told that (“must be a language tag such as de or en-GB”),
 * in the request's language, never the regular expression; the English words are the issue's
 * own message too (for a service that parses with the schema itself).
 */
export function describedPattern(pattern: RegExp, allowed: BothLanguages): [RegExp, string] {
  patternDescriptions.set(pattern.toString(), allowed);
  return [pattern, allowed.en];
}

/** What a pattern given to `describedPattern` allows, by the pattern as a zod issue names it (`/…/flags`). */
export function patternDescription(pattern: string): BothLanguages | undefined {
  return patternDescriptions.get(pattern);
}

/**
 * The options of a `.refine()` whose refusal is worded in both languages (the phrase follows the
 * field's name: “must …”, “muss …”).
 */
export function localisedRefinement(message: BothLanguages, path?: PropertyKey[]): { message: string; params: LocalisedIssueParams; path?: PropertyKey[] } {
  return { message: message.en, params: { message }, ...(path ? { path } : {}) };
}

/** The localised message of a custom issue, if its refinement gave one. */
export function localisedIssueMessage(issue: Pick<z.core.$ZodIssue, 'code'> & { params?: unknown }): BothLanguages | undefined {
  if (issue.code !== 'custom') return undefined;
  const message = (issue.params as Partial<LocalisedIssueParams> | undefined)?.message;
  return typeof message?.en === 'string' && typeof message.de === 'string' ? message : undefined;
}
