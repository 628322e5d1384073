import { z } from 'zod';
import type { LocalisedIssueParams } from '../http/localised-checks.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

/**
 * Bidirectional controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069): they reorder what
 * follows them, so a name could show as something else than it is (Trojan Source, CVE-2021-42574).
 */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Control characters (whitespace ones are collapsed before this is asked) and unpaired surrogates. */
const CONTROL = /[\p{Cc}\p{Cs}]/u;
/** What a reader can see: letters, digits, punctuation, symbols. Accents (Mn) count only on a base, format characters (Cf) and spaces (Zs) not at all. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
/** Characters that are in those classes and yet show nothing: default-ignorable fillers (U+115F, U+3164, U+FFA0, …) and the blank Braille pattern. */
const BLANK = /[\p{Default_Ignorable_Code_Point}\u2800]/gu;
/** Whitespace, and the zero-width spaces that stand in for it, around and between words. */
const SPACE_RUN = /[\s\u200B\u2060\u180E]+/gu;

/** The one form a name is stored in: NFC, blanks trimmed, every run of blanks one space. */
export function normaliseName(raw: string): string {
  return raw.normalize('NFC').replace(SPACE_RUN, ' ').trim();
}

export type NameProblem = 'empty' | 'bidi_control' | 'control';

/** Why a (normalised) name is refused, or null when it is fine. */
export function nameProblem(name: string): NameProblem | null {
  if (BIDI_CONTROL.test(name)) return 'bidi_control';
  if (CONTROL.test(name)) return 'control';
  if (!VISIBLE.test(name.replace(BLANK, ''))) return 'empty';
  return null;
}

export const NAME_PROBLEM_MESSAGES: Record<NameProblem, { en: string; de: string }> = {
  empty: { en: 'has no visible characters', de: 'enthält keine sichtbaren Zeichen' },
  bidi_control: { en: 'contains characters that change the writing direction', de: 'enthält Zeichen, die die Schreibrichtung ändern' },
  control: { en: 'contains control characters', de: 'enthält Steuerzeichen' },
};

/**
 * A name a person types and others read on one line: a user's first or last name, a group, a
 * course title, a site, an API token. Normalised (normaliseName); required (an empty or blank
 * one is a missing field); refused when it shows nothing (only format characters, fillers or
 * accents) or contains bidirectional or other control characters; at most `max` characters.
 * Refusals name the field and carry NAME_INVALID with a German and an English message.
 */
export function displayName(max: number) {
  return z.string().overwrite(normaliseName).min(1).superRefine(refuseUnreadable).max(max);
}

/**
 * The same rule for a name that may be left empty ('' after normalising: not set); `refused`
 * (from describedPattern) is checked on the name as typed, before blanks are collapsed.
 */
export function optionalDisplayName(max: number, refused?: [RegExp, string]) {
  return (refused ? z.string().regex(...refused) : z.string()).overwrite(normaliseName).superRefine(refuseUnreadable).max(max);
}

/** Something that shows nothing, or holds control characters, is a refused name (nothing at all is the caller's concern). */
function refuseUnreadable(name: string, ctx: z.core.$RefinementCtx<string>): void {
  const problem = name === '' ? null : nameProblem(name);
  if (!problem) return;
  const params: LocalisedIssueParams = { code: 'NAME_INVALID', message: NAME_PROBLEM_MESSAGES[problem] };
  ctx.addIssue({ code: 'custom', message: params.message.en, params });
}
