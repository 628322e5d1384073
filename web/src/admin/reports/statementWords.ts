import type { Language } from '../../shared/i18n/languages';
import type { TimelineStatement, TimelineTarget } from '../../../../src/learn/reports/reports.contract';
import { reportsMessages } from './reports.messages';

type Words = (typeof reportsMessages)['en']['timeline'];

/** `{{name}}` filled in. */
function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * The text of a language map for a reader of `language`: their language (`de`, `de-DE`, `de-AT`,
 * …), else English, else an undetermined one (`und`), else whichever the map has first.
 */
export function pickText(map: Record<string, string> | null, language: Language): string | null {
  if (!map) return null;
  const entries = Object.entries(map).filter(([, text]) => text.trim() !== '');
  const inLanguage = (wanted: string) => entries.find(([tag]) => tag.toLowerCase() === wanted || tag.toLowerCase().startsWith(`${wanted}-`))?.[1];
  return inLanguage(language) ?? inLanguage('en') ?? inLanguage('und') ?? entries[0]?.[1] ?? null;
}

/** What an IRI names when nothing says it in words: its last path segment (`…/verbs/experienced` -> `experienced`). */
export function lastSegment(iri: string): string {
  const segment = iri.replace(/[/#]+$/, '').split(/[/#:]/).at(-1);
  return segment ? decodeURIComponentSafely(segment) : iri;
}

function decodeURIComponentSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The verb in words: its display in the reader's language, else the last segment of its IRI. */
export function verbWords(verb: TimelineStatement['verb'], language: Language): string {
  return pickText(verb.display, language) ?? lastSegment(verb.id);
}

function targetWords(target: TimelineTarget, language: Language): string {
  const words = reportsMessages[language].timeline;
  switch (target.objectType) {
    case 'Agent':
      return fill(words.agent, { name: target.agentName ?? target.id ?? words.someone });
    case 'Group': {
      const name = target.agentName ?? target.id;
      if (name) return fill(words.group, { name });
      const count = target.members ?? 0;
      return fill(count === 1 ? words.groupMembers_one : words.groupMembers_other, { count });
    }
    case 'StatementRef':
      return fill(words.statementRef, { id: target.id ?? '?' });
    case 'SubStatement':
      return words.someone;
    case 'Activity':
      return pickText(target.name, language) ?? target.id ?? '?';
  }
}

/** What the statement is about, in words: an activity's name (else its IRI), a person or group, another statement, or a sub-statement's verb and object. */
export function objectWords(object: TimelineStatement['object'], language: Language): string {
  if (object.objectType === 'SubStatement' && object.sub) {
    return fill(reportsMessages[language].timeline.subStatement, { verb: verbWords(object.sub.verb, language), object: targetWords(object.sub.object, language) });
  }
  return targetWords(object, language);
}

const N = String.raw`(\d+(?:[.,]\d+)?)`;
/** PnYnMnWnDTnHnMnS, each part optional. */
const ISO_DURATION = new RegExp(`^P(?:${N}Y)?(?:${N}M)?(?:${N}W)?(?:${N}D)?(?:T(?:${N}H)?(?:${N}M)?(?:${N}S)?)?$`);
/** Seconds of each part above: a year counts 365 days, a month 30. */
const PART_SECONDS = [365 * 86_400, 30 * 86_400, 7 * 86_400, 86_400, 3600, 60, 1];

/** The seconds of an ISO 8601 duration (`PT1H2M5.5S` -> 3725.5); null when it is none. */
export function durationSeconds(duration: string): number | null {
  const text = duration.trim().toUpperCase();
  const match = ISO_DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return null;
  return PART_SECONDS.reduce((total, factor, index) => {
    const part = match[index + 1];
    return total + (part === undefined ? 0 : Number(part.replace(',', '.')) * factor);
  }, 0);
}

/** A duration as people say it: `2 h 5 min`, `12 min 30 s`, `4.5 s` (German `12 Min. 30 Sek.`, `4,5 Sek.`); the text as sent when it is no ISO 8601 duration. */
export function durationWords(duration: string, language: Language): string {
  const seconds = durationSeconds(duration);
  if (seconds === null) return duration;
  const words = reportsMessages[language].timeline;
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  if (Math.round(seconds * 10) < 600) return fill(words.seconds, { n: number.format(seconds) });
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(fill(words.hours, { n: hours }));
  if (minutes > 0) parts.push(fill(words.minutes, { n: minutes }));
  if (rest > 0 && hours === 0) parts.push(fill(words.seconds, { n: rest }));
  return parts.join(' ');
}

/** The result in words, each part on its own: score (percent, and points), passed or failed, completed or not, duration. */
export function resultWords(result: TimelineStatement['result'], language: Language): string[] {
  if (!result) return [];
  const words: Words = reportsMessages[language].timeline;
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const parts: string[] = [];
  const points =
    result.raw === null ? null : result.max !== null ? fill(words.points, { raw: number.format(result.raw), max: number.format(result.max) }) : fill(words.rawScore, { raw: number.format(result.raw) });
  if (result.scaled !== null) {
    const percent = `${new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(result.scaled * 100)} %`;
    parts.push(fill(words.score, { score: points ? `${percent} (${points})` : percent }));
  } else if (points) {
    parts.push(fill(words.score, { score: points }));
  }
  if (result.success !== null) parts.push(result.success ? words.passed : words.failed);
  if (result.completion !== null) parts.push(result.completion ? words.completed : words.notCompleted);
  if (result.duration !== null) parts.push(fill(words.duration, { duration: durationWords(result.duration, language) }));
  return parts;
}
